//! P-256 public keys as JSON Web Keys (RFC 7517/7518) and their thumbprints
//! (RFC 7638).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{b64u_decode, b64u_encode, jcs, JoseError};

/// A P-256 public key: `{"kty":"EC","crv":"P-256","x":…,"y":…}` with the
/// affine coordinates as 32-byte big-endian BASE64URL strings. Exactly these
/// four members (a private `d` or WebCrypto's `ext`/`key_ops` are refused when
/// deserializing; use [`EcPublicJwk::from_jwk_value`] for an exported key).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EcPublicJwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub y: String,
}

impl EcPublicJwk {
    /// A key from its coordinates.
    pub fn from_coordinates(x: &[u8; 32], y: &[u8; 32]) -> EcPublicJwk {
        EcPublicJwk { kty: "EC".into(), crv: "P-256".into(), x: b64u_encode(x), y: b64u_encode(y) }
    }

    /// The public part of a JWK as WebCrypto's `exportKey("jwk")` returns it:
    /// `kty`, `crv`, `x`, `y` are taken, `ext`, `key_ops`, `alg`, `use`, `kid`
    /// ignored. A private key (with `d`) is refused, so it can never end up in
    /// a bundle by mistake.
    pub fn from_jwk_value(v: &Value) -> Result<EcPublicJwk, JoseError> {
        let obj = v.as_object().ok_or_else(|| JoseError::Jwk("not a JSON object".into()))?;
        if obj.contains_key("d") {
            return Err(JoseError::Jwk("this is a private key (it has \"d\")".into()));
        }
        let member = |name: &str| {
            obj.get(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| JoseError::Jwk(format!("member {name:?} is missing or not a string")))
        };
        let jwk = EcPublicJwk { kty: member("kty")?, crv: member("crv")?, x: member("x")?, y: member("y")? };
        jwk.coordinates()?;
        Ok(jwk)
    }

    /// The affine coordinates, checking `kty`, `crv` and the encoding of `x`
    /// and `y` (whether the point is on the curve is checked by the verifier).
    pub fn coordinates(&self) -> Result<([u8; 32], [u8; 32]), JoseError> {
        if self.kty != "EC" {
            return Err(JoseError::Jwk(format!("kty is {:?}, not \"EC\"", self.kty)));
        }
        if self.crv != "P-256" {
            return Err(JoseError::Jwk(format!("crv is {:?}, not \"P-256\"", self.crv)));
        }
        let coord = |name: &str, text: &str| -> Result<[u8; 32], JoseError> {
            let bytes = b64u_decode(text).map_err(|_| JoseError::Jwk(format!("{name} is not base64url")))?;
            bytes.try_into().map_err(|_| JoseError::Jwk(format!("{name} is not 32 bytes")))
        };
        Ok((coord("x", &self.x)?, coord("y", &self.y)?))
    }

    /// Checks the key's form (see [`EcPublicJwk::coordinates`]).
    pub fn validate(&self) -> Result<(), JoseError> {
        self.coordinates().map(|_| ())
    }

    /// RFC 7638 thumbprint: BASE64URL(SHA-256(`{"crv":…,"kty":…,"x":…,"y":…}`)),
    /// the required members in lexicographic order without whitespace (which
    /// is the JCS form). 43 characters.
    pub fn thumbprint(&self) -> String {
        let mut text = String::with_capacity(160);
        text.push('{');
        for (i, (name, value)) in
            [("crv", &self.crv), ("kty", &self.kty), ("x", &self.x), ("y", &self.y)].into_iter().enumerate()
        {
            if i > 0 {
                text.push(',');
            }
            jcs::write_string(name, &mut text);
            text.push(':');
            jcs::write_string(value, &mut text);
        }
        text.push('}');
        b64u_encode(&Sha256::digest(text.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rfc7517_a1() -> EcPublicJwk {
        EcPublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4".into(),
            y: "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM".into(),
        }
    }

    #[test]
    fn thumbprint_of_the_rfc_7517_key() {
        // SHA-256 of {"crv":"P-256","kty":"EC","x":"MKBC…","y":"4Etl…"}, computed independently.
        assert_eq!(rfc7517_a1().thumbprint(), "cn-I_WNMClehiVp51i_0VpOENW1upEerA8sEam5hn-s");
    }

    #[test]
    fn serde_is_exactly_four_members() {
        let k = rfc7517_a1();
        let v = serde_json::to_value(&k).unwrap();
        assert_eq!(v, json!({"kty": "EC", "crv": "P-256", "x": k.x, "y": k.y}));
        let mut extra = v.clone();
        extra["ext"] = json!(true);
        assert!(serde_json::from_value::<EcPublicJwk>(extra.clone()).is_err());
        assert_eq!(EcPublicJwk::from_jwk_value(&extra).unwrap(), k);
        extra["d"] = json!("jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI");
        assert!(matches!(EcPublicJwk::from_jwk_value(&extra), Err(JoseError::Jwk(_))));
    }

    #[test]
    fn coordinates_are_checked() {
        assert!(rfc7517_a1().validate().is_ok());
        let bad = [
            EcPublicJwk { kty: "RSA".into(), ..rfc7517_a1() },
            EcPublicJwk { crv: "P-384".into(), ..rfc7517_a1() },
            EcPublicJwk { x: "AAAA".into(), ..rfc7517_a1() },
            EcPublicJwk { y: format!("{}=", rfc7517_a1().y), ..rfc7517_a1() },
        ];
        for k in bad {
            assert!(k.validate().is_err(), "{k:?}");
        }
        let (x, y) = rfc7517_a1().coordinates().unwrap();
        assert_eq!(EcPublicJwk::from_coordinates(&x, &y), rfc7517_a1());
    }
}
