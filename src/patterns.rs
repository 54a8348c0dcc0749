//! The `pattern` keyword in the browser: JavaScript's own `RegExp` with the `u`
//! flag, which is what ECMA-262 (and so JSON Schema) means by a pattern, and
//! costs no wasm bytes. Compiled expressions are cached per pattern.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Function, Reflect, RegExp};
use tokhai_core::schema::{PatternError, PatternMatcher};
use wasm_bindgen::{JsCast, JsValue};

#[derive(Default)]
pub struct JsPatterns {
    cache: RefCell<HashMap<String, RegExp>>,
}

impl JsPatterns {
    fn compile(&self, pattern: &str) -> Result<RegExp, PatternError> {
        if let Some(re) = self.cache.borrow().get(pattern) {
            return Ok(re.clone());
        }
        // `new RegExp(p, "u")` throws a SyntaxError for a bad pattern; go through
        // Reflect.construct so the exception becomes an error, not a crash.
        let ctor: Function = Reflect::get(&js_sys::global(), &JsValue::from_str("RegExp"))
            .ok()
            .and_then(|c| c.dyn_into().ok())
            .ok_or_else(|| PatternError("RegExp is unavailable".into()))?;
        let args = Array::of2(&JsValue::from_str(pattern), &JsValue::from_str("u"));
        let re: RegExp = Reflect::construct(&ctor, &args)
            .map_err(|e| PatternError(e.dyn_ref::<js_sys::Error>().map(|e| e.message().into()).unwrap_or_default()))?
            .unchecked_into();
        self.cache.borrow_mut().insert(pattern.to_owned(), re.clone());
        Ok(re)
    }
}

impl PatternMatcher for JsPatterns {
    fn is_match(&self, pattern: &str, text: &str) -> Result<bool, PatternError> {
        Ok(self.compile(pattern)?.test(text))
    }

    fn check(&self, pattern: &str) -> Result<(), PatternError> {
        self.compile(pattern).map(|_| ())
    }
}

thread_local! {
    static PATTERNS: &'static JsPatterns = Box::leak(Box::default());
}

/// The page's pattern matcher (the browser is single-threaded; it lives for the page).
pub fn patterns() -> &'static JsPatterns {
    PATTERNS.with(|p| *p)
}
