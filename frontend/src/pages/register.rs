//! Self-registration: a citizen by phone or e-mail, an enterprise by name and credit code.

use super::login::home_of;
use crate::api::{self, RegisterRequest, Role, SelfServiceRole};
use crate::auth;
use crate::components::feedback::{FieldError, FormError, FormErrorBox, has_field_error};
use crate::i18n::{self, K, t};
use crate::util::non_empty;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

/// A labelled text input with the API's errors for `field` under it. Test id: `field`.
#[component]
pub fn TextField(
    field: &'static str,
    label: K,
    value: RwSignal<String>,
    error: FormError,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<K>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<&'static str>,
) -> impl IntoView {
    let described = if hint.is_some() { format!("{field}-error {field}-hint") } else { format!("{field}-error") };
    view! {
        <div class="field">
            <label for=field>{t(label)}</label>
            <input
                id=field
                name=field
                type=kind
                data-testid=field
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                aria-invalid=move || has_field_error(error, field)().to_string()
                aria-describedby=described
                bind:value=value
            />
            {hint.map(|h| view! { <p class="hint" id=format!("{field}-hint")>{t(h)}</p> })}
            <FieldError error field />
        </div>
    }
}

#[component]
pub fn Register() -> impl IntoView {
    let role = RwSignal::new(Role::Citizen);
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let enterprise_name = RwSignal::new(String::new());
    let uscc = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let enterprise = role.get_untracked() == Role::Enterprise;
        let req = RegisterRequest {
            role: SelfServiceRole::parse(role.get_untracked().as_str()).unwrap_or(SelfServiceRole::Citizen),
            password: password.get_untracked(),
            phone: non_empty(phone.get_untracked()),
            email: non_empty(email.get_untracked()),
            display_name: non_empty(display_name.get_untracked()),
            enterprise_name: if enterprise { Some(enterprise_name.get_untracked().trim().to_string()) } else { None },
            uscc: if enterprise { Some(uscc.get_untracked().trim().to_uppercase()) } else { None },
        };
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::register(&req).await {
                Ok(tokens) => {
                    auth::store_login(&tokens);
                    navigate(home_of(tokens.account.role), NavigateOptions::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let role_radio = move |r: Role, id: &'static str| {
        view! {
            <label class="choice" for=id>
                <input
                    type="radio"
                    id=id
                    name="role"
                    data-testid=id
                    value=r.as_str()
                    prop:checked=move || role.get() == r
                    on:change=move |_| role.set(r)
                />
                {t(i18n::role(r))}
            </label>
        }
    };
    view! {
        <div class="panel narrow">
            <h1>{t(K::RegisterTitle)}</h1>
            <form class="form" on:submit=submit novalidate data-testid="register-form">
                <FormErrorBox error />
                <fieldset class="choices">
                    <legend>{t(K::RegisterAs)}</legend>
                    {role_radio(Role::Citizen, "role-citizen")}
                    {role_radio(Role::Enterprise, "role-enterprise")}
                </fieldset>
                <Show when=move || role.get() == Role::Enterprise>
                    <TextField field="enterprise_name" label=K::EnterpriseName value=enterprise_name error required=true />
                    <TextField field="uscc" label=K::Uscc value=uscc error required=true maxlength="18" />
                </Show>
                <TextField field="phone" label=K::Phone value=phone error kind="tel" autocomplete="tel" hint=K::PhoneOrEmailHint />
                <TextField field="email" label=K::Email value=email error kind="email" autocomplete="email" />
                <Show when=move || role.get() == Role::Citizen>
                    <TextField field="display_name" label=K::DisplayNameOptional value=display_name error />
                </Show>
                <TextField
                    field="password"
                    label=K::Password
                    value=password
                    error
                    kind="password"
                    autocomplete="new-password"
                    hint=K::PasswordHint
                    required=true
                />
                <button type="submit" class="btn btn-primary" data-testid="register-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n::tr(K::Working) } else { i18n::tr(K::RegisterButton) }}
                </button>
            </form>
            <p class="form-foot">
                {t(K::HaveAccount)} " " <a href="/login">{t(K::LoginTitle)}</a>
            </p>
        </div>
    }
}
