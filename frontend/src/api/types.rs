//! The API's types and paths, generated at build time from `openapi/openapi.json` (see `build.rs`).

/// A value that can stand in a query string.
pub trait QueryValue {
    fn query_value(&self) -> String;
}

impl QueryValue for String {
    fn query_value(&self) -> String {
        self.clone()
    }
}

impl QueryValue for bool {
    fn query_value(&self) -> String {
        self.to_string()
    }
}

impl QueryValue for i32 {
    fn query_value(&self) -> String {
        self.to_string()
    }
}

impl QueryValue for i64 {
    fn query_value(&self) -> String {
        self.to_string()
    }
}

/// `?a=b&c=d` with percent-encoded values; empty for no pairs.
pub fn encode_query(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> =
        pairs.iter().map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v)))).collect();
    format!("?{}", parts.join("&"))
}

// The whole contract is generated; the app uses only part of it (health checks, PATCH /me …).
#[allow(dead_code)]
mod generated {
    use super::{QueryValue, encode_query};
    include!(concat!(env!("OUT_DIR"), "/api_types.rs"));
}
pub use generated::*;
