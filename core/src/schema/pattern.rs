//! Regular expressions for the `pattern` keyword.
//!
//! JSON Schema patterns are ECMA-262 regular expressions, searched (not
//! anchored). The engine is injected: in the browser the app uses JavaScript's own
//! `RegExp` (with the `u` flag), which costs no download; natively
//! [`NativePatterns`] uses the `regress` crate, which implements the same dialect.

/// A regular expression could not be compiled by the engine.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid pattern: {0}")]
pub struct PatternError(pub String);

/// An ECMA-262 regular-expression engine.
pub trait PatternMatcher {
    /// Whether `pattern` (with the `u` flag) finds a match anywhere in `text`.
    fn is_match(&self, pattern: &str, text: &str) -> Result<bool, PatternError>;

    /// Checks that `pattern` compiles, so a broken catalog pattern is reported
    /// when the schema is compiled rather than when a citizen types.
    fn check(&self, pattern: &str) -> Result<(), PatternError> {
        self.is_match(pattern, "").map(|_| ())
    }
}

impl<T: PatternMatcher + ?Sized> PatternMatcher for &T {
    fn is_match(&self, pattern: &str, text: &str) -> Result<bool, PatternError> {
        (**self).is_match(pattern, text)
    }

    fn check(&self, pattern: &str) -> Result<(), PatternError> {
        (**self).check(pattern)
    }
}

/// A matcher with no engine: every pattern is refused. For tools and tests
/// that handle schemas known to have no `pattern` keyword.
pub struct NoPatterns;

impl PatternMatcher for NoPatterns {
    fn is_match(&self, _pattern: &str, _text: &str) -> Result<bool, PatternError> {
        Err(PatternError("no regular-expression engine is available here".into()))
    }
}

#[cfg(feature = "native")]
pub use native::NativePatterns;

#[cfg(feature = "native")]
mod native {
    use super::{PatternError, PatternMatcher};
    use std::collections::HashMap;
    use std::fmt;
    use std::sync::{Arc, Mutex};

    /// Compiled patterns are kept; a catalog has a bounded set of them, but the
    /// portal may see arbitrary schemas, so the cache is cleared when it grows past this.
    const CACHE_LIMIT: usize = 1024;

    type Compiled = Result<Arc<regress::Regex>, PatternError>;

    /// ECMA-262 patterns via `regress`, each compiled once and cached. Safe to
    /// share between threads.
    #[derive(Default)]
    pub struct NativePatterns {
        cache: Mutex<HashMap<String, Compiled>>,
    }

    impl NativePatterns {
        pub fn new() -> NativePatterns {
            NativePatterns::default()
        }

        fn compiled(&self, pattern: &str) -> Compiled {
            // A panic elsewhere while holding the lock leaves the cache usable.
            let mut cache = self
                .cache
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(found) = cache.get(pattern) {
                return found.clone();
            }
            let compiled = regress::Regex::with_flags(pattern, "u")
                .map(Arc::new)
                .map_err(|e| PatternError(e.to_string()));
            if cache.len() >= CACHE_LIMIT {
                cache.clear();
            }
            cache.insert(pattern.to_owned(), compiled.clone());
            compiled
        }
    }

    impl fmt::Debug for NativePatterns {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let cached = self.cache.lock().map(|c| c.len()).unwrap_or(0);
            f.debug_struct("NativePatterns")
                .field("cached", &cached)
                .finish()
        }
    }

    impl PatternMatcher for NativePatterns {
        fn is_match(&self, pattern: &str, text: &str) -> Result<bool, PatternError> {
            Ok(self.compiled(pattern)?.find(text).is_some())
        }

        fn check(&self, pattern: &str) -> Result<(), PatternError> {
            self.compiled(pattern).map(|_| ())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn searches_unanchored_with_ecma_semantics() {
            let p = NativePatterns::new();
            assert!(p.is_match("a+", "xxaxx").unwrap());
            assert!(!p.is_match("^a+$", "xxaxx").unwrap());
            assert!(p.is_match("^[0-9]{12}$", "001234567890").unwrap());
            assert!(!p.is_match("^[0-9]{12}$", "00123456789").unwrap());
            assert!(p.is_match("^\\p{Letter}+$", "Nguyễn").unwrap());
            // `$` does not match before a trailing newline in ECMA-262.
            assert!(!p.is_match("^abc$", "abc\n").unwrap());
            // `\d` is ASCII-only in ECMA-262.
            assert!(!p.is_match("^\\d$", "٣").unwrap());
        }

        #[test]
        fn broken_patterns_are_errors_not_panics() {
            let p = NativePatterns::new();
            assert!(p.check("(").is_err());
            assert!(p.is_match("[a-", "a").is_err());
            assert!(p.check("^[0-9]+$").is_ok());
        }

        #[test]
        fn is_shareable_between_threads() {
            fn assert_sync<T: Send + Sync>() {}
            assert_sync::<NativePatterns>();
        }
    }
}
