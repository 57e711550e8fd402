//! Lists of messages: one card per message, and a list that pages with the API's `next_cursor`.

use crate::api::{ApiError, MessagePage, MessageStatus, MessageSummary};
use crate::components::paged::Paged;
use crate::i18n::{self, K, t};
use crate::util;
use leptos::prelude::*;
use std::future::Future;

/// Whether a message still waits for its unit's answer (so its deadline matters).
fn waits_for_answer(s: MessageStatus) -> bool {
    matches!(
        s,
        MessageStatus::Accepted | MessageStatus::Assigned | MessageStatus::Reopened | MessageStatus::ReplyInReview
    )
}

#[component]
pub fn StatusBadge(status: MessageStatus) -> impl IntoView {
    view! {
        <span class=format!("badge status-{}", status.as_str()) data-testid="status">
            {t(i18n::status(status))}
        </span>
    }
}

#[component]
pub fn MessageCard(m: MessageSummary) -> impl IntoView {
    let href = format!("/messages/{}", m.id);
    let ty = i18n::message_type(m.message_type);
    let dom = i18n::domain(m.domain);
    view! {
        <li class="card message-card" data-testid="message-item">
            <div class="card-head">
                <a class="card-title" href=href>{m.title.clone()}</a>
                <StatusBadge status=m.status />
            </div>
            <p class="excerpt">{m.excerpt.clone()}</p>
            <div class="meta">
                <span class="tag">{t(ty)}</span>
                <span class="tag">{t(dom)}</span>
                <span>{m.region.name.clone()}</span>
                <a href=format!("/leaders/{}", m.leader.id)>{m.leader.name.clone()}</a>
                {m.unit.clone().map(|u| view! { <a href=format!("/units/{}", u.id)>{u.name}</a> })}
                {(!m.is_public).then(|| view! { <span class="tag tag-muted">{t(K::PrivateMessage)}</span> })}
                <time datetime=m.created_at.clone()>{util::date(&m.created_at)}</time>
                {m.due_at.clone().filter(|_| waits_for_answer(m.status)).map(|due| {
                    let left = util::seconds_until(&due).filter(|s| *s > 0 && !m.overdue);
                    view! {
                        <span class="due" data-testid="due">
                            {t(K::Deadline)} " " {util::datetime(&due)}
                        </span>
                        {left.map(|s| view! {
                            <span class="muted" data-testid="time-left">{move || i18n::time_left(s, i18n::locale().get())}</span>
                        })}
                    }
                })}
                {m.overdue.then(|| view! { <span class="badge overdue">{t(K::Overdue)}</span> })}
            </div>
        </li>
    }
}

/// A list of messages from any of the API's paged lists. `fetch(cursor)` loads one page; when it
/// reads signals (filters), a change reloads the list from its first page.
#[component]
pub fn PagedList<F, Fut>(fetch: F) -> impl IntoView
where
    F: Fn(Option<String>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<MessagePage, ApiError>> + 'static,
{
    view! {
        <Paged
            fetch
            item={|m, _| view! { <MessageCard m /> }}
            empty=K::NoMessages
            testid="messages"
            wrapper="message-list"
        />
    }
}
