//! Citizen sessions on shared devices. On a ward's tablet, each citizen's
//! unfinished work is a session: encrypted at rest under a key derived from a
//! PIN the citizen chooses, closed when the next citizen sits down, reopened
//! only with that PIN. The derivation and the cipher run in WebCrypto; the
//! rules — which PINs are acceptable, how wrong PINs are slowed down — are here.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// PBKDF2-HMAC-SHA-256 iterations for a session key (OWASP's 2023 figure for
/// PBKDF2-SHA256: a 6-digit PIN has only a million values, so each guess must cost).
pub const PBKDF2_ITERATIONS: u32 = 600_000;

/// A short PIN the citizen can remember: 4 to 6 digits, not trivially guessable.
pub fn check_pin(pin: &str) -> Result<(), Text> {
    let digits: Vec<u8> = pin.bytes().collect();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Text::new("Mã PIN chỉ gồm chữ số", "The PIN must be digits only"));
    }
    if !(4..=6).contains(&digits.len()) {
        return Err(Text::new("Mã PIN gồm từ 4 đến 6 chữ số", "The PIN must have 4 to 6 digits"));
    }
    let same = digits.iter().all(|d| *d == digits[0]);
    let up = digits.windows(2).all(|w| w[1] == w[0] + 1);
    let down = digits.windows(2).all(|w| w[0] == w[1] + 1);
    if same || up || down {
        return Err(Text::new(
            "Mã PIN này quá dễ đoán (như 1111 hay 1234). Hãy chọn mã khác.",
            "This PIN is too easy to guess (like 1111 or 1234). Choose another.",
        ));
    }
    Ok(())
}

/// Wrong-PIN bookkeeping: three tries free, then a lockout that doubles with
/// each further failure (30 s, 1 min, 2 min … capped at an hour).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempts {
    pub failures: u32,
    /// Unix ms before which no PIN may be tried.
    pub locked_until: i64,
}

pub const FREE_TRIES: u32 = 3;
pub const FIRST_LOCKOUT_MS: i64 = 30_000;
pub const MAX_LOCKOUT_MS: i64 = 60 * 60 * 1000;

impl Attempts {
    /// `Err(ms)`: how long until the next try is allowed.
    pub fn can_try(&self, now: i64) -> Result<(), i64> {
        if now < self.locked_until {
            Err(self.locked_until - now)
        } else {
            Ok(())
        }
    }

    pub fn failed(&mut self, now: i64) {
        self.failures += 1;
        if self.failures >= FREE_TRIES {
            let doublings = (self.failures - FREE_TRIES).min(20);
            let wait = FIRST_LOCKOUT_MS.saturating_mul(1 << doublings).min(MAX_LOCKOUT_MS);
            self.locked_until = now + wait;
        }
    }

    pub fn succeeded(&mut self) {
        *self = Attempts::default();
    }
}

/// "Thử lại sau 30 giây" / "Try again in 2 minutes".
pub fn wait_text(ms: i64) -> Text {
    let secs = (ms + 999) / 1000;
    if secs < 60 {
        Text::new(format!("Sai mã PIN quá nhiều lần. Thử lại sau {secs} giây."), format!("Too many wrong PINs. Try again in {secs} seconds."))
    } else {
        let mins = (secs + 59) / 60;
        Text::new(format!("Sai mã PIN quá nhiều lần. Thử lại sau {mins} phút."), format!("Too many wrong PINs. Try again in {mins} minutes."))
    }
}

/// Who the session is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    /// A citizen served on an operator's shared device.
    Citizen,
    /// The owner of this phone, who turned on a PIN lock.
    Personal,
}

/// A ciphertext with its AES-GCM nonce, both base64url.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub iv: String,
    pub ct: String,
}

/// A session as stored (nothing in it reveals the citizen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionRecord {
    pub id: String,
    pub kind: SessionKind,
    /// PBKDF2 salt, base64url (16 random bytes).
    pub salt: String,
    pub iterations: u32,
    /// A known text encrypted under the session key: a PIN is right when it decrypts.
    pub check: Sealed,
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<i64>,
    /// The operator who opened it (for the team dashboard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    #[serde(default)]
    pub attempts: Attempts,
}

/// The plaintext sealed in [`SessionRecord::check`].
pub const CHECK_TEXT: &str = "tokhai-session-v1";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins() {
        for ok in ["2580", "73914", "290876", "1357"] {
            assert!(check_pin(ok).is_ok(), "{ok}");
        }
        for bad in ["", "123", "1234567", "12a4", "1111", "1234", "98765", "００００"] {
            assert!(check_pin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn wrong_pins_are_slowed_down() {
        let mut a = Attempts::default();
        assert_eq!(a.can_try(0), Ok(()));
        a.failed(0);
        a.failed(0);
        assert_eq!(a.can_try(0), Ok(()), "two mistakes are free");
        a.failed(1_000);
        assert_eq!(a.can_try(1_000), Err(30_000));
        assert_eq!(a.can_try(31_000), Ok(()));
        a.failed(31_000);
        assert_eq!(a.can_try(31_000), Err(60_000), "doubles");
        for _ in 0..30 {
            a.failed(100_000);
        }
        assert_eq!(a.can_try(100_000), Err(MAX_LOCKOUT_MS), "capped");
        a.succeeded();
        assert_eq!(a, Attempts::default());
        assert_eq!(wait_text(30_000).vi, "Sai mã PIN quá nhiều lần. Thử lại sau 30 giây.");
        assert_eq!(wait_text(60_001).vi, "Sai mã PIN quá nhiều lần. Thử lại sau 2 phút.");
    }
}
