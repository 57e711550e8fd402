//! Small form pieces shared by the administration screens.

use crate::api::ApiError;
use crate::components::feedback::{FieldError, FormError, has_field_error};
use crate::i18n::{K, t};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

/// A labelled input whose id (and test id) is `id`, with the API's errors for `field` under it.
#[component]
pub fn Input(
    id: &'static str,
    field: &'static str,
    label: K,
    value: RwSignal<String>,
    error: FormError,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<K>,
) -> impl IntoView {
    let described = format!("{id}-error {id}-hint");
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <input
                id=id
                type=kind
                data-testid=id
                aria-invalid=move || has_field_error(error, field)().to_string()
                aria-describedby=described
                bind:value=value
            />
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{t(h)}</p> })}
            <FieldError error field field_id=id.to_string() />
        </div>
    }
}

/// Runs one request for a form: marks it busy, clears and sets its error, and calls `ok` with the answer.
pub fn submit<T: 'static>(
    busy: RwSignal<bool>,
    error: FormError,
    request: impl Future<Output = Result<T, ApiError>> + 'static,
    ok: impl FnOnce(T) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    error.set(None);
    spawn_local(async move {
        match request.await {
            Ok(v) => ok(v),
            Err(e) => error.set(Some(e)),
        }
        busy.set(false);
    });
}
