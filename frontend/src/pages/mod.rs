//! One module per screen.

pub mod account;
pub mod admin;
pub mod admin_reference;
pub mod admin_routing;
pub mod admin_sla;
pub mod admin_topics;
pub mod admin_webhooks;
pub mod browse;
pub mod campaigns;
pub mod cases;
pub mod detail;
pub mod home;
pub mod inbox;
pub mod joint;
pub mod leader;
pub mod login;
pub mod mine;
pub mod notifications;
pub mod register;
pub mod stats;
pub mod supervision;
pub mod topics;
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
