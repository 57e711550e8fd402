//! Write a message: region → leader, type, domain, title, text, public or not. The API checks the
//! fields; its errors stand under the fields they name.

use crate::api::{self, ApiError, Domain, FieldError as ApiFieldError, MessageType, NewMessageRequest, Problem};
use crate::app::RequireRole;
use crate::auth::is_writer_role;
use crate::components::feedback::{FieldError, FormErrorBox, has_field_error};
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
        detail: None,
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
        title: String::new(),
        r#type: String::new(),
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
    let message_type = RwSignal::new(String::new());
    let domain = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
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
            topic_id: None,
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
                    <EnumSelect
                        id="domain"
                        label=K::DomainLabel
                        value=domain
                        options=Domain::ALL
                        as_str=Domain::as_str
                        text=i18n::domain
                        empty=K::ChooseOption
                        error
                    />
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
                    ></textarea>
                    <FieldError error field="body" />
                </div>
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
