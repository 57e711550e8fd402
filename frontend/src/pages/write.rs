//! Write a message: region → leader, type, domain, title, text, public or not. The API checks the
//! fields; its errors stand under the fields they name.

use crate::api::{
    self, ApiError, Domain, FieldError as ApiFieldError, MessageType, NewMessageRequest, Problem, TopicWriters,
};
use crate::app::RequireRole;
use crate::auth::is_writer_role;
use crate::components::feedback::{FieldError, FormErrorBox, has_field_error};
use crate::components::message_list::StatusBadge;
use crate::components::pickers::{EnumSelect, LeaderSelect, RegionSelects};
use crate::i18n::{self, K, t};
use crate::util::new_idempotency_key;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn Write() -> impl IntoView {
    view! {
        <RequireRole allow=is_writer_role>
            <WriteForm />
        </RequireRole>
    }
}

/// A validation problem found before sending (choices the API cannot receive empty).
fn missing(fields: &[&str]) -> ApiError {
    ApiError::Problem(Problem {
        code: "validation_failed".into(),
        errors: Some(
            fields
                .iter()
                .map(|f| ApiFieldError {
                    field: f.to_string(),
                    code: "required".into(),
                    message: "must not be blank".into(),
                })
                .collect(),
        ),
        status: 422,
        ..Default::default()
    })
}

#[component]
fn WriteForm() -> impl IntoView {
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let leader = RwSignal::new(String::new());
    // A leader's page links here with `?leader=ID&region=CODE`.
    let q = use_query_map().get_untracked();
    if let Some(r) = q.get("region") {
        let (p, c) = crate::components::pickers::split_region(&r);
        province.set(p);
        city.set(c);
    }
    if let Some(l) = q.get("leader") {
        leader.set(l);
    }
    // A topic's page links here with `?topic=ID`.
    let topic = RwSignal::new(q.get("topic").unwrap_or_default());
    let topics = LocalResource::new(|| api::topics(false));
    let chosen_topic = move || {
        let id = topic.get();
        topics.get().and_then(Result::ok).unwrap_or_default().into_iter().find(|tp| tp.id.to_string() == id)
    };
    // A topic may narrow the domains; an empty list means any.
    let domains = move || {
        let allowed = chosen_topic().map(|tp| tp.domains).unwrap_or_default();
        if allowed.is_empty() { Domain::ALL.to_vec() } else { allowed }
    };
    let message_type = RwSignal::new(String::new());
    let domain = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    // What the similar-messages box looks for: the title and text as they stand when the writer
    // leaves either field (not on every key).
    let asked = RwSignal::new(String::new());
    let ask = move |_| asked.set(format!("{} {}", title.get_untracked(), body.get_untracked()).trim().to_string());
    let is_public = RwSignal::new(true);
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    // One key per message meant: a retried submission is answered with the same message.
    let key = RwSignal::new(new_idempotency_key());
    let navigate = use_navigate();

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let region = if city.get_untracked().is_empty() { province.get_untracked() } else { city.get_untracked() };
        let mut empty = Vec::new();
        if region.is_empty() {
            empty.push("region_code");
        }
        let leader_id = leader.get_untracked().parse::<i64>().ok();
        if leader_id.is_none() {
            empty.push("leader_id");
        }
        let ty = MessageType::parse(&message_type.get_untracked());
        if ty.is_none() {
            empty.push("message_type");
        }
        let dom = Domain::parse(&domain.get_untracked());
        if dom.is_none() {
            empty.push("domain");
        }
        let (Some(leader_id), Some(ty), Some(dom), false) = (leader_id, ty, dom, region.is_empty()) else {
            error.set(Some(missing(&empty)));
            return;
        };
        let req = NewMessageRequest {
            leader_id,
            region_code: region,
            message_type: ty,
            domain: dom,
            title: title.get_untracked(),
            body: body.get_untracked(),
            is_public: Some(is_public.get_untracked()),
            topic_id: topic.get_untracked().parse().ok(),
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let k = key.get_untracked();
        spawn_local(async move {
            match api::write_message(&req, &k).await {
                Ok(m) => {
                    key.set(new_idempotency_key());
                    navigate(&format!("/messages/{}", m.id), NavigateOptions::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    view! {
        <div class="panel form-page">
            <h1>{t(K::WriteTitle)}</h1>
            <p class="lead">{t(K::WriteLead)}</p>
            <form class="form" on:submit=submit novalidate data-testid="write-form">
                <FormErrorBox error />
                <div class="field">
                    <label for="topic_id">{t(K::TopicLabel)}</label>
                    <select
                        id="topic_id"
                        data-testid="topic_id"
                        aria-invalid=move || has_field_error(error, "topic_id")().to_string()
                        on:change=move |ev| {
                            topic.set(event_target_value(&ev));
                            let d = domain.get_untracked();
                            if !domains().iter().any(|x| x.as_str() == d) {
                                domain.set(String::new());
                            }
                        }
                    >
                        <option value="" selected=move || topic.get().is_empty()>{t(K::NoTopic)}</option>
                        {move || topics.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|tp| {
                            let v = tp.id.to_string();
                            let v2 = v.clone();
                            view! { <option value=v selected=move || topic.get() == v2>{tp.name}</option> }
                        }).collect_view()}
                    </select>
                    {move || chosen_topic().filter(|tp| tp.writers == TopicWriters::Enterprises).map(|_| view! {
                        <p class="hint" data-testid="enterprise-channel-hint">{t(K::EnterpriseChannelHint)}</p>
                    })}
                    <FieldError error field="topic_id" />
                </div>
                <fieldset class="group">
                    <legend>{t(K::MatterRegion)}</legend>
                    <div class="form-row">
                        <RegionSelects id="write-region" province city error />
                    </div>
                    <LeaderSelect id="leader_id" province city leader error />
                </fieldset>
                <div class="form-row">
                    <EnumSelect
                        id="message_type"
                        label=K::MessageTypeLabel
                        value=message_type
                        options=MessageType::ALL
                        as_str=MessageType::as_str
                        text=i18n::message_type
                        empty=K::ChooseOption
                        error
                    />
                    <div class="field">
                        <label for="domain">{t(K::DomainLabel)}</label>
                        <select
                            id="domain"
                            data-testid="domain"
                            aria-invalid=move || has_field_error(error, "domain")().to_string()
                            on:change=move |ev| domain.set(event_target_value(&ev))
                        >
                            <option value="" selected=move || domain.get().is_empty()>{t(K::ChooseOption)}</option>
                            {move || domains().into_iter().map(|d| {
                                let v = d.as_str();
                                view! { <option value=v selected=move || domain.get() == v>{t(i18n::domain(d))}</option> }
                            }).collect_view()}
                        </select>
                        <FieldError error field="domain" />
                    </div>
                </div>
                <div class="field">
                    <label for="title">{t(K::TitleLabel)}</label>
                    <input
                        id="title"
                        name="title"
                        data-testid="title"
                        aria-invalid=move || has_field_error(error, "title")().to_string()
                        aria-describedby="title-error"
                        bind:value=title
                        on:change=ask
                    />
                    <FieldError error field="title" />
                </div>
                <div class="field">
                    <label for="body">{t(K::BodyLabel)}</label>
                    <textarea
                        id="body"
                        name="body"
                        rows="8"
                        data-testid="body"
                        aria-invalid=move || has_field_error(error, "body")().to_string()
                        aria-describedby="body-error"
                        bind:value=body
                        on:change=ask
                    ></textarea>
                    <FieldError error field="body" />
                </div>
                <SimilarMessages asked />
                <div class="field field-check">
                    <input id="is_public" type="checkbox" data-testid="is_public" bind:checked=is_public />
                    <label for="is_public">{t(K::IsPublicLabel)}</label>
                </div>
                <button type="submit" class="btn btn-primary" data-testid="write-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n::tr(K::Working) } else { i18n::tr(K::SendMessage) }}
                </button>
            </form>
        </div>
    }
}

/// Public messages that already ask the same (with the start of their answer), so the writer may find
/// an answer before writing.
#[component]
fn SimilarMessages(asked: RwSignal<String>) -> impl IntoView {
    let found = LocalResource::new(move || {
        let text = asked.get();
        async move {
            if text.chars().count() < 4 {
                return Ok(None);
            }
            api::similar_messages(api::GetMessagesSimilarQuery { text: Some(text), limit: Some(5) }).await.map(Some)
        }
    });
    move || {
        match found.get() {
        Some(Ok(Some(page))) if !page.items.is_empty() => view! {
            <aside class="similar" data-testid="similar" aria-labelledby="similar-h">
                <h2 id="similar-h">{t(K::SimilarTitle)}</h2>
                <p class="hint">{t(K::SimilarLead)}</p>
                <ul>
                    {page.items.into_iter().map(|s| {
                        let answer: Option<String> = s.replies.first().map(|r| {
                            let short: String = r.chars().take(80).collect();
                            if r.chars().count() > 80 { format!("{short}…") } else { short }
                        });
                        view! {
                            <li data-testid="similar-item">
                                <a href=format!("/messages/{}", s.message.id) target="_blank" data-testid="similar-title">
                                    {s.message.title.clone()}
                                </a>
                                " "
                                <StatusBadge status=s.message.status />
                                <p class="excerpt" data-testid="similar-answer">
                                    {answer.unwrap_or_else(|| i18n::tr(K::NotAnsweredYet).to_owned())}
                                </p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </aside>
        }
        .into_any(),
        _ => ().into_any(),
    }
    }
}
