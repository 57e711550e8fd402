//! The signed-in account's own page (我的账号): who it is and what it logs in with, and a new password.
//! A password change ends every session of the account on the server, this one too; the app logs in
//! again with the new password by itself (`api::change_password`), or goes to the login page.

use super::register::TextField;
use crate::api::{self, PasswordChanged};
use crate::app::RequireRole;
use crate::auth::{self, session};
use crate::components::feedback::{FormErrorBox, Notice, field_problem, required};
use crate::i18n::{self, K, t};
use crate::util;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Account() -> impl IntoView {
    view! {
        <RequireRole allow=|_| true>
            <div class="form-page">
                <h1>{t(K::AccountTitle)}</h1>
                <AccountFacts />
                <ChangePassword />
            </div>
        </RequireRole>
    }
}

#[component]
fn AccountFacts() -> impl IntoView {
    let account = session().account;
    move || {
        account.get().map(|a| {
            let logins: Vec<String> =
                [a.username.clone(), a.phone.clone(), a.email.clone(), a.uscc.clone()].into_iter().flatten().collect();
            view! {
                <section data-testid="account-facts">
                    <dl class="facts">
                        <div class="fact">
                            <dt>{t(K::DisplayName)}</dt>
                            <dd data-testid="account-name">{a.display_name.clone()}</dd>
                        </div>
                        <div class="fact">
                            <dt>{t(K::RoleLabel)}</dt>
                            <dd>{t(i18n::role(a.role))}</dd>
                        </div>
                        <div class="fact">
                            <dt>{t(K::AccountLogins)}</dt>
                            <dd data-testid="account-logins">{logins.join(" · ")}</dd>
                        </div>
                        <div class="fact">
                            <dt>{t(K::CreatedAt)}</dt>
                            <dd>{util::date(&a.created_at)}</dd>
                        </div>
                    </dl>
                </section>
            }
        })
    }
}

#[component]
fn ChangePassword() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        done.set(false);
        let (now, new) = (current.get_untracked(), password.get_untracked());
        // What the form can tell by itself; the password policy is the server's.
        if now.is_empty() {
            error.set(Some(required("current_password")));
            return;
        }
        if new != confirm.get_untracked() {
            error.set(Some(field_problem("password_confirm", "mismatch", "does not match the new password")));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::change_password(now, new).await {
                Ok(PasswordChanged::SignedIn) => {
                    current.set(String::new());
                    password.set(String::new());
                    confirm.set(String::new());
                    done.set(true);
                }
                Ok(PasswordChanged::SignedOut) => {
                    auth::end_session();
                    auth::go_to_login();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="change-password-h">
            <h2 id="change-password-h">{t(K::ChangePasswordTitle)}</h2>
            <p class="muted">{t(K::ChangePasswordLead)}</p>
            <form class="form" on:submit=submit novalidate data-testid="change-password-form">
                <FormErrorBox error />
                <Notice show=done text=K::PasswordChanged />
                <TextField
                    field="current_password"
                    label=K::CurrentPassword
                    value=current
                    error
                    kind="password"
                    autocomplete="current-password"
                    required=true
                />
                <TextField
                    field="password"
                    label=K::NewPassword
                    value=password
                    error
                    kind="password"
                    autocomplete="new-password"
                    hint=K::PasswordHint
                    required=true
                />
                <TextField
                    field="password_confirm"
                    label=K::ConfirmPassword
                    value=confirm
                    error
                    kind="password"
                    autocomplete="new-password"
                    required=true
                />
                <button
                    type="submit"
                    class="btn btn-primary"
                    data-testid="change-password-submit"
                    disabled=move || busy.get()
                >
                    {move || if busy.get() { i18n::tr(K::Working) } else { i18n::tr(K::ChangePasswordButton) }}
                </button>
            </form>
        </section>
    }
}
