//! The signed-in account: tokens in localStorage, the account in a signal every screen can read.

use crate::api::{self, AccountView, Role, TokenResponse};
use leptos::prelude::*;

const ACCESS: &str = "liuyan.access_token";
const REFRESH: &str = "liuyan.refresh_token";

pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load_tokens() -> Option<Tokens> {
    let s = storage()?;
    Some(Tokens { access: s.get_item(ACCESS).ok()??, refresh: s.get_item(REFRESH).ok()?? })
}

fn clear_tokens() {
    if let Some(s) = storage() {
        let _ = s.remove_item(ACCESS);
        let _ = s.remove_item(REFRESH);
    }
}

/// Who is signed in, shared by the whole app.
#[derive(Clone, Copy)]
pub struct Session {
    pub account: RwSignal<Option<AccountView>>,
    /// False until the stored tokens (if any) have been checked against `/me`.
    pub checked: RwSignal<bool>,
}

thread_local! {
    static SESSION: Session = Session { account: RwSignal::new(None), checked: RwSignal::new(false) };
}

pub fn session() -> Session {
    SESSION.with(|s| *s)
}

/// Keeps a fresh token pair (login, registration, refresh) and the account that came with it.
pub fn store_login(t: &TokenResponse) {
    if let Some(s) = storage() {
        let _ = s.set_item(ACCESS, &t.access_token);
        let _ = s.set_item(REFRESH, &t.refresh_token);
    }
    // Only a real change notifies: screens keyed on the account must not restart on a token refresh.
    let account = session().account;
    if account.with_untracked(|a| a.as_ref() != Some(&t.account)) {
        account.set(Some(t.account.clone()));
    }
}

/// Forgets the tokens and the account (the session could not be renewed, or the user logged out).
pub fn end_session() {
    clear_tokens();
    session().account.set(None);
}

/// Sends the user to the login page, coming back here afterwards.
pub fn go_to_login() {
    if let Some(loc) = web_sys::window().map(|w| w.location()) {
        let here = loc.pathname().unwrap_or_default();
        if here != "/login" {
            let next = String::from(js_sys::encode_uri_component(&here));
            let _ = loc.set_href(&format!("/login?next={next}"));
        }
    }
}

/// At start-up: if tokens are stored, load the account they belong to.
pub fn restore() {
    let s = session();
    if load_tokens().is_none() {
        s.checked.set(true);
        return;
    }
    leptos::task::spawn_local(async move {
        if let Ok(me) = api::me().await {
            s.account.set(Some(me));
        }
        s.checked.set(true);
    });
}

pub async fn logout() {
    if let Some(t) = load_tokens() {
        let _ = api::logout(t.refresh).await;
    }
    end_session();
}

/// A name the account logs in with: its username (staff), else its phone, e-mail or credit code.
pub fn login_name(a: &AccountView) -> String {
    a.username.clone().or(a.phone.clone()).or(a.email.clone()).or(a.uscc.clone()).unwrap_or_default()
}

pub fn role() -> Option<Role> {
    session().account.with(|a| a.as_ref().map(|a| a.role))
}

pub fn is_writer_role(r: Role) -> bool {
    matches!(r, Role::Citizen | Role::Enterprise)
}

pub fn is_staff_role(r: Role) -> bool {
    matches!(r, Role::UnitStaff | Role::LeaderOffice | Role::Moderator | Role::Admin)
}

/// Moderators' powers, which admins have too.
pub fn is_moderator_role(r: Role) -> bool {
    matches!(r, Role::Moderator | Role::Admin)
}
