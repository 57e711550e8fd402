//! Supervision (督办) of overdue messages: the records the account may see, filtered by state. The unit
//! holding the message explains what it is doing (respond); a moderator closes the record.

use crate::api::{self, ApiError, GetSupervisionsQuery, Role, SupervisionState, SupervisionView};
use crate::app::RequireRole;
use crate::auth::{is_moderator_role, is_staff_role, session};
use crate::components::feedback::{FieldError, FormErrorBox, has_field_error};
use crate::components::paged::Paged;
use crate::i18n::{self, K, t};
use crate::util;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Supervisions() -> impl IntoView {
    view! {
        <RequireRole allow=is_staff_role>
            <SupervisionList />
        </RequireRole>
    }
}

#[component]
fn SupervisionList() -> impl IntoView {
    // Active ones first: what still needs someone.
    let state = RwSignal::new(SupervisionState::Open.as_str().to_string());
    let fetch = move |cursor: Option<String>| {
        let state = SupervisionState::parse(&state.get());
        api::supervisions(GetSupervisionsQuery { state, cursor, ..Default::default() })
    };
    let tab = move |value: Option<SupervisionState>, key: K| {
        let v = value.map(|s| s.as_str().to_string()).unwrap_or_default();
        let v2 = v.clone();
        let id = format!("sv-tab-{}", if v.is_empty() { "all" } else { value.map(|s| s.as_str()).unwrap_or("all") });
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                data-testid=id
                aria-selected=move || (state.get() == v2).to_string()
                on:click=move |_| state.set(v.clone())
            >
                {t(key)}
            </button>
        }
    };
    view! {
        <div class="section-head">
            <h1>{t(K::SupervisionTitle)}</h1>
        </div>
        <p class="hint">{t(K::SupervisionLead)}</p>
        <div class="tabs" role="tablist" aria-label=move || i18n::tr(K::StatusLabel)>
            {tab(Some(SupervisionState::Open), K::SvOpen)}
            {tab(Some(SupervisionState::Responded), K::SvResponded)}
            {tab(Some(SupervisionState::Escalated), K::SvEscalated)}
            {tab(Some(SupervisionState::Closed), K::SvClosed)}
            {tab(None, K::All)}
        </div>
        <Paged
            fetch
            item={|s, reload: Callback<()>| view! { <SupervisionCard s on_change=move || reload.run(()) /> }}
            empty=K::NoSupervisions
            testid="supervisions"
        />
    }
}

pub fn state_key(s: SupervisionState) -> K {
    match s {
        SupervisionState::Open => K::SvOpen,
        SupervisionState::Responded => K::SvResponded,
        SupervisionState::Escalated => K::SvEscalated,
        SupervisionState::Closed => K::SvClosed,
    }
}

/// One supervision record with the steps the account may take on it.
#[component]
pub fn SupervisionCard(
    s: SupervisionView,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
    #[prop(default = true)] with_link: bool,
) -> impl IntoView {
    let account = session().account.get_untracked();
    let active = s.state != SupervisionState::Closed;
    let may_respond = active
        && s.response.is_none()
        && account.as_ref().is_some_and(|a| a.role == Role::UnitStaff && a.unit_id.is_some() && a.unit_id == s.unit_id);
    let may_close = active && account.as_ref().is_some_and(|a| is_moderator_role(a.role));
    let id = s.id;
    view! {
        <li class="card supervision" data-testid="supervision">
            <div class="card-head">
                {if with_link {
                    view! {
                        <a class="card-title" href=format!("/messages/{}", s.message_id)>
                            {move || i18n::tr(K::MessageNumber).replace("{}", &s.message_id.to_string())}
                        </a>
                    }
                    .into_any()
                } else {
                    view! { <span class="card-title">{t(K::SupervisionTitle)}</span> }.into_any()
                }}
                <span class=format!("badge sv-{}", s.state.as_str()) data-testid="supervision-state">{t(state_key(s.state))}</span>
            </div>
            <div class="meta">
                <span>{t(K::MissedDeadline)} " " {util::datetime(&s.due_at)}</span>
                <span>{t(K::OpenedAt)} " " {util::datetime(&s.opened_at)}</span>
                <span>{t(K::EscalatesAt)} " " {util::datetime(&s.escalate_at)}</span>
                <span>{t(K::Round)} " " {s.round}</span>
            </div>
            {s.response.clone().map(|r| view! {
                <p class="sv-text" data-testid="supervision-response"><strong>{t(K::UnitResponse)} "："</strong>{r}</p>
            })}
            {s.note.clone().map(|n| view! { <p class="sv-text"><strong>{t(K::ClosingNote)} "："</strong>{n}</p> })}
            {may_respond.then(|| view! { <SupervisionStep id respond=true on_change /> })}
            {may_close.then(|| view! { <SupervisionStep id respond=false on_change /> })}
        </li>
    }
}

#[component]
fn SupervisionStep(id: i64, respond: bool, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let fid = format!("sv-{}-{id}", if respond { "respond" } else { "close" });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let body = text.get_untracked();
        spawn_local(async move {
            let r =
                if respond { api::respond_supervision(id, body).await } else { api::close_supervision(id, body).await };
            match r {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form action" on:submit=submit novalidate data-testid=if respond { "supervision-respond" } else { "supervision-close" }>
            <FormErrorBox error />
            <div class="field">
                <label for=fid.clone()>{t(if respond { K::RespondLabel } else { K::CloseNoteLabel })}</label>
                <textarea id=fid.clone() rows="2" data-testid="supervision-text" aria-invalid=move || has_field_error(error, "text")().to_string() bind:value=text></textarea>
                <FieldError error field="text" field_id=fid.clone() />
            </div>
            <button type="submit" class=if respond { "btn btn-primary" } else { "btn btn-secondary" } data-testid="supervision-submit" disabled=move || busy.get()>
                {t(if respond { K::Respond } else { K::CloseSupervision })}
            </button>
        </form>
    }
}
