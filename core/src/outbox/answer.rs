//! What an answer to `POST /api/bundles` means for a bundle.
//!
//! Only the portal may refuse a bundle for good, and it says so in its own
//! words: a `4xx` whose body is its `{code, message}` JSON. A `4xx` in any
//! other shape comes from something in between — a café's Wi-Fi login page, a
//! proxy, a misrouted request — and says nothing about the bundle, so it is
//! retried like a dropped connection. Wrongly giving up is far worse than one
//! more attempt: the bundle id makes every retry safe.

use super::{Outcome, Receipt};

/// Reads an HTTP answer (`status` 0: no answer at all).
pub fn classify(status: u16, body: &str) -> Outcome {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let text = |k: &str| json.as_ref().and_then(|j| j.get(k)).and_then(|v| v.as_str()).map(str::to_owned);
    match status {
        200 | 201 => match serde_json::from_str::<Receipt>(body).ok() {
            Some(r) => Outcome::Accepted(r),
            // A 2xx without a readable receipt: ask again (idempotent) rather than guess.
            None => Outcome::Transient { reason: format!("HTTP {status} without a receipt") },
        },
        0 => Outcome::Transient { reason: "network".into() },
        408 | 425 | 429 => Outcome::Transient { reason: format!("HTTP {status}") },
        // Too large for the portal, or for something in between: the same
        // bytes will never pass, so retrying would go on for ever.
        413 => Outcome::Rejected {
            code: text("code").unwrap_or_else(|| "too_large".into()),
            message: text("message").unwrap_or_else(|| "HTTP 413: the bundle is larger than the portal accepts".into()),
            message_vi: text("messageVi"),
        },
        400..=499 => match text("code") {
            Some(code) => Outcome::Rejected {
                code,
                message: text("message").unwrap_or_else(|| format!("HTTP {status}")),
                message_vi: text("messageVi"),
            },
            None => Outcome::Transient { reason: format!("HTTP {status}, not the portal's answer") },
        },
        _ => Outcome::Transient { reason: format!("HTTP {status}") },
    }
}

/// A queued bundle over the portal's published limit is not sent at all:
/// the portal would answer `413` to the same bytes every time. (A bundle
/// sealed here is never over it; one imported from a file, or queued before
/// the portal lowered its limit, may be.)
pub fn refuse_oversize(size: u64, limits: &crate::bundle::Limits) -> Option<Outcome> {
    (size > limits.max_bundle_bytes).then(|| {
        let text = crate::bundle::BundleError::TooLarge(String::new()).message();
        Outcome::Rejected {
            code: "too_large".into(),
            message: format!("the bundle is {size} bytes; the portal accepts at most {}", limits.max_bundle_bytes),
            message_vi: Some(text.vi),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_over_the_published_limit_is_refused_without_sending() {
        let limits = crate::bundle::Limits::published(Some(1_000_000));
        assert_eq!(refuse_oversize(1_000_000, &limits), None);
        match refuse_oversize(1_000_001, &limits) {
            Some(Outcome::Rejected { code, message, message_vi }) => {
                assert_eq!(code, "too_large");
                assert!(message.contains("1000001") && message.contains("1000000"), "{message}");
                assert!(message_vi.unwrap().contains("quá lớn"));
            }
            other => panic!("{other:?}"),
        }
    }

    const RECEIPT: &str = r#"{"bundleId":"7d0c1d3e-2f7a-4c39-9a53-7f0e8a1b2c3d","caseNumber":"01.00004-261122-0001","receivedAt":"2026-11-22T03:00:00Z","expectedResultDate":"2026-11-24","status":"received"}"#;

    #[test]
    fn a_receipt_is_acceptance_and_anything_else_in_a_2xx_is_asked_again() {
        match classify(201, RECEIPT) {
            Outcome::Accepted(r) => assert_eq!(r.case_number, "01.00004-261122-0001"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(classify(200, RECEIPT), Outcome::Accepted(_)));
        assert!(matches!(classify(200, "<html>ok</html>"), Outcome::Transient { .. }));
        assert!(matches!(classify(201, "{}"), Outcome::Transient { .. }));
    }

    #[test]
    fn a_413_is_final_whoever_sent_it() {
        let portal = r#"{"code":"too_large","message":"the bundle is 70000000 bytes; this portal accepts at most 67108864"}"#;
        assert!(matches!(classify(413, portal), Outcome::Rejected { ref code, .. } if code == "too_large"));
        // A proxy's own 413 page: the same bytes will never pass either.
        assert!(matches!(classify(413, "<html>413 Request Entity Too Large</html>"), Outcome::Rejected { ref code, .. } if code == "too_large"));
        assert!(matches!(classify(413, ""), Outcome::Rejected { .. }));
    }

    #[test]
    fn only_the_portal_refuses_for_good() {
        let body = r#"{"code":"unknown_procedure_version","message":"the form changed","messageVi":"Mẫu tờ khai đã thay đổi"}"#;
        assert_eq!(
            classify(422, body),
            Outcome::Rejected {
                code: "unknown_procedure_version".into(),
                message: "the form changed".into(),
                message_vi: Some("Mẫu tờ khai đã thay đổi".into()),
            }
        );
        assert_eq!(
            classify(400, r#"{"code":"bad_signature","message":"bad signature"}"#),
            Outcome::Rejected { code: "bad_signature".into(), message: "bad signature".into(), message_vi: None }
        );
        assert!(matches!(classify(409, r#"{"code":"conflict"}"#), Outcome::Rejected { ref code, .. } if code == "conflict"));
        // A captive portal's login page, a proxy's refusal: try again later.
        for status in [403, 404, 407, 400] {
            assert!(matches!(classify(status, "<html><body>Đăng nhập Wi-Fi</body></html>"), Outcome::Transient { .. }), "{status}");
            assert!(matches!(classify(status, r#"{"error":"forbidden"}"#), Outcome::Transient { .. }), "{status}");
        }
    }

    #[test]
    fn busy_or_silent_is_transient() {
        for status in [0, 408, 425, 429, 500, 502, 503, 504] {
            assert!(matches!(classify(status, r#"{"code":"unavailable","message":"x"}"#), Outcome::Transient { .. }), "{status}");
        }
    }
}
