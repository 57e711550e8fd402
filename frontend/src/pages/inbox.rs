//! The staff's inbox: the messages their role handles, by status. Moderators get three queues:
//! screening (submitted), routing (accepted messages no routing rule matched, waiting to be assigned)
//! and reply review (reply in review); a leader's office gets its routing queue; unit staff can answer
//! several messages with one joint reply.

use super::browse::{FilterBar, Filters};
use crate::api::{self, GetInboxQuery, MessageStatus, Role};
use crate::app::RequireRole;
use crate::auth::{is_staff_role, role, session};
use crate::components::message_list::PagedList;
use crate::i18n::{self, K, t};
use leptos::prelude::*;

#[component]
pub fn Inbox() -> impl IntoView {
    view! {
        <RequireRole allow=is_staff_role>
            <InboxList />
        </RequireRole>
    }
}

#[component]
fn InboxList() -> impl IntoView {
    let f = Filters::new();
    let moderator = role().is_some_and(crate::auth::is_moderator_role);
    let office = role() == Some(Role::LeaderOffice);
    let unit_staff = role() == Some(Role::UnitStaff);
    if moderator {
        f.status.set(MessageStatus::Submitted.as_str().to_string());
    }
    let fetch = move |cursor: Option<String>| {
        api::inbox(GetInboxQuery {
            status: f.status(),
            r#type: f.message_type(),
            domain: f.domain(),
            region: f.region(),
            cursor,
            ..Default::default()
        })
    };
    let tab = move |status: Option<MessageStatus>, key: K, id: &'static str| {
        let value = status.map(|s| s.as_str().to_string()).unwrap_or_default();
        let v2 = value.clone();
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                data-testid=id
                aria-selected=move || (f.status.get() == v2).to_string()
                on:click=move |_| f.status.set(value.clone())
            >
                {t(key)}
            </button>
        }
    };
    let who = session().account.get_untracked().map(|a| (a.display_name, a.role));
    view! {
        <div class="section-head">
            <h1>{t(K::InboxTitle)}</h1>
            {who.map(|(name, r): (String, Role)| view! { <span class="muted">{name} " · " {t(i18n::role(r))}</span> })}
            <div class="buttons">
                {unit_staff.then(|| view! {
                    <a class="btn btn-primary" href="/joint-replies/new" data-testid="new-joint-reply">{t(K::NewJointReply)}</a>
                })}
                <a class="btn btn-secondary" href="/supervisions" data-testid="inbox-supervisions">{t(K::NavSupervision)}</a>
            </div>
        </div>
        {moderator.then(|| view! {
            <div class="tabs" role="tablist">
                {tab(Some(MessageStatus::Submitted), K::TabScreening, "tab-screening")}
                {tab(Some(MessageStatus::Accepted), K::TabRouting, "tab-routing")}
                {tab(Some(MessageStatus::ReplyInReview), K::TabReplyReview, "tab-reply-review")}
                {tab(None, K::TabAll, "tab-all")}
            </div>
            <p class="hint" hidden=move || f.status.get() != MessageStatus::Accepted.as_str()>{t(K::RoutingQueueHint)}</p>
        })}
        {office.then(|| view! {
            <div class="tabs" role="tablist">
                {tab(None, K::TabAll, "tab-all")}
                {tab(Some(MessageStatus::Accepted), K::TabRouting, "tab-routing")}
            </div>
        })}
        <FilterBar filters=f />
        <PagedList fetch />
    }
}
