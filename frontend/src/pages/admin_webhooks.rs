//! Admin: webhook endpoints for integrators. Register one (its signing secret is shown once), list,
//! pause or resume, inspect its deliveries with every attempt, and send a delivery again.

use super::admin::AdminNav;
use crate::api::{
    self, ApiError, DeliveryState, DeliveryView, GetWebhooksIdDeliveriesQuery, NewWebhookRequest, Role,
    UpdateWebhookRequest, WebhookEventType, WebhookView,
};
use crate::app::RequireRole;
use crate::components::feedback::{ErrorBox, FieldError, FormErrorBox, Loading};
use crate::components::form::{Input, submit};
use crate::i18n::{self, K, t};
use crate::util;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Webhooks() -> impl IntoView {
    view! {
        <RequireRole allow=|r| r == Role::Admin>
            <AdminNav />
            <WebhooksPage />
        </RequireRole>
    }
}

#[component]
fn WebhooksPage() -> impl IntoView {
    let list = LocalResource::new(api::webhooks);
    let selected = RwSignal::new(None::<i64>);
    view! {
        <h1>{t(K::WebhooksTitle)}</h1>
        <p class="hint">{t(K::WebhooksLead)}</p>
        <Register on_created=move || list.refetch() />
        <section class="panel" aria-labelledby="hooks-h">
            <h2 id="hooks-h">{t(K::WebhookList)}</h2>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(hooks)) if hooks.is_empty() => view! { <p class="empty">{t(K::NoWebhooks)}</p> }.into_any(),
                Some(Ok(hooks)) => view! { <HookTable hooks selected on_change=move || list.refetch() /> }.into_any(),
            }}
        </section>
        {move || selected.get().map(|id| view! { <Deliveries id /> })}
    }
}

fn event_label(e: WebhookEventType) -> &'static str {
    e.as_str()
}

#[component]
fn Register(on_created: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let events = RwSignal::new(vec![WebhookEventType::Any]);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let secret = RwSignal::new(None::<String>);
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        secret.set(None);
        let req =
            NewWebhookRequest { url: url.get_untracked().trim().to_string(), event_types: events.get_untracked() };
        submit(busy, error, async move { api::create_webhook(&req).await }, move |w: WebhookView| {
            secret.set(w.secret);
            url.set(String::new());
            on_created();
        });
    };
    view! {
        <section class="panel" aria-labelledby="register-hook-h">
            <h2 id="register-hook-h">{t(K::RegisterWebhook)}</h2>
            {move || secret.get().map(|s| view! {
                <div class="secret" role="status" data-testid="webhook-secret-box">
                    <p><strong>{t(K::SecretOnce)}</strong></p>
                    <code data-testid="webhook-secret">{s}</code>
                </div>
            })}
            <form class="form" on:submit=send novalidate data-testid="register-webhook">
                <FormErrorBox error />
                <Input id="hook-url" field="url" label=K::Url value=url error kind="url" />
                <fieldset class="group">
                    <legend>{t(K::EventTypes)}</legend>
                    <div class="checks">
                        {WebhookEventType::ALL.iter().map(|e| {
                            let e = *e;
                            let id = if e == WebhookEventType::Any {
                                "hook-event-all".to_string()
                            } else {
                                format!("hook-event-{}", e.as_str().replace('.', "-"))
                            };
                            view! {
                                <label class="choice" for=id.clone()>
                                    <input
                                        type="checkbox"
                                        id=id.clone()
                                        data-testid=id.clone()
                                        prop:checked=move || events.with(|v| v.contains(&e))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            events.update(|v| {
                                                v.retain(|x| *x != e);
                                                if on { v.push(e); }
                                            });
                                        }
                                    />
                                    {if e == WebhookEventType::Any { i18n::tr(K::AllEvents).to_string() } else { event_label(e).to_string() }}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <FieldError error field="event_types" />
                </fieldset>
                <button type="submit" class="btn btn-primary" data-testid="hook-submit" disabled=move || busy.get()>{t(K::Register)}</button>
            </form>
        </section>
    }
}

#[component]
fn HookTable(
    hooks: Vec<WebhookView>,
    selected: RwSignal<Option<i64>>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let toggle = move |id: i64, active: bool| {
        let req = UpdateWebhookRequest { active: Some(!active), ..Default::default() };
        spawn_local(async move {
            match api::update_webhook(id, &req).await {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        <div class="table-wrap">
            <table class="table" data-testid="webhooks">
                <thead><tr>
                    <th scope="col">{t(K::Url)}</th>
                    <th scope="col">{t(K::EventTypes)}</th>
                    <th scope="col">{t(K::StatusLabel)}</th>
                    <th scope="col">{t(K::CreatedAt)}</th>
                    <th scope="col">{t(K::Actions)}</th>
                </tr></thead>
                <tbody>
                    {hooks.into_iter().map(|h| {
                        let (id, active) = (h.id, h.active);
                        let events = h.event_types.iter().map(|e| if *e == WebhookEventType::Any { "*" } else { e.as_str() }).collect::<Vec<_>>().join(", ");
                        view! {
                            <tr data-testid="webhook">
                                <td class="wrap" data-label=move || i18n::tr(K::Url)>{h.url.clone()}</td>
                                <td class="wrap" data-label=move || i18n::tr(K::EventTypes)>{events}</td>
                                <td data-label=move || i18n::tr(K::StatusLabel) data-testid="webhook-state">
                                    {move || if active { i18n::tr(K::Active) } else { i18n::tr(K::Paused) }}
                                </td>
                                <td data-label=move || i18n::tr(K::CreatedAt)>{util::date(&h.created_at)}</td>
                                <td>
                                    <div class="buttons">
                                        <button type="button" class="btn btn-small" data-testid="webhook-toggle" on:click=move |_| toggle(id, active)>
                                            {move || if active { i18n::tr(K::Pause) } else { i18n::tr(K::Resume) }}
                                        </button>
                                        <button type="button" class="btn btn-small" data-testid="webhook-deliveries" aria-pressed=move || (selected.get() == Some(id)).to_string() on:click=move |_| selected.set(Some(id))>
                                            {t(K::Deliveries)}
                                        </button>
                                    </div>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn delivery_state_key(s: DeliveryState) -> K {
    match s {
        DeliveryState::Pending => K::DeliveryPending,
        DeliveryState::Delivered => K::DeliveryDelivered,
        DeliveryState::Failed => K::DeliveryFailed,
    }
}

#[component]
fn Deliveries(id: i64) -> impl IntoView {
    let state = RwSignal::new(String::new());
    let list = LocalResource::new(move || {
        let state = DeliveryState::parse(&state.get());
        async move {
            api::deliveries(id, GetWebhooksIdDeliveriesQuery { state, limit: Some(50), ..Default::default() }).await
        }
    });
    view! {
        <section class="panel" aria-labelledby="deliveries-h" data-testid="deliveries-panel">
            <div class="section-head">
                <h2 id="deliveries-h">{move || i18n::tr(K::DeliveriesOf).replace("{}", &id.to_string())}</h2>
                <div class="buttons">
                    <div class="filters compact">
                        <crate::components::pickers::EnumSelect
                            id="delivery-state"
                            label=K::StatusLabel
                            value=state
                            options=DeliveryState::ALL
                            as_str=DeliveryState::as_str
                            text=delivery_state_key
                            empty=K::All
                        />
                    </div>
                    <button type="button" class="btn btn-small" data-testid="deliveries-refresh" on:click=move |_| list.refetch()>{t(K::Refresh)}</button>
                </div>
            </div>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! { <p class="empty" data-testid="no-deliveries">{t(K::NoDeliveries)}</p> }.into_any(),
                Some(Ok(p)) => view! {
                    <ul class="cards" data-testid="deliveries">
                        {p.items.into_iter().map(|d| view! { <Delivery d on_change=move || list.refetch() /> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </section>
    }
}

#[component]
fn Delivery(d: DeliveryView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let id = d.id;
    let can_redeliver = d.state != DeliveryState::Pending;
    let redeliver = move |_| {
        spawn_local(async move {
            match api::redeliver(id).await {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let attempts = d.attempts.clone();
    view! {
        <li class="card" data-testid="delivery">
            <div class="card-head">
                <span class="card-title">{d.event_type.as_str()} " · #" {d.id}</span>
                <span class=format!("badge delivery-{}", d.state.as_str()) data-testid="delivery-state">{t(delivery_state_key(d.state))}</span>
            </div>
            <div class="meta">
                {d.message_id.map(|m| view! { <a href=format!("/messages/{m}")>{move || i18n::tr(K::MessageNumber).replace("{}", &m.to_string())}</a> })}
                <span>{t(K::CreatedAt)} " " {util::datetime(&d.created_at)}</span>
                <span>{move || i18n::tr(K::AttemptCount).replace("{}", &d.attempt_count.to_string())}</span>
                {d.last_status.map(|s| view! { <span>"HTTP " {s}</span> })}
                {d.delivered_at.clone().map(|at| view! { <span>{t(K::DeliveredAt)} " " {util::datetime(&at)}</span> })}
                {d.next_attempt_at.clone().map(|at| view! { <span>{t(K::NextAttempt)} " " {util::datetime(&at)}</span> })}
            </div>
            {d.last_error.clone().map(|e| view! { <p class="error-detail">{e}</p> })}
            {(!attempts.is_empty()).then(|| view! {
                <details>
                    <summary>{t(K::Attempts)}</summary>
                    <ol class="attempts" data-testid="attempts">
                        {attempts.into_iter().map(|a| view! {
                            <li>
                                {util::datetime(&a.at)} " · "
                                {a.status_code.map(|s| format!("HTTP {s}")).unwrap_or_else(|| "—".into())} " · "
                                {a.duration_ms} " ms"
                                {a.error.map(|e| view! { " · " <span class="error-detail">{e}</span> })}
                            </li>
                        }).collect_view()}
                    </ol>
                </details>
            })}
            {can_redeliver.then(|| view! {
                <button type="button" class="btn btn-small" data-testid="redeliver" on:click=redeliver>{t(K::Redeliver)}</button>
            })}
            {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        </li>
    }
}
