//! The writer's own messages, with their status (and, once the API has them, deadlines).

use super::browse::{FilterBar, Filters};
use crate::api::{self, GetMeMessagesQuery};
use crate::app::RequireRole;
use crate::auth::is_writer_role;
use crate::components::message_list::PagedList;
use crate::i18n::{K, t};
use leptos::prelude::*;

#[component]
pub fn MyMessages() -> impl IntoView {
    view! {
        <RequireRole allow=is_writer_role>
            <MyMessageList />
        </RequireRole>
    }
}

#[component]
fn MyMessageList() -> impl IntoView {
    let f = Filters::new();
    let fetch = move |cursor: Option<String>| {
        api::my_messages(GetMeMessagesQuery {
            status: f.status(),
            r#type: f.message_type(),
            domain: f.domain(),
            cursor,
            ..Default::default()
        })
    };
    view! {
        <div class="section-head">
            <h1>{t(K::MineTitle)}</h1>
            <a class="btn btn-primary" href="/write" data-testid="mine-write">{t(K::NavWrite)}</a>
        </div>
        <FilterBar filters=f with_region=false />
        <PagedList fetch />
    }
}
