//! Log in with a phone, e-mail, credit code or staff username.

use crate::api::{self, LoginRequest, Role};
use crate::auth;
use crate::components::feedback::{FieldError, FormErrorBox, has_field_error};
use crate::i18n::{self, K, t};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Where an account goes after logging in, unless it came from somewhere.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Citizen | Role::Enterprise => "/me/messages",
        Role::Admin => "/admin/accounts",
        Role::UnitStaff | Role::LeaderOffice | Role::Moderator => "/inbox",
    }
}

/// Only same-site paths are followed after login.
pub fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && n != "/login")
}

#[component]
pub fn Login() -> impl IntoView {
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let query = use_query_map();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let req = LoginRequest { login: login.get_untracked().trim().to_string(), password: password.get_untracked() };
        let navigate = navigate.clone();
        let next = safe_next(query.get_untracked().get("next"));
        spawn_local(async move {
            match api::login(&req).await {
                Ok(tokens) => {
                    auth::store_login(&tokens);
                    let to = next.unwrap_or_else(|| home_of(tokens.account.role).to_string());
                    navigate(&to, NavigateOptions::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="panel narrow">
            <h1>{t(K::LoginTitle)}</h1>
            <form class="form" on:submit=submit novalidate data-testid="login-form">
                <FormErrorBox error />
                <div class="field">
                    <label for="login">{t(K::LoginField)}</label>
                    <input
                        id="login"
                        name="login"
                        data-testid="login"
                        autocomplete="username"
                        required
                        aria-invalid=move || has_field_error(error, "login")().to_string()
                        aria-describedby="login-error"
                        bind:value=login
                    />
                    <FieldError error field="login" />
                </div>
                <div class="field">
                    <label for="password">{t(K::Password)}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        data-testid="password"
                        autocomplete="current-password"
                        required
                        aria-invalid=move || has_field_error(error, "password")().to_string()
                        aria-describedby="password-error"
                        bind:value=password
                    />
                    <FieldError error field="password" />
                </div>
                <button type="submit" class="btn btn-primary" data-testid="login-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n::tr(K::Working) } else { i18n::tr(K::LoginButton) }}
                </button>
            </form>
            <p class="form-foot">
                {t(K::NoAccount)} " " <a href="/register" data-testid="to-register">{t(K::RegisterTitle)}</a>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_same_site_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/write".into())).as_deref(), Some("/write"));
        assert_eq!(safe_next(Some("//evil.example".into())), None);
        assert_eq!(safe_next(Some("https://evil.example".into())), None);
        assert_eq!(safe_next(Some("/login".into())), None);
    }
}
