//! One message: its text, replies, ratings and timeline, and, for whoever may act on it now, the
//! handling panel (screening, assigning, transferring, replying, reviewing, rating).

use crate::api::{
    self, ApiError, AssignRequest, DeadlineView, EventKind, InstructionRequest, MessageStatus, MessageView, Priority,
    RatingRequest, ReplyRequest, ReplyStatus, ReplyView, Role, Satisfaction, TransferRequest,
};
use crate::auth::{is_moderator_role, is_writer_role, session};
use crate::components::feedback::{ErrorBox, FieldError, FormError, FormErrorBox, Loading, has_field_error};
use crate::components::message_list::StatusBadge;
use crate::components::pickers::{EnumSelect, UnitPicker};
use crate::i18n::{self, K, t};
use crate::pages::supervision::SupervisionCard;
use crate::util::{self, non_empty};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use std::future::Future;

type Msg = LocalResource<Result<MessageView, ApiError>>;

#[component]
pub fn MessageDetail() -> impl IntoView {
    let s = session();
    // Load once the stored session is known: what the viewer may see (and do) depends on it, and a
    // second load would rebuild the forms under the user's fingers.
    move || if s.checked.get() { view! { <MessageLoader /> }.into_any() } else { view! { <Loading /> }.into_any() }
}

#[component]
fn MessageLoader() -> impl IntoView {
    let params = use_params_map();
    let s = session();
    let viewer = Memo::new(move |_| s.account.with(|a| a.as_ref().map(|a| a.id)));
    let msg: Msg = LocalResource::new(move || {
        let id = params.read().get("id").and_then(|s| s.parse::<i64>().ok());
        // Logging in or out changes what may be seen.
        viewer.track();
        async move {
            match id {
                Some(id) => api::message(id).await,
                None => {
                    Err(ApiError::Problem(api::Problem { code: "not_found".into(), status: 404, ..Default::default() }))
                }
            }
        }
    });
    move || match msg.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(m)) => view! { <MessagePage m msg /> }.into_any(),
    }
}

#[component]
fn MessagePage(m: MessageView, msg: Msg) -> impl IntoView {
    let writer = match m.writer.role {
        Role::Enterprise => {
            let name = m.writer.enterprise_name.clone().unwrap_or_default();
            let code = m.writer.uscc_masked.clone().map(|c| format!("（{c}）")).unwrap_or_default();
            view! { <span>{name}{code}</span> }.into_any()
        }
        _ => view! { <span>{t(K::AnonymousCitizen)}</span> }.into_any(),
    };
    let replies = m.replies.clone();
    let has_replies = !replies.is_empty();
    let ratings = m.ratings.clone();
    let timeline = m.timeline.clone();
    let written = util::datetime(&m.created_at);
    let ty = i18n::message_type(m.message_type);
    let dom = i18n::domain(m.domain);
    let region = m.region.name.clone();
    let leader = m.leader.clone();
    let unit = m.unit.clone();
    let round = m.round;
    let deadline = m.deadline.clone();
    let priority = m.priority;
    let instructions = m.instructions.clone();
    view! {
        <article class="message" data-testid="message">
            <header class="message-head">
                <h1 data-testid="message-title">{m.title.clone()}</h1>
                <StatusBadge status=m.status />
                {(!m.is_public).then(|| view! { <span class="tag tag-muted">{t(K::PrivateMessage)}</span> })}
            </header>
            <dl class="facts">
                <Fact label=K::MessageTypeLabel>{t(ty)}</Fact>
                <Fact label=K::DomainLabel>{t(dom)}</Fact>
                <Fact label=K::Region>{region}</Fact>
                <Fact label=K::Leader>
                    <a href=format!("/leaders/{}", leader.id)>{leader.name}</a>
                </Fact>
                <Fact label=K::Unit>
                    {match unit {
                        Some(u) => view! { <a href=format!("/units/{}", u.id) data-testid="message-unit">{u.name}</a> }.into_any(),
                        None => view! { <span class="muted">"—"</span> }.into_any(),
                    }}
                </Fact>
                <Fact label=K::Writer>{writer}</Fact>
                <Fact label=K::WrittenAt>{written}</Fact>
                {m.accepted_at.as_deref().map(util::datetime).map(|a| view! { <Fact label=K::AcceptedAt>{a}</Fact> })}
                {m.closed_at.as_deref().map(util::datetime).map(|c| view! { <Fact label=K::ClosedAt>{c}</Fact> })}
                <Fact label=K::Deadline wide=true>
                    <Deadline d=deadline />
                </Fact>
                {(priority != Priority::Normal).then(|| view! {
                    <Fact label=K::PriorityLabel>
                        <span class=format!("badge priority-{}", priority.as_str())>{t(i18n::priority(priority))}</span>
                    </Fact>
                })}
                <Fact label=K::Round>{round}</Fact>
            </dl>
            <div class="message-body" data-testid="message-body">{m.body.clone()}</div>
            {m.case.clone().map(|c| view! {
                <aside class="case-note" data-testid="message-case">
                    <a class="case-badge" href="/cases">{t(K::CaseBadge)}</a>
                    <p data-testid="message-case-note">{c.note}</p>
                </aside>
            })}
        </article>

        <ActionPanel m=m.clone() msg />

        {m.supervision.clone().map(|sv| view! {
            <section class="panel" aria-labelledby="supervision-h" data-testid="message-supervision">
                <h2 id="supervision-h">{t(K::SupervisionTitle)}</h2>
                <ul class="cards"><SupervisionCard s=sv on_change=move || msg.refetch() with_link=false /></ul>
            </section>
        })}

        {(!instructions.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="instructions-h" data-testid="instructions">
                <h2 id="instructions-h">{t(K::Instructions)}</h2>
                <ul class="notes">
                    {instructions.into_iter().map(|i| view! {
                        <li>
                            <div class="note-head">
                                <span class=format!("badge priority-{}", i.priority.as_str())>{t(i18n::priority(i.priority))}</span>
                                <span class="muted">{t(i18n::role(i.author_role))} " · " {util::datetime(&i.created_at)}</span>
                                {i.due_at.map(|d| view! { <span class="muted">{t(K::DueBy)} " " {util::datetime(&d)} " " {t(K::DueSuffix)}</span> })}
                            </div>
                            <p>{i.text}</p>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}

        <section class="panel" aria-labelledby="replies-h" data-testid="replies">
            <h2 id="replies-h">{t(K::Replies)}</h2>
            {if has_replies {
                view! { <ol class="replies">{replies.into_iter().map(|r| view! { <Reply r /> }).collect_view()}</ol> }.into_any()
            } else {
                view! { <p class="empty">{t(K::NoReplies)}</p> }.into_any()
            }}
        </section>

        {(!ratings.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="ratings-h" data-testid="ratings">
                <h2 id="ratings-h">{t(K::Ratings)}</h2>
                <ul class="ratings">
                    {ratings.into_iter().map(|r| view! {
                        <li class="rating" data-testid="rating">
                            <span class=format!("badge sat-{}", r.satisfaction.as_str())>{t(i18n::satisfaction(r.satisfaction))}</span>
                            <span class="scores">
                                {t(K::Speed)} " " {r.speed} {t(K::Score)} " · "
                                {t(K::Attitude)} " " {r.attitude} {t(K::Score)} " · "
                                {t(K::Result)} " " {r.result} {t(K::Score)}
                            </span>
                            <span class="muted">{t(K::Round)} " " {r.round} " · " {util::datetime(&r.created_at)}</span>
                            {(!r.comment.is_empty()).then(|| view! { <p>{r.comment.clone()}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}

        <FollowUps m=m.clone() msg />

        <section class="panel" aria-labelledby="timeline-h" data-testid="timeline">
            <h2 id="timeline-h">{t(K::Timeline)}</h2>
            <ol class="timeline">
                {timeline.into_iter().map(|e| {
                    // A rating's note is its verdict (`satisfied` …): say it in the user's words.
                    let verdict = e.note.as_deref().and_then(Satisfaction::parse).filter(|_| e.kind == EventKind::Rated);
                    let note = e.note.clone().filter(|_| verdict.is_none());
                    view! {
                    <li data-testid="event" class=format!("event event-{}", e.kind.as_str())>
                        <time datetime=e.at.clone()>{util::datetime(&e.at)}</time>
                        <span class="event-kind">{t(i18n::event(e.kind))}</span>
                        <span class="muted">{t(e.actor_role.map(i18n::role).unwrap_or(K::ActorPlatform))}</span>
                        {e.unit.map(|u| view! { <a href=format!("/units/{}", u.id)>{u.name}</a> })}
                        {verdict.map(|v| view! { <span class=format!("badge sat-{}", v.as_str())>{t(i18n::satisfaction(v))}</span> })}
                        {note.map(|n| view! { <span class="event-note">{n}</span> })}
                    </li>
                }}).collect_view()}
            </ol>
        </section>
    }
}

/// The answer's deadline (办理时限): due date, time left or overdue, and the tier it counts by.
#[component]
pub fn Deadline(d: DeadlineView) -> impl IntoView {
    let Some(due) = d.due_at.clone() else {
        return view! { <span class="muted" data-testid="deadline">{t(K::DeadlinePending)}</span> }.into_any();
    };
    let state = if d.overdue {
        Some(view! { <span class="badge overdue">{t(K::Overdue)}</span> }.into_any())
    } else if d.answered_at.is_some() {
        Some(view! { <span class="muted">{t(K::AnsweredInTime)}</span> }.into_any())
    } else {
        d.seconds_left
            .filter(|s| *s > 0)
            .map(|s| view! { <span class="muted">{move || i18n::time_left(s, i18n::locale().get())}</span> }.into_any())
    };
    let tier = d.sla_tier.clone().map(|code| match i18n::sla_tier(&code) {
        Some(k) => view! { <span class="muted">" · " {t(k)}</span> }.into_any(),
        None => view! { <span class="muted">" · " {code}</span> }.into_any(),
    });
    view! {
        <span class="deadline" data-testid="deadline">
            {t(K::DueBy)} " " {util::datetime(&due)} " " {t(K::DueSuffix)} " " {state} {tier}
        </span>
    }
    .into_any()
}

#[component]
fn Fact(label: K, #[prop(optional)] wide: bool, children: Children) -> impl IntoView {
    view! {
        <div class="fact" class:fact-wide=wide>
            <dt>{t(label)}</dt>
            <dd>{children()}</dd>
        </div>
    }
}

#[component]
fn Reply(r: ReplyView) -> impl IntoView {
    let published = r.status == ReplyStatus::Published;
    view! {
        <li class="reply" data-testid="reply">
            <div class="reply-head">
                <strong>{r.unit.clone().map(|u| u.name).unwrap_or_default()}</strong>
                {(!published).then(|| view! {
                    <span class=format!("badge reply-{}", r.status.as_str()) data-testid="reply-status">
                        {t(i18n::reply_status(r.status))}
                    </span>
                })}
                <span class="muted">
                    {match (&r.published_at, &r.submitted_at) {
                        (Some(p), _) => format!("{} {}", i18n::tr(K::PublishedAt), util::datetime(p)),
                        (None, Some(s)) => format!("{} {}", i18n::tr(K::SubmittedAt), util::datetime(s)),
                        _ => util::datetime(&r.created_at),
                    }}
                </span>
            </div>
            {r.joint_reply_id.map(|j| view! {
                <p class="muted"><a href=format!("/joint-replies/{j}") data-testid="reply-joint-link">{t(K::PartOfJointReply)}</a></p>
            })}
            <div class="reply-body" data-testid="reply-body">{r.body.clone()}</div>
            {r.return_reason.clone().map(|why| view! {
                <p class="return-reason" data-testid="return-reason"><strong>{t(K::ReturnReason)} "："</strong>{why}</p>
            })}
        </li>
    }
}

/// Runs one handling step; on success the message is loaded again.
fn act<T: 'static>(
    busy: RwSignal<bool>,
    error: FormError,
    msg: Msg,
    step: impl Future<Output = Result<T, ApiError>> + 'static,
) {
    busy.set(true);
    error.set(None);
    spawn_local(async move {
        match step.await {
            Ok(_) => msg.refetch(),
            Err(e) => error.set(Some(e)),
        }
        busy.set(false);
    });
}

/// What the signed-in account may do with this message now.
#[component]
fn ActionPanel(m: MessageView, msg: Msg) -> impl IntoView {
    let account = session().account.get_untracked();
    let Some(a) = account else { return ().into_any() };
    let st = m.status;
    let open = matches!(st, MessageStatus::Assigned | MessageStatus::Reopened);
    let moderator = is_moderator_role(a.role);
    let office = a.role == Role::LeaderOffice && a.leader_id == Some(m.leader.id);
    let unit_staff = a.role == Role::UnitStaff && m.unit.as_ref().is_some_and(|u| Some(u.id) == a.unit_id);
    // The writer sees the text unmasked; everyone else of the public sees it masked.
    let writer = matches!(a.role, Role::Citizen | Role::Enterprise) && !m.masked;
    let in_review: Vec<ReplyView> = m.replies.iter().filter(|r| r.status == ReplyStatus::InReview).cloned().collect();

    let mut parts: Vec<AnyView> = Vec::new();
    if moderator && st == MessageStatus::Submitted {
        parts.push(view! { <ScreenForm id=m.id msg /> }.into_any());
    }
    if moderator && st == MessageStatus::ReplyInReview {
        for r in in_review {
            parts.push(view! { <ReviewForm r msg /> }.into_any());
        }
    }
    if (moderator || office) && st == MessageStatus::Accepted {
        parts.push(view! { <AssignForm id=m.id region=m.region.code.clone() msg instruct=office /> }.into_any());
    }
    if unit_staff && open {
        let draft = m
            .replies
            .iter()
            .rev()
            .find(|r| r.round == m.round && matches!(r.status, ReplyStatus::Draft | ReplyStatus::Returned))
            .map(|r| r.body.clone())
            .unwrap_or_default();
        parts.push(view! { <ReplyForm id=m.id draft msg /> }.into_any());
    }
    if (moderator || office || unit_staff) && open {
        parts.push(view! { <TransferForm id=m.id region=m.region.code.clone() msg collapsed=unit_staff /> }.into_any());
    }
    if writer && st == MessageStatus::Replied {
        parts.push(view! { <RatingForm id=m.id msg /> }.into_any());
    }
    // Answered public messages on the board may be featured in the case library.
    let answered = m.replies.iter().any(|r| r.status == ReplyStatus::Published);
    if moderator && m.is_public && answered {
        let note = m.case.as_ref().map(|c| c.note.clone());
        parts.push(view! { <CaseForm id=m.id note msg /> }.into_any());
    }
    if parts.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="panel actions" aria-labelledby="actions-h" data-testid="actions">
            <h2 id="actions-h">{t(K::ActionsTitle)}</h2>
            {parts}
        </section>
    }
    .into_any()
}

/// Features the message in the case library (精选案例) with a note, changes the note, or withdraws it.
#[component]
fn CaseForm(id: i64, note: Option<String>, msg: Msg) -> impl IntoView {
    let featured = note.is_some();
    let text = RwSignal::new(note.unwrap_or_default());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        act(busy, error, msg, api::feature_case(id, text.get_untracked()));
    };
    let withdraw = move |_| act(busy, error, msg, api::unfeature_case(id));
    view! {
        <div class="action" data-testid="case-form">
            <h3>{t(K::CasesTitle)}</h3>
            <FormErrorBox error />
            <form class="form" on:submit=save novalidate>
                <div class="field">
                    <label for="case-note">{t(K::CaseNote)}</label>
                    <textarea
                        id="case-note"
                        data-testid="case-note"
                        rows="2"
                        maxlength="500"
                        aria-invalid=move || has_field_error(error, "note")().to_string()
                        aria-describedby="case-note-error"
                        bind:value=text
                    ></textarea>
                    <FieldError error field="note" field_id="case-note".to_string() />
                </div>
                <button type="submit" class="btn btn-primary" data-testid="case-save" disabled=move || busy.get()>
                    {t(if featured { K::UpdateCaseNote } else { K::FeatureCase })}
                </button>
                {featured.then(|| view! {
                    <button type="button" class="btn btn-light" data-testid="case-withdraw" on:click=withdraw disabled=move || busy.get()>
                        {t(K::UnfeatureCase)}
                    </button>
                })}
            </form>
        </div>
    }
}

#[component]
fn ScreenForm(id: i64, msg: Msg) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let tier = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let accept = move |ev: SubmitEvent| {
        ev.prevent_default();
        act(busy, error, msg, api::accept(id, non_empty(note.get_untracked()), non_empty(tier.get_untracked())));
    };
    let reject = move |ev: SubmitEvent| {
        ev.prevent_default();
        act(busy, error, msg, api::reject(id, reason.get_untracked()));
    };
    view! {
        <div class="action" data-testid="screen">
            <h3>{t(K::ScreenTitle)}</h3>
            <FormErrorBox error />
            <div class="action-pair">
                <form class="form" on:submit=accept novalidate>
                    <div class="field">
                        <label for="accept-tier">{t(K::SlaTier)}</label>
                        <select id="accept-tier" data-testid="accept-tier" on:change=move |ev| tier.set(event_target_value(&ev))>
                            <option value="">{t(K::SlaDefault)}</option>
                            {["urgent", "utilities", "standard"]
                                .into_iter()
                                .map(|c| view! { <option value=c>{t(i18n::sla_tier(c).unwrap_or(K::SlaDefault))}</option> })
                                .collect_view()}
                        </select>
                        <FieldError error field="sla_tier" field_id="accept-tier".to_string() />
                    </div>
                    <div class="field">
                        <label for="accept-note">{t(K::NoteOptional)}</label>
                        <input id="accept-note" data-testid="accept-note" bind:value=note />
                        <FieldError error field="note" field_id="accept-note".to_string() />
                    </div>
                    <button type="submit" class="btn btn-primary" data-testid="accept" disabled=move || busy.get()>
                        {t(K::Accept)}
                    </button>
                </form>
                <form class="form" on:submit=reject novalidate>
                    <div class="field">
                        <label for="reject-reason">{t(K::RejectReason)}</label>
                        <textarea
                            id="reject-reason"
                            data-testid="reject-reason"
                            rows="2"
                            aria-invalid=move || has_field_error(error, "reason")().to_string()
                            aria-describedby="reject-reason-error"
                            bind:value=reason
                        ></textarea>
                        <FieldError error field="reason" field_id="reject-reason".to_string() />
                    </div>
                    <button type="submit" class="btn btn-danger" data-testid="reject" disabled=move || busy.get()>
                        {t(K::Reject)}
                    </button>
                </form>
            </div>
        </div>
    }
}

/// Assign (交办). A leader's office gives its instruction (批办) with a priority; a moderator a note.
#[component]
fn AssignForm(id: i64, region: String, msg: Msg, instruct: bool) -> impl IntoView {
    let unit = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let priority = RwSignal::new(Priority::Normal.as_str().to_string());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Ok(unit_id) = unit.get_untracked().parse::<i64>() else { return };
        let text = non_empty(note.get_untracked());
        let req = if instruct {
            let priority = Priority::parse(&priority.get_untracked());
            AssignRequest {
                unit_id,
                note: None,
                instruction: text.map(|text| InstructionRequest {
                    text,
                    priority,
                    due_at: util::local_to_iso(&due.get_untracked()),
                }),
            }
        } else {
            AssignRequest { unit_id, note: text, instruction: None }
        };
        act(busy, error, msg, async move { api::assign(id, &req).await });
    };
    view! {
        <form class="form action" on:submit=submit novalidate data-testid="assign">
            <h3>{t(K::AssignTitle)}</h3>
            <FormErrorBox error />
            <div class="form-row">
                <UnitPicker id="assign-unit" unit region error />
            </div>
            <div class="field">
                <label for="assign-note">{t(K::Instruction)}</label>
                <textarea id="assign-note" data-testid="assign-note" rows="2" bind:value=note></textarea>
                <FieldError error field="note" field_id="assign-note".to_string() />
                <FieldError error field="instruction.text" field_id="assign-note-text".to_string() />
            </div>
            {instruct.then(|| view! {
                <div class="form-row">
                    <EnumSelect
                        id="assign-priority"
                        label=K::PriorityLabel
                        value=priority
                        options=Priority::ALL
                        as_str=Priority::as_str
                        text=i18n::priority
                        error
                        field="instruction.priority"
                    />
                    <div class="field">
                        <label for="assign-due">{t(K::DeadlineOverride)}</label>
                        <input id="assign-due" data-testid="assign-due" type="datetime-local" bind:value=due aria-describedby="assign-due-hint" />
                        <p class="hint" id="assign-due-hint">{t(K::DeadlineOverrideHint)}</p>
                        <FieldError error field="instruction.due_at" field_id="assign-due".to_string() />
                    </div>
                </div>
            })}
            <button type="submit" class="btn btn-primary" data-testid="assign-submit" disabled=move || busy.get() || unit.get().is_empty()>
                {t(K::Assign)}
            </button>
        </form>
    }
}

#[component]
fn TransferForm(id: i64, region: String, msg: Msg, collapsed: bool) -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    let unit = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Ok(unit_id) = unit.get_untracked().parse::<i64>() else { return };
        let req = TransferRequest { unit_id, reason: reason.get_untracked() };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::transfer(id, &req).await {
                Ok(Some(_)) => msg.refetch(),
                // 204: the caller no longer handles this private message; back to the inbox.
                Ok(None) => navigate("/inbox", Default::default()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="action" open=!collapsed data-testid="transfer">
            <summary>{t(K::TransferTitle)}</summary>
            <form class="form" on:submit=submit novalidate>
                <FormErrorBox error />
                <div class="form-row">
                    <UnitPicker id="transfer-unit" unit region error />
                </div>
                <div class="field">
                    <label for="transfer-reason">{t(K::TransferReason)}</label>
                    <textarea
                        id="transfer-reason"
                        data-testid="transfer-reason"
                        rows="2"
                        aria-invalid=move || has_field_error(error, "reason")().to_string()
                        aria-describedby="transfer-reason-error"
                        bind:value=reason
                    ></textarea>
                    <FieldError error field="reason" field_id="transfer-reason".to_string() />
                </div>
                <button type="submit" class="btn btn-secondary" data-testid="transfer-submit" disabled=move || busy.get() || unit.get().is_empty()>
                    {t(K::Transfer)}
                </button>
            </form>
        </details>
    }
}

#[component]
fn ReplyForm(id: i64, draft: String, msg: Msg) -> impl IntoView {
    let body = RwSignal::new(draft);
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let send = move |submit: bool| {
        let req = ReplyRequest { body: body.get_untracked(), submit: Some(submit) };
        act(busy, error, msg, async move { api::write_reply(id, &req).await });
    };
    view! {
        <form
            class="form action"
            data-testid="reply-form"
            novalidate
            on:submit=move |ev: SubmitEvent| {
                ev.prevent_default();
                send(true);
            }
        >
            <h3>{t(K::DraftReplyTitle)}</h3>
            <FormErrorBox error />
            <div class="field">
                <label for="reply-body">{t(K::ReplyBody)}</label>
                <textarea
                    id="reply-body"
                    data-testid="reply-body-input"
                    rows="6"
                    aria-invalid=move || has_field_error(error, "body")().to_string()
                    aria-describedby="reply-body-error"
                    bind:value=body
                ></textarea>
                <FieldError error field="body" field_id="reply-body".to_string() />
            </div>
            <div class="buttons">
                <button type="button" class="btn btn-secondary" data-testid="reply-save-draft" disabled=move || busy.get() on:click=move |_| send(false)>
                    {t(K::SaveDraft)}
                </button>
                <button type="submit" class="btn btn-primary" data-testid="reply-submit" disabled=move || busy.get()>
                    {t(K::SubmitReply)}
                </button>
            </div>
        </form>
    }
}

#[component]
fn ReviewForm(r: ReplyView, msg: Msg) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let rid = r.id;
    if let Some(j) = r.joint_reply_id {
        return view! {
            <div class="action" data-testid="review">
                <h3>{t(K::ReviewTitle)}</h3>
                <p>{t(K::ReviewOnJointPage)}</p>
                <a class="btn btn-secondary" href=format!("/joint-replies/{j}") data-testid="review-joint-link">{t(K::OpenJointReply)}</a>
            </div>
        }
        .into_any();
    }
    view! {
        <div class="action" data-testid="review">
            <h3>{t(K::ReviewTitle)}</h3>
            <blockquote class="reply-body">{r.body.clone()}</blockquote>
            <FormErrorBox error />
            <div class="action-pair">
                <form
                    class="form"
                    novalidate
                    on:submit=move |ev: SubmitEvent| {
                        ev.prevent_default();
                        act(busy, error, msg, api::approve_reply(rid));
                    }
                >
                    <button type="submit" class="btn btn-primary" data-testid="approve-reply" disabled=move || busy.get()>
                        {t(K::Approve)}
                    </button>
                </form>
                <form
                    class="form"
                    novalidate
                    on:submit=move |ev: SubmitEvent| {
                        ev.prevent_default();
                        act(busy, error, msg, api::return_reply(rid, reason.get_untracked()));
                    }
                >
                    <div class="field">
                        <label for=format!("return-reason-{rid}")>{t(K::ReturnReasonLabel)}</label>
                        <textarea
                            id=format!("return-reason-{rid}")
                            data-testid="return-reason-input"
                            rows="2"
                            aria-invalid=move || has_field_error(error, "reason")().to_string()
                            bind:value=reason
                        ></textarea>
                        <FieldError error field="reason" field_id=format!("return-reason-{rid}") />
                    </div>
                    <button type="submit" class="btn btn-danger" data-testid="return-reply" disabled=move || busy.get()>
                        {t(K::ReturnReply)}
                    </button>
                </form>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn RatingForm(id: i64, msg: Msg) -> impl IntoView {
    let satisfaction = RwSignal::new(None::<Satisfaction>);
    let speed = RwSignal::new("5".to_string());
    let attitude = RwSignal::new("5".to_string());
    let result = RwSignal::new("5".to_string());
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(sat) = satisfaction.get_untracked() else {
            error.set(Some(ApiError::Problem(api::Problem {
                code: "validation_failed".into(),
                status: 422,
                errors: Some(vec![api::FieldError {
                    field: "satisfaction".into(),
                    code: "required".into(),
                    message: "must not be blank".into(),
                }]),
                ..Default::default()
            })));
            return;
        };
        let n = |s: RwSignal<String>| s.get_untracked().parse::<i32>().unwrap_or(0);
        let req = RatingRequest {
            satisfaction: sat,
            speed: n(speed),
            attitude: n(attitude),
            result: n(result),
            comment: non_empty(comment.get_untracked()),
        };
        act(busy, error, msg, async move { api::rate(id, &req).await });
    };
    let score = move |field: &'static str, label: K, value: RwSignal<String>| {
        let fid = format!("rate-{field}");
        view! {
            <div class="field">
                <label for=fid.clone()>{t(label)}</label>
                <select id=fid.clone() data-testid=fid.clone() on:change=move |ev| value.set(event_target_value(&ev))>
                    {(1..=5)
                        .rev()
                        .map(|n| {
                            let v = n.to_string();
                            let v2 = v.clone();
                            view! { <option value=v selected=move || value.get() == v2>{n} " " {t(K::Score)}</option> }
                        })
                        .collect_view()}
                </select>
                <FieldError error field field_id=fid />
            </div>
        }
    };
    view! {
        <form class="form action" on:submit=submit novalidate data-testid="rating-form">
            <h3>{t(K::RateTitle)}</h3>
            <p class="hint">{t(K::RateHint)}</p>
            <FormErrorBox error />
            <fieldset class="choices">
                <legend>{t(K::Satisfaction)}</legend>
                {Satisfaction::ALL
                    .iter()
                    .map(|s| {
                        let s = *s;
                        let rid = format!("sat-{}", s.as_str());
                        view! {
                            <label class="choice" for=rid.clone()>
                                <input
                                    type="radio"
                                    name="satisfaction"
                                    id=rid.clone()
                                    data-testid=rid.clone()
                                    value=s.as_str()
                                    on:change=move |_| satisfaction.set(Some(s))
                                />
                                {t(i18n::satisfaction(s))}
                            </label>
                        }
                    })
                    .collect_view()}
                <FieldError error field="satisfaction" />
            </fieldset>
            <div class="form-row">
                {score("speed", K::Speed, speed)}
                {score("attitude", K::Attitude, attitude)}
                {score("result", K::Result, result)}
            </div>
            <div class="field">
                <label for="rate-comment">{t(K::Comment)}</label>
                <textarea id="rate-comment" data-testid="rate-comment" rows="3" bind:value=comment></textarea>
                <FieldError error field="comment" field_id="rate-comment".to_string() />
            </div>
            <button type="submit" class="btn btn-primary" data-testid="rate-submit" disabled=move || busy.get()>
                {t(K::SubmitRating)}
            </button>
        </form>
    }
}

/// Follow-up questions (追问) and their answers. The writer asks after a published answer (at most 3);
/// the unit holding the message answers each one here.
#[component]
fn FollowUps(m: MessageView, msg: Msg) -> impl IntoView {
    let account = session().account.get_untracked();
    let writer = account.as_ref().is_some_and(|a| is_writer_role(a.role)) && !m.masked;
    let unit_staff = account
        .as_ref()
        .is_some_and(|a| a.role == Role::UnitStaff && m.unit.as_ref().is_some_and(|u| Some(u.id) == a.unit_id));
    let can_ask = writer
        && matches!(m.status, MessageStatus::Replied | MessageStatus::Closed)
        && m.follow_ups.len() < MAX_FOLLOW_UPS;
    let follow_ups = m.follow_ups.clone();
    if follow_ups.is_empty() && !can_ask {
        return ().into_any();
    }
    let id = m.id;
    view! {
        <section class="panel" aria-labelledby="follow-ups-h" data-testid="follow-ups">
            <h2 id="follow-ups-h">{t(K::FollowUps)}</h2>
            {(!follow_ups.is_empty()).then(|| view! {
                <ul class="notes">
                    {follow_ups.into_iter().map(|f| {
                        let fid = f.id;
                        view! {
                            <li data-testid="follow-up">
                                <p class="muted">{util::datetime(&f.asked_at)}</p>
                                <p><strong>{t(K::QuestionPrefix)}</strong>{f.question}</p>
                                {match f.answer {
                                    Some(a) => view! { <p data-testid="follow-up-answer"><strong>{t(K::AnswerPrefix)}</strong>{a}</p> }.into_any(),
                                    None if unit_staff => view! { <AnswerFollowUpForm fid msg /> }.into_any(),
                                    None => view! { <p class="muted">{t(K::FollowUpWaiting)}</p> }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {can_ask.then(|| view! { <AskFollowUpForm id msg /> })}
        </section>
    }
    .into_any()
}

/// At most this many follow-up questions per message (the API's limit).
const MAX_FOLLOW_UPS: usize = 3;

#[component]
fn AskFollowUpForm(id: i64, msg: Msg) -> impl IntoView {
    let question = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        act(busy, error, msg, api::ask_follow_up(id, question.get_untracked()));
    };
    view! {
        <form class="form action" on:submit=submit novalidate data-testid="follow-up-form">
            <h3>{t(K::AskFollowUpTitle)}</h3>
            <p class="hint">{t(K::AskFollowUpHint)}</p>
            <FormErrorBox error />
            <div class="field">
                <label for="follow-up-question">{t(K::FollowUpQuestion)}</label>
                <textarea
                    id="follow-up-question"
                    data-testid="follow-up-question"
                    rows="3"
                    aria-invalid=move || has_field_error(error, "question")().to_string()
                    aria-describedby="follow-up-question-error"
                    bind:value=question
                ></textarea>
                <FieldError error field="question" field_id="follow-up-question".to_string() />
            </div>
            <button type="submit" class="btn btn-primary" data-testid="follow-up-submit" disabled=move || busy.get()>
                {t(K::AskFollowUp)}
            </button>
        </form>
    }
}

#[component]
fn AnswerFollowUpForm(fid: i64, msg: Msg) -> impl IntoView {
    let answer = RwSignal::new(String::new());
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let field_id = format!("follow-up-answer-{fid}");
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        act(busy, error, msg, api::answer_follow_up(fid, answer.get_untracked()));
    };
    view! {
        <form class="form" on:submit=submit novalidate data-testid="follow-up-answer-form">
            <FormErrorBox error />
            <div class="field">
                <label for=field_id.clone()>{t(K::FollowUpAnswerLabel)}</label>
                <textarea
                    id=field_id.clone()
                    data-testid="follow-up-answer-input"
                    rows="3"
                    aria-invalid=move || has_field_error(error, "answer")().to_string()
                    bind:value=answer
                ></textarea>
                <FieldError error field="answer" field_id=field_id.clone() />
            </div>
            <button type="submit" class="btn btn-primary" data-testid="follow-up-answer-submit" disabled=move || busy.get()>
                {t(K::AnswerFollowUp)}
            </button>
        </form>
    }
}
