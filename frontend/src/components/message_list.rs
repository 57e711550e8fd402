//! Lists of messages: one card per message, and a list that pages with the API's `next_cursor`.

use crate::api::{ApiError, MessagePage, MessageStatus, MessageSummary};
use crate::components::feedback::{ErrorBox, Loading};
use crate::i18n::{self, K, t};
use crate::util;
use leptos::prelude::*;
use leptos::task::spawn_local;
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
    let busy = RwSignal::new(false);
    let first_fetch = fetch.clone();
    let first = LocalResource::new(move || {
        let fut = first_fetch(None);
        busy.set(true);
        async move {
            let r = fut.await;
            busy.set(false);
            r
        }
    });
    let more = RwSignal::new(Vec::<MessageSummary>::new());
    let next = RwSignal::new(None::<String>);
    let more_error = RwSignal::new(None::<ApiError>);
    let loading_more = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(p)) = first.get() {
            more.set(Vec::new());
            more_error.set(None);
            next.set(p.next_cursor.clone());
        }
    });
    let load_more = move |_| {
        let Some(cursor) = next.get_untracked() else { return };
        loading_more.set(true);
        let fut = fetch(Some(cursor));
        spawn_local(async move {
            match fut.await {
                Ok(p) => {
                    more.update(|m| m.extend(p.items));
                    next.set(p.next_cursor);
                }
                Err(e) => more_error.set(Some(e)),
            }
            loading_more.set(false);
        });
    };

    view! {
        <div class="message-list" class:stale=move || busy.get() aria-busy=move || busy.get().to_string()>
            {move || match first.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => {
                    view! { <p class="empty" data-testid="empty">{t(K::NoMessages)}</p> }.into_any()
                }
                Some(Ok(p)) => {
                    view! {
                        <ul class="cards">
                            {p.items.into_iter().map(|m| view! { <MessageCard m /> }).collect_view()}
                            {move || more.get().into_iter().map(|m| view! { <MessageCard m /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            {move || more_error.get().map(|e| view! { <ErrorBox error=e /> })}
            <button
                type="button"
                class="btn btn-secondary load-more"
                data-testid="load-more"
                hidden=move || next.get().is_none()
                disabled=move || loading_more.get()
                on:click=load_more
            >
                {move || if loading_more.get() { i18n::tr(K::Loading) } else { i18n::tr(K::LoadMore) }}
            </button>
        </div>
    }
}
