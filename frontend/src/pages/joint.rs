//! Joint replies (解决一类事): one public answer to several messages about one issue. Anyone browses
//! the published ones; unit staff pick messages of their unit and write one; a moderator reviews it.

use crate::api::{self, ApiError, GetInboxQuery, JointReplyRequest, JointReplyView, MessageStatus, Role};
use crate::app::RequireRole;
use crate::auth::{is_moderator_role, role, session};
use crate::components::feedback::{ErrorBox, FieldError, FormErrorBox, Loading, has_field_error};
use crate::components::message_list::{MessageCard, StatusBadge};
use crate::components::paged::Paged;
use crate::i18n::{self, K, t};
use crate::util;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn JointReplies() -> impl IntoView {
    let s = session();
    move || if s.checked.get() { view! { <JointReplyList /> }.into_any() } else { view! { <Loading /> }.into_any() }
}

#[component]
fn JointReplyList() -> impl IntoView {
    let unit_staff = role() == Some(Role::UnitStaff);
    view! {
        <div class="section-head">
            <h1>{t(K::JointRepliesTitle)}</h1>
            {unit_staff.then(|| view! {
                <a class="btn btn-primary" href="/joint-replies/new" data-testid="new-joint-reply">{t(K::NewJointReply)}</a>
            })}
        </div>
        <p class="hint">{t(K::JointRepliesLead)}</p>
        <Paged
            fetch=api::joint_replies
            item={|j, _| view! { <JointCard j /> }}
            empty=K::NoJointReplies
            testid="joint-replies"
        />
    }
}

#[component]
fn JointCard(j: JointReplyView) -> impl IntoView {
    let published = j.status == api::ReplyStatus::Published;
    let when = j.published_at.clone().unwrap_or(j.created_at.clone());
    let excerpt: String = j.body.chars().take(120).collect();
    view! {
        <li class="card" data-testid="joint-reply-item">
            <div class="card-head">
                <a class="card-title" href=format!("/joint-replies/{}", j.id)>{j.title.clone()}</a>
                {(!published).then(|| view! {
                    <span class=format!("badge reply-{}", j.status.as_str())>{t(i18n::reply_status(j.status))}</span>
                })}
            </div>
            <p class="excerpt">{excerpt}</p>
            <div class="meta">
                <a href=format!("/units/{}", j.unit.id)>{j.unit.name.clone()}</a>
                <span>{move || i18n::tr(K::MessagesCount).replace("{}", &j.messages.len().to_string())}</span>
                <time datetime=when.clone()>{util::date(&when)}</time>
            </div>
        </li>
    }
}

#[component]
pub fn JointReplyDetail() -> impl IntoView {
    let s = session();
    move || if s.checked.get() { view! { <JointReplyLoader /> }.into_any() } else { view! { <Loading /> }.into_any() }
}

#[component]
fn JointReplyLoader() -> impl IntoView {
    let params = use_params_map();
    let joint = LocalResource::new(move || {
        let id = params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
        api::joint_reply(id)
    });
    move || match joint.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(j)) => view! { <JointReplyPageView j on_change=move || joint.refetch() /> }.into_any(),
    }
}

#[component]
fn JointReplyPageView(j: JointReplyView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let in_review = j.status == api::ReplyStatus::InReview;
    let moderator = role().is_some_and(is_moderator_role);
    let id = j.id;
    let messages = j.messages.clone();
    view! {
        <article class="message" data-testid="joint-reply">
            <header class="message-head">
                <h1 data-testid="joint-reply-title">{j.title.clone()}</h1>
                <span class=format!("badge reply-{}", j.status.as_str()) data-testid="joint-reply-status">
                    {t(i18n::reply_status(j.status))}
                </span>
            </header>
            <dl class="facts">
                <div class="fact"><dt>{t(K::Unit)}</dt><dd><a href=format!("/units/{}", j.unit.id)>{j.unit.name.clone()}</a></dd></div>
                <div class="fact"><dt>{t(K::CreatedAt)}</dt><dd>{util::datetime(&j.created_at)}</dd></div>
                {j.published_at.clone().map(|p| view! {
                    <div class="fact"><dt>{t(K::PublishedAt)}</dt><dd>{util::datetime(&p)}</dd></div>
                })}
            </dl>
            <div class="reply-body" data-testid="joint-reply-body">{j.body.clone()}</div>
            {j.return_reason.clone().map(|why| view! {
                <p class="return-reason" data-testid="return-reason"><strong>{t(K::ReturnReason)} "："</strong>{why}</p>
            })}
        </article>
        {(in_review && moderator).then(|| view! { <JointReview id on_change /> })}
        <section class="panel" aria-labelledby="joint-messages-h">
            <h2 id="joint-messages-h">{t(K::JointMessages)}</h2>
            <p class="hint">{t(K::JointRatedEach)}</p>
            <ul class="cards" data-testid="joint-messages">
                {messages.into_iter().map(|m| view! { <MessageCard m /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn JointReview(id: i64, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let run = move |approve: bool| {
        busy.set(true);
        error.set(None);
        let why = reason.get_untracked();
        spawn_local(async move {
            let r = if approve { api::approve_joint_reply(id).await } else { api::return_joint_reply(id, why).await };
            match r {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel actions" aria-labelledby="joint-review-h" data-testid="joint-review">
            <h2 id="joint-review-h">{t(K::ReviewJointTitle)}</h2>
            <FormErrorBox error />
            <div class="action-pair">
                <form class="form" novalidate on:submit=move |ev: SubmitEvent| { ev.prevent_default(); run(true); }>
                    <button type="submit" class="btn btn-primary" data-testid="approve-joint" disabled=move || busy.get()>
                        {t(K::Approve)}
                    </button>
                </form>
                <form class="form" novalidate on:submit=move |ev: SubmitEvent| { ev.prevent_default(); run(false); }>
                    <div class="field">
                        <label for="joint-return-reason">{t(K::ReturnReasonLabel)}</label>
                        <textarea
                            id="joint-return-reason"
                            data-testid="joint-return-reason"
                            rows="2"
                            aria-invalid=move || has_field_error(error, "reason")().to_string()
                            bind:value=reason
                        ></textarea>
                        <FieldError error field="reason" field_id="joint-return-reason".to_string() />
                    </div>
                    <button type="submit" class="btn btn-danger" data-testid="return-joint" disabled=move || busy.get()>
                        {t(K::ReturnReply)}
                    </button>
                </form>
            </div>
        </section>
    }
}

#[component]
pub fn NewJointReply() -> impl IntoView {
    view! {
        <RequireRole allow=|r| r == Role::UnitStaff>
            <NewJointReplyForm />
        </RequireRole>
    }
}

/// The unit's messages still waiting for an answer: assigned or reopened.
async fn open_messages() -> Result<Vec<api::MessageSummary>, ApiError> {
    let mut all = Vec::new();
    for status in [MessageStatus::Assigned, MessageStatus::Reopened] {
        let q = GetInboxQuery { status: Some(status), limit: Some(100), ..Default::default() };
        all.extend(api::inbox(q).await?.items);
    }
    all.sort_by_key(|m| std::cmp::Reverse(m.id));
    Ok(all)
}

#[component]
fn NewJointReplyForm() -> impl IntoView {
    let navigate = use_navigate();
    let candidates = LocalResource::new(open_messages);
    let chosen = RwSignal::new(Vec::<i64>::new());
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = JointReplyRequest {
            title: title.get_untracked(),
            body: body.get_untracked(),
            message_ids: chosen.get_untracked(),
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::create_joint_reply(&req).await {
                Ok(j) => navigate(&format!("/joint-replies/{}", j.id), Default::default()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="form-page">
            <h1>{t(K::NewJointReply)}</h1>
            <p class="hint">{t(K::NewJointReplyLead)}</p>
            <form class="form panel" on:submit=submit novalidate data-testid="joint-reply-form">
                <FormErrorBox error />
                <fieldset class="group">
                    <legend>{t(K::ChooseMessages)}</legend>
                    {move || match candidates.get() {
                        None => view! { <Loading /> }.into_any(),
                        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                        Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{t(K::NoOpenMessages)}</p> }.into_any(),
                        Some(Ok(list)) => view! {
                            <ul class="checklist" data-testid="joint-candidates">
                                {list.into_iter().map(|m| {
                                    let id = m.id;
                                    let cid = format!("joint-pick-{id}");
                                    view! {
                                        <li>
                                            <input
                                                type="checkbox"
                                                id=cid.clone()
                                                data-testid="joint-pick"
                                                value=id.to_string()
                                                prop:checked=move || chosen.with(|c| c.contains(&id))
                                                on:change=move |ev| {
                                                    let on = event_target_checked(&ev);
                                                    chosen.update(|c| {
                                                        c.retain(|x| *x != id);
                                                        if on { c.push(id); }
                                                    });
                                                }
                                            />
                                            <label for=cid>
                                                <span>{m.title.clone()}</span>
                                                " "
                                                <StatusBadge status=m.status />
                                                <span class="muted">" " {m.region.name.clone()} " · " {util::date(&m.created_at)}</span>
                                            </label>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                    }}
                    <p class="hint" data-testid="joint-chosen">
                        {move || i18n::tr(K::ChosenCount).replace("{}", &chosen.with(|c| c.len()).to_string())}
                    </p>
                    <FieldError error field="message_ids" />
                </fieldset>
                <div class="field">
                    <label for="joint-title">{t(K::TitleLabel)}</label>
                    <input
                        id="joint-title"
                        data-testid="joint-title"
                        aria-invalid=move || has_field_error(error, "title")().to_string()
                        aria-describedby="joint-title-error"
                        bind:value=title
                    />
                    <FieldError error field="title" field_id="joint-title".to_string() />
                </div>
                <div class="field">
                    <label for="joint-body">{t(K::ReplyBody)}</label>
                    <textarea
                        id="joint-body"
                        data-testid="joint-body"
                        rows="6"
                        aria-invalid=move || has_field_error(error, "body")().to_string()
                        aria-describedby="joint-body-error"
                        bind:value=body
                    ></textarea>
                    <FieldError error field="body" field_id="joint-body".to_string() />
                </div>
                <button type="submit" class="btn btn-primary" data-testid="joint-submit" disabled=move || busy.get()>
                    {t(K::SubmitReply)}
                </button>
            </form>
        </div>
    }
}
