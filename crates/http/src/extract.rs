//! Request extractors that answer in problem+json: JSON bodies with per-field errors, query strings,
//! paths, cursors.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, error::PayloadError, web};
use base64::Engine;
use liuyan_domain::text::{self, TextKind};
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::dto::ONE_LINE_FIELDS;
use crate::error::{ApiError, FieldError};

/// The largest JSON body accepted (a message body is at most 5,000 characters).
pub const MAX_JSON_BYTES: usize = 256 * 1024;

/// A JSON body: read within the size limit and the body deadline, every string in it put through the
/// text rule (`liuyan_domain::text`, so no NUL or control reaches the database), deserialized with the
/// path of any wrong field, and then validated.
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + Validate + 'static> FromRequest for ValidJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json_type = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| {
                let mime = ct.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
                mime == "application/json" || mime.ends_with("+json")
            })
            .unwrap_or(false);
        let body_required = matches!(*req.method(), actix_web::http::Method::PATCH | actix_web::http::Method::PUT);
        let mut payload = payload.take();
        Box::pin(async move {
            let bytes = read_body(&mut payload, MAX_JSON_BYTES).await?;
            // A step with nothing to say (accept, approve) may send no body at all: it reads as `{}`.
            // A change (PATCH, PUT) says what changes; without a body it is a mistake, not a no-op.
            let bytes = if bytes.is_empty() && !body_required {
                web::Bytes::from_static(b"{}")
            } else if bytes.is_empty() {
                return Err(ApiError::bad_request("missing_body", "this needs a JSON body saying what to change"));
            } else if json_type {
                bytes
            } else {
                return Err(ApiError::Status(
                    actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the body as application/json".into(),
                ));
            };
            let mut value: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|e| ApiError::bad_request("malformed_json", format!("the body is not valid JSON: {e}")))?;
            let mut problems = vec![];
            clean_strings(&mut value, &mut String::new(), TextKind::Multiline, &mut problems);
            if !problems.is_empty() {
                return Err(ApiError::Validation(problems));
            }
            let value: T = serde_path_to_error::deserialize(value).map_err(|e| {
                let field = e.path().to_string();
                let inner = e.into_inner();
                ApiError::BadRequest {
                    code: "invalid_body",
                    detail: format!("the body does not match the expected shape: {inner}"),
                    errors: vec![FieldError::new(
                        if field == "." { "body".into() } else { field },
                        "type",
                        inner.to_string(),
                    )],
                }
            })?;
            value.validate()?;
            Ok(ValidJson(value))
        })
    }
}

/// Reads a whole body of at most `limit` bytes: 413 beyond it, 408 when the body deadline passes.
async fn read_body(payload: &mut Payload, limit: usize) -> Result<web::Bytes, ApiError> {
    use futures::StreamExt;
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| match e {
            PayloadError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                ApiError::RequestTimeout(io.to_string())
            }
            PayloadError::Overflow => too_large(limit),
            other => ApiError::bad_request("invalid_body", format!("the body could not be read: {other}")),
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn too_large(limit: usize) -> ApiError {
    ApiError::Status(
        actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("the body is larger than {limit} bytes"),
    )
}

/// Puts every string of a JSON document through the text rule, in place, collecting one field error
/// per string that breaks it: one line for the fields of [`ONE_LINE_FIELDS`] (and their items), line
/// breaks and tabs allowed elsewhere. Numbers written with a zero fraction (`1.0`) become integers, as
/// JSON Schema counts them.
fn clean_strings(value: &mut serde_json::Value, path: &mut String, kind: TextKind, problems: &mut Vec<FieldError>) {
    use serde_json::Value;
    match value {
        Value::String(s) => match text::clean(s, kind) {
            Ok(clean) => {
                if clean != s.as_str() {
                    *s = clean.into_owned();
                }
            }
            Err(p) => problems.push(FieldError::new(path.clone(), p.code(), p.message())),
        },
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0)
            {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                clean_strings(item, path, kind, problems);
                path.truncate(len);
            }
        }
        Value::Object(fields) => {
            for (name, item) in fields.iter_mut() {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(name);
                let kind = if ONE_LINE_FIELDS.contains(&name.as_str()) { TextKind::Line } else { TextKind::Multiline };
                clean_strings(item, path, kind, problems);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Query-string and path errors in problem+json.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|err, _| ApiError::bad_request("invalid_query", format!("bad query parameters: {err}")).into())
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err, _| ApiError::bad_request("invalid_path", format!("bad path parameter: {err}")).into())
}

/// Opaque keyset cursor: the id to continue after.
pub fn encode_cursor(after: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("c1:{after}"))
}

pub fn decode_cursor(cursor: Option<&str>) -> Result<Option<i64>, ApiError> {
    let Some(cursor) = cursor else {
        return Ok(None);
    };
    let bad = || ApiError::BadRequest {
        code: "invalid_cursor",
        detail: "the cursor is not one this API gave out".into(),
        errors: vec![FieldError::new("cursor", "format", "unknown cursor")],
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    text.strip_prefix("c1:").and_then(|n| n.parse::<i64>().ok()).filter(|n| *n > 0).map(Some).ok_or_else(bad)
}

/// A page size from the query, 1..=100, default 20.
pub fn page_limit(limit: Option<u64>) -> Result<u64, ApiError> {
    match limit {
        None => Ok(20),
        Some(n @ 1..=100) => Ok(n),
        Some(_) => Err(ApiError::field("limit", "range", "must be between 1 and 100")),
    }
}

/// A `region` filter must name a region: an unknown code is a field error, not an empty answer.
pub async fn known_region(db: &liuyan_persistence::Db, code: &str) -> Result<(), ApiError> {
    match liuyan_persistence::reference::get_region(&db.read, code).await {
        Ok(_) => Ok(()),
        Err(liuyan_persistence::StoreError::NotFound(_)) => {
            Err(ApiError::field("region", "unknown", "no region has this code"))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        assert_eq!(decode_cursor(Some(&encode_cursor(42))).unwrap(), Some(42));
        assert!(decode_cursor(Some("nope")).is_err());
        assert!(decode_cursor(Some(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("c1:-5"))).is_err());
        assert_eq!(decode_cursor(None).unwrap(), None);
    }
}
