//! One module per screen.

pub mod admin;
pub mod browse;
pub mod detail;
pub mod home;
pub mod inbox;
pub mod leader;
pub mod login;
pub mod mine;
pub mod register;
pub mod unit;
pub mod write;

use crate::i18n::{K, t};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="panel narrow" data-testid="not-found">
            <h1>{t(K::NotFoundPage)}</h1>
            <a class="btn btn-primary" href="/">{t(K::BackHome)}</a>
        </div>
    }
}
