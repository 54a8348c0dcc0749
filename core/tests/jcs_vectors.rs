//! RFC 8785 conformance: the JCS test vectors of cyberphone/json-canonicalization
//! (`../shared/testdata/jcs/`, relative to the repository root), and its ES6
//! number serialization test file, regenerated locally and checked against
//! the published SHA-256 of its first lines.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};
use tokhai_core::jose::jcs::{canonical_bytes, number_to_string};

fn vectors() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/testdata/jcs");
    dir.join("input").is_dir().then_some(dir)
}

#[test]
fn every_vector_canonicalizes_to_its_output() {
    let Some(dir) = vectors() else {
        eprintln!("SKIPPED: no JCS test vectors at ../shared/testdata/jcs (relative to the repository root)");
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(dir.join("input")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut failures = Vec::new();
    for input in &files {
        let name = input.file_name().unwrap();
        let expected = std::fs::read(dir.join("output").join(name)).unwrap();
        // The outhex/ copy must agree with output/ (guards against a damaged checkout).
        let hex_name = Path::new(name).with_extension("txt");
        if let Ok(hex) = std::fs::read_to_string(dir.join("outhex").join(hex_name)) {
            let from_hex: Vec<u8> = hex.split_whitespace().map(|h| u8::from_str_radix(h, 16).unwrap()).collect();
            assert_eq!(from_hex, expected, "{name:?}: outhex and output differ");
        }
        let value: Value = serde_json::from_slice(&std::fs::read(input).unwrap()).unwrap();
        let got = canonical_bytes(&value).unwrap();
        if got != expected {
            failures.push(format!(
                "{name:?}:\n  got      {}\n  expected {}",
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&expected)
            ));
        }
    }
    println!("JCS vectors: {} run, {} failed", files.len(), failures.len());
    assert!(!files.is_empty(), "no vectors in {}", dir.display());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The IEEE-754 values of `es6testfile100m.txt` in order (the README's
/// `numgen` algorithm): 168 static values, 2000 subnormal neighbours of the
/// smallest normal, then doubles taken from a SHA-256 chain (skipping ±0,
/// NaN and infinities).
struct NumGen {
    idx: usize,
    block: [u8; 32],
    pending: Vec<f64>,
}

const STATIC: [u64; 168] = [
    0x0000000000000000,
    0x8000000000000000,
    0x0000000000000001,
    0x8000000000000001,
    0xc46696695dbd1cc3,
    0xc43211ede4974a35,
    0xc3fce97ca0f21056,
    0xc3c7213080c1a6ac,
    0xc39280f39a348556,
    0xc35d9b1f5d20d557,
    0xc327af4c4a80aaac,
    0xc2f2f2a36ecd5556,
    0xc2be51057e155558,
    0xc28840d131aaaaac,
    0xc253670dc1555557,
    0xc21f0b4935555557,
    0xc1e8d5d42aaaaaac,
    0xc1b3de4355555556,
    0xc17fca0555555556,
    0xc1496e6aaaaaaaab,
    0xc114585555555555,
    0xc0e046aaaaaaaaab,
    0xc0aa0aaaaaaaaaaa,
    0xc074d55555555555,
    0xc040aaaaaaaaaaab,
    0xc00aaaaaaaaaaaab,
    0xbfd5555555555555,
    0xbfa1111111111111,
    0xbf6b4e81b4e81b4f,
    0xbf35d867c3ece2a5,
    0xbf0179ec9cbd821e,
    0xbecbf647612f3696,
    0xbe965e9f80f29212,
    0xbe61e54c672874db,
    0xbe2ca213d840baf8,
    0xbdf6e80fe033c8c6,
    0xbdc2533fe68fd3d2,
    0xbd8d51ffd74c861c,
    0xbd5774ccac3d3817,
    0xbd22c3d6f030f9ac,
    0xbcee0624b3818f79,
    0xbcb804ea293472c7,
    0xbc833721ba905bd3,
    0xbc4ebe9c5db3c61e,
    0xbc18987d17c304e5,
    0xbbe3ad30dfcf371d,
    0xbbaf7b816618582f,
    0xbb792f9ab81379bf,
    0xbb442615600f9499,
    0xbb101e77800c76e1,
    0xbad9ca58cce0be35,
    0xbaa4a1e0a3e6fe90,
    0xba708180831f320d,
    0xba3a68cd9e985016,
    0x446696695dbd1cc3,
    0x443211ede4974a35,
    0x43fce97ca0f21056,
    0x43c7213080c1a6ac,
    0x439280f39a348556,
    0x435d9b1f5d20d557,
    0x4327af4c4a80aaac,
    0x42f2f2a36ecd5556,
    0x42be51057e155558,
    0x428840d131aaaaac,
    0x4253670dc1555557,
    0x421f0b4935555557,
    0x41e8d5d42aaaaaac,
    0x41b3de4355555556,
    0x417fca0555555556,
    0x41496e6aaaaaaaab,
    0x4114585555555555,
    0x40e046aaaaaaaaab,
    0x40aa0aaaaaaaaaaa,
    0x4074d55555555555,
    0x4040aaaaaaaaaaab,
    0x400aaaaaaaaaaaab,
    0x3fd5555555555555,
    0x3fa1111111111111,
    0x3f6b4e81b4e81b4f,
    0x3f35d867c3ece2a5,
    0x3f0179ec9cbd821e,
    0x3ecbf647612f3696,
    0x3e965e9f80f29212,
    0x3e61e54c672874db,
    0x3e2ca213d840baf8,
    0x3df6e80fe033c8c6,
    0x3dc2533fe68fd3d2,
    0x3d8d51ffd74c861c,
    0x3d5774ccac3d3817,
    0x3d22c3d6f030f9ac,
    0x3cee0624b3818f79,
    0x3cb804ea293472c7,
    0x3c833721ba905bd3,
    0x3c4ebe9c5db3c61e,
    0x3c18987d17c304e5,
    0x3be3ad30dfcf371d,
    0x3baf7b816618582f,
    0x3b792f9ab81379bf,
    0x3b442615600f9499,
    0x3b101e77800c76e1,
    0x3ad9ca58cce0be35,
    0x3aa4a1e0a3e6fe90,
    0x3a708180831f320d,
    0x3a3a68cd9e985016,
    0x4024000000000000,
    0x4014000000000000,
    0x3fe0000000000000,
    0x3fa999999999999a,
    0x3f747ae147ae147b,
    0x3f40624dd2f1a9fc,
    0x3f0a36e2eb1c432d,
    0x3ed4f8b588e368f1,
    0x3ea0c6f7a0b5ed8d,
    0x3e6ad7f29abcaf48,
    0x3e35798ee2308c3a,
    0x3ed539223589fa95,
    0x3ed4ff26cd5a7781,
    0x3ed4f95a762283ff,
    0x3ed4f8c60703520c,
    0x3ed4f8b72f19cd0d,
    0x3ed4f8b5b31c0c8d,
    0x3ed4f8b58d1c461a,
    0x3ed4f8b5894f7f0e,
    0x3ed4f8b588ee37f3,
    0x3ed4f8b588e47da4,
    0x3ed4f8b588e3849c,
    0x3ed4f8b588e36bb5,
    0x3ed4f8b588e36937,
    0x3ed4f8b588e368f8,
    0x3ed4f8b588e368f1,
    0x3ff0000000000000,
    0xbff0000000000000,
    0xbfeffffffffffffa,
    0xbfeffffffffffffb,
    0x3feffffffffffffa,
    0x3feffffffffffffb,
    0x3feffffffffffffc,
    0x3feffffffffffffe,
    0xbfefffffffffffff,
    0xbfefffffffffffff,
    0x3fefffffffffffff,
    0x3fefffffffffffff,
    0x3fd3333333333332,
    0x3fd3333333333333,
    0x3fd3333333333334,
    0x0010000000000000,
    0x000ffffffffffffd,
    0x000fffffffffffff,
    0x7fefffffffffffff,
    0xffefffffffffffff,
    0x4340000000000000,
    0xc340000000000000,
    0x4430000000000000,
    0x44b52d02c7e14af5,
    0x44b52d02c7e14af6,
    0x44b52d02c7e14af7,
    0x444b1ae4d6e2ef4e,
    0x444b1ae4d6e2ef4f,
    0x444b1ae4d6e2ef50,
    0x3eb0c6f7a0b5ed8c,
    0x3eb0c6f7a0b5ed8d,
    0x41b3de4355555553,
    0x41b3de4355555554,
    0x41b3de4355555555,
    0x41b3de4355555556,
    0x41b3de4355555557,
    0xbecbf647612f3696,
    0x43143ff3c1cb0959,
];

impl NumGen {
    fn new() -> NumGen {
        NumGen { idx: 0, block: [0; 32], pending: Vec::new() }
    }
}

impl Iterator for NumGen {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        let i = self.idx;
        self.idx += 1;
        if i < STATIC.len() {
            return Some(STATIC[i]);
        }
        if i < STATIC.len() + 2000 {
            return Some(0x0010000000000000 + (i - STATIC.len()) as u64);
        }
        loop {
            if self.pending.is_empty() {
                self.block = Sha256::digest(self.block).into();
                // Float64Array over the digest: little-endian doubles, taken front to back.
                self.pending = self.block.chunks(8).rev().map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect();
            }
            let f = self.pending.pop().unwrap();
            if f != 0.0 && f.is_finite() {
                return Some(f.to_bits());
            }
        }
    }
}

/// The first lines of `es6testfile100m.txt` (`hex-ieee,expected\n`), hashed
/// and compared with the SHA-256 published in the test data's README. Every
/// line that differs would change the hash, so this checks a million numbers
/// (static edge cases, subnormals, pseudo-random doubles) against ECMAScript.
#[test]
fn es6_number_serialization_matches_the_published_test_file() {
    let published = [
        (1000, "be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc712221570f9f40a5878687"),
        (10000, "b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892"),
        (100000, "22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7"),
        (1000000, "49415fee2c56c77864931bd3624faad425c3c577d6d74e89a83bc725506dad16"),
    ];
    let mut hasher = Sha256::new();
    let mut lines = 0;
    let mut gen = NumGen::new();
    for (count, want) in published {
        while lines < count {
            let bits = gen.next().unwrap();
            let text = number_to_string(f64::from_bits(bits)).unwrap();
            hasher.update(format!("{bits:x},{text}\n").as_bytes());
            lines += 1;
        }
        let got: String = hasher.clone().finalize().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(got, want, "SHA-256 of the first {count} lines");
    }
    println!("ES6 numbers: {lines} serialized, matching the published SHA-256");
}
