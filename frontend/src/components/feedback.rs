//! Loading indicators, problem messages and the inline errors under form fields.

use crate::api::ApiError;
use crate::i18n::{self, K, t};
use leptos::prelude::*;

/// The error of a form's last submission, shared by the form and its fields.
pub type FormError = RwSignal<Option<ApiError>>;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite" data-testid="loading">
            <span class="spinner" aria-hidden="true"></span>
            {t(K::Loading)}
        </div>
    }
}

/// A problem from the API: a headline in the user's language from its `code` (with the wait of a 429),
/// and the server's `detail`. Validation problems and 429s say only the headline: a validation
/// problem's details stand under the fields, a 429's detail only repeats the wait in English.
#[component]
pub fn ErrorBox(error: ApiError) -> impl IntoView {
    let detail = (!i18n::headline_says_all(&error) && !error.detail().is_empty()).then(|| error.detail());
    let headline = move || i18n::problem_text(&error, i18n::locale().get());
    view! {
        <div class="error-box" role="alert" data-testid="error">
            <strong>{headline}</strong>
            {detail.map(|d| view! { <span class="error-detail">{d}</span> })}
        </div>
    }
}

/// The form's error, when there is one.
#[component]
pub fn FormErrorBox(error: FormError) -> impl IntoView {
    move || error.get().map(|e| view! { <ErrorBox error=e /> })
}

/// The API's messages for one field (`errors[].field`), under that field. Its id is
/// `{field_id}-error`, for the input's `aria-describedby`.
#[component]
pub fn FieldError(error: FormError, field: &'static str, #[prop(optional)] field_id: Option<String>) -> impl IntoView {
    let id = format!("{}-error", field_id.unwrap_or_else(|| field.to_string()));
    let messages = move || {
        let l = i18n::locale().get();
        error
            .get()
            .map(|e| {
                e.field_errors()
                    .into_iter()
                    .filter(|f| f.field == field)
                    .map(|f| i18n::field_message(&f.field, &f.code, &f.message, l))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <p class="field-error" id=id data-testid=format!("error-{field}") aria-live="polite">
            {move || messages().join("；")}
        </p>
    }
}

/// True when the form's error names this field (for `aria-invalid`).
pub fn has_field_error(error: FormError, field: &'static str) -> impl Fn() -> bool + Copy {
    move || error.with(|e| e.as_ref().is_some_and(|e| e.field_errors().iter().any(|f| f.field == field)))
}

/// A short success line.
#[component]
pub fn Notice(show: RwSignal<bool>, text: K) -> impl IntoView {
    view! {
        <Show when=move || show.get()>
            <p class="notice" role="status" data-testid="notice">{t(text)}</p>
        </Show>
    }
}

/// A "must not be blank" problem for a field the form checks itself before sending.
pub fn required(field: &str) -> ApiError {
    field_problem(field, "required", "must not be blank")
}

/// A validation problem for one field that the form finds itself, shaped as the API's.
pub fn field_problem(field: &str, code: &str, message: &str) -> ApiError {
    ApiError::Problem(crate::api::Problem {
        code: "validation_failed".into(),
        status: 422,
        errors: Some(vec![crate::api::FieldError { field: field.into(), code: code.into(), message: message.into() }]),
        ..Default::default()
    })
}
