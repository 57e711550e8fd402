//! The account's in-app notifications (站内通知), newest first; open one to go to its message, mark one
//! or all read. The header shows the unread count.

use crate::api::{self, ApiError, EventKind, GetMeNotificationsQuery, NotificationView};
use crate::app::RequireRole;
use crate::components::feedback::{ErrorBox, Loading};
use crate::i18n::{self, K, t};
use crate::util;
use leptos::prelude::*;
use leptos::task::spawn_local;

thread_local! {
    /// Bumped whenever notifications may have changed here, so the header counts again.
    static CHANGED: RwSignal<u32> = RwSignal::new(0);
}

pub fn changed() -> RwSignal<u32> {
    CHANGED.with(|c| *c)
}

fn bump() {
    changed().update(|n| *n += 1);
}

#[component]
pub fn Notifications() -> impl IntoView {
    view! {
        <RequireRole allow=|_| true>
            <NotificationList />
        </RequireRole>
    }
}

#[component]
fn NotificationList() -> impl IntoView {
    let unread_only = RwSignal::new(false);
    let list = LocalResource::new(move || {
        let unread = unread_only.get().then_some(true);
        async move { api::notifications(GetMeNotificationsQuery { unread, limit: Some(50), ..Default::default() }).await }
    });
    let error = RwSignal::new(None::<ApiError>);
    let read_all = move |_| {
        spawn_local(async move {
            match api::read_all_notifications().await {
                Ok(_) => {
                    bump();
                    list.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="section-head">
            <h1>{t(K::NotificationsTitle)}</h1>
            <div class="buttons">
                <label class="choice" for="unread-only">
                    <input type="checkbox" id="unread-only" data-testid="unread-only" on:change=move |ev| unread_only.set(event_target_checked(&ev)) />
                    {t(K::UnreadOnly)}
                </label>
                <button type="button" class="btn btn-secondary" data-testid="read-all" on:click=read_all>{t(K::MarkAllRead)}</button>
            </div>
        </div>
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(p)) => view! {
                <p class="muted" data-testid="unread-summary">{move || i18n::tr(K::UnreadCount).replace("{}", &p.unread.to_string())}</p>
                {if p.items.is_empty() {
                    view! { <p class="empty" data-testid="empty">{t(K::NoNotifications)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards" data-testid="notifications">
                            {p.items.into_iter().map(|n| view! { <NotificationItem n on_change=move || list.refetch() /> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }}
            }
            .into_any(),
        }}
    }
}

#[component]
fn NotificationItem(n: NotificationView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let unread = n.read_at.is_none();
    let id = n.id;
    let error = RwSignal::new(None::<ApiError>);
    let mark = move |_| {
        spawn_local(async move {
            match api::read_notification(id).await {
                Ok(_) => {
                    bump();
                    on_change();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    // Opening the message counts as reading the notification.
    let open = move |_| {
        if unread {
            spawn_local(async move {
                let _ = api::read_notification(id).await;
                bump();
            });
        }
    };
    // The server's text is a plain fallback; the event it announces reads better in the user's words.
    let kind = EventKind::parse(&n.kind);
    let message_id = n.message_id;
    let fallback = n.text.clone();
    let text = move || match (kind, message_id) {
        (Some(k), Some(m)) => {
            format!("{} · {}", i18n::tr(i18n::event(k)), i18n::tr(K::MessageNumber).replace("{}", &m.to_string()))
        }
        (Some(k), None) => i18n::tr(i18n::event(k)).to_string(),
        _ => fallback.clone(),
    };
    view! {
        <li class="card notification" class:unread=unread data-testid="notification" data-unread=unread.to_string()>
            <div class="card-head">
                <p class="notification-text">
                    {unread.then(|| view! { <span class="badge unread-dot">{t(K::Unread)}</span> " " })}
                    {match n.message_id {
                        Some(m) => view! { <a href=format!("/messages/{m}") on:click=open>{text}</a> }.into_any(),
                        None => view! { <span>{text}</span> }.into_any(),
                    }}
                </p>
                {unread.then(|| view! {
                    <button type="button" class="btn btn-small" data-testid="mark-read" on:click=mark>{t(K::MarkRead)}</button>
                })}
            </div>
            <div class="meta">
                <time datetime=n.created_at.clone()>{util::datetime(&n.created_at)}</time>
            </div>
            {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        </li>
    }
}

/// The header's bell: a link to the notifications with the unread count, counted again on every page
/// change and whenever this tab marks some read.
#[component]
pub fn Bell() -> impl IntoView {
    let pathname = leptos_router::hooks::use_location().pathname;
    let count = LocalResource::new(move || {
        pathname.track();
        changed().track();
        async move {
            api::notifications(GetMeNotificationsQuery { unread: Some(true), limit: Some(1), ..Default::default() })
                .await
                .map(|p| p.unread)
                .unwrap_or(0)
        }
    });
    let n = move || count.get().unwrap_or(0);
    view! {
        <a
            class="bell"
            href="/notifications"
            data-testid="nav-notifications"
            aria-label=move || i18n::tr(K::NotificationsUnreadLabel).replace("{}", &n().to_string())
        >
            <span aria-hidden="true">{t(K::NotificationsShort)}</span>
            <span class="count" data-testid="unread-count" hidden=move || n() == 0 aria-hidden="true">{n}</span>
        </a>
    }
}
