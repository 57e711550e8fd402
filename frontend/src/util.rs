//! Small browser helpers.

/// An RFC 3339 time as local `YYYY-MM-DD HH:MM`.
pub fn datetime(iso: &str) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if d.get_time().is_nan() {
        return iso.to_string();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// An RFC 3339 time as a local date, `YYYY-MM-DD`.
pub fn date(iso: &str) -> String {
    datetime(iso).chars().take(10).collect()
}

/// A fresh key for `Idempotency-Key`: the same form submission retried sends the same key.
pub fn new_idempotency_key() -> String {
    let now = js_sys::Date::now() as u64;
    let a = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let b = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("web-{now:x}-{a:08x}{b:08x}")
}

pub fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    if t.is_empty() { None } else { Some(t.to_string()) }
}

/// A `datetime-local` input's value (`2026-12-01T17:00`, the browser's time zone) as RFC 3339 UTC;
/// `None` when empty or not a time.
pub fn local_to_iso(value: &str) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(v));
    if d.get_time().is_nan() { None } else { Some(String::from(d.to_iso_string())) }
}

/// Whole seconds from now until an RFC 3339 time (negative once past).
pub fn seconds_until(iso: &str) -> Option<i64> {
    let t = js_sys::Date::parse(iso);
    if t.is_nan() { None } else { Some(((t - js_sys::Date::now()) / 1000.0) as i64) }
}

/// An RFC 3339 time as a `datetime-local` input's value in the browser's time zone (`2026-12-01T17:00`).
pub fn iso_to_local(iso: &str) -> String {
    datetime(iso).replacen(' ', "T", 1)
}
