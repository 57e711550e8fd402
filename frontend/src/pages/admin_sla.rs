//! Admin: deadlines. SLA tiers (how long a unit has), the rules choosing a tier by message type and/or
//! domain, and the working-day calendar (public holidays and adjusted working days, by year).

use super::admin::AdminNav;
use crate::api::{
    self, ApiError, DayKind, Domain, DurationUnit, MessageType, NewSlaRule, Role, SlaRuleView, SlaTierView,
    SpecialDayView, YearRequest,
};
use crate::app::RequireRole;
use crate::components::feedback::{ErrorBox, FormErrorBox, Loading, Notice};
use crate::components::form::{Input, submit};
use crate::components::pickers::EnumSelect;
use crate::i18n::{self, K, t};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Sla() -> impl IntoView {
    view! {
        <RequireRole allow=|r| r == Role::Admin>
            <AdminNav />
            <h1>{t(K::SlaTitle)}</h1>
            <Tiers />
            <Rules />
        </RequireRole>
    }
}

#[component]
pub fn Calendar() -> impl IntoView {
    view! {
        <RequireRole allow=|r| r == Role::Admin>
            <AdminNav />
            <CalendarPage />
        </RequireRole>
    }
}

fn unit_key(u: DurationUnit) -> K {
    match u {
        DurationUnit::Hours => K::Hours,
        DurationUnit::WorkingDays => K::WorkingDays,
    }
}

#[component]
fn Tiers() -> impl IntoView {
    let tiers = LocalResource::new(api::sla_tiers);
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let unit = RwSignal::new(DurationUnit::WorkingDays.as_str().to_string());
    let amount = RwSignal::new(String::new());
    let escalate = RwSignal::new("24".to_string());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let edit = move |t: &SlaTierView| {
        code.set(t.code.clone());
        name.set(t.name.clone());
        unit.set(t.unit.as_str().to_string());
        amount.set(t.amount.to_string());
        escalate.set(t.escalate_after_hours.to_string());
        saved.set(false);
    };
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let req = SlaTierView {
            code: code.get_untracked().trim().to_string(),
            name: name.get_untracked(),
            unit: DurationUnit::parse(&unit.get_untracked()).unwrap_or(DurationUnit::WorkingDays),
            amount: amount.get_untracked().trim().parse().unwrap_or(0),
            escalate_after_hours: escalate.get_untracked().trim().parse().unwrap_or(0),
        };
        if req.code.is_empty() {
            error.set(Some(crate::components::feedback::required("code")));
            return;
        }
        submit(busy, error, async move { api::put_sla_tier(&req).await }, move |_| {
            saved.set(true);
            tiers.refetch();
        });
    };
    view! {
        <section class="panel" aria-labelledby="tiers-h">
            <h2 id="tiers-h">{t(K::SlaTiers)}</h2>
            {move || match tiers.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="sla-tiers">
                            <thead><tr>
                                <th scope="col">{t(K::Code)}</th>
                                <th scope="col">{t(K::NameLabel)}</th>
                                <th scope="col">{t(K::Duration)}</th>
                                <th scope="col">{t(K::EscalateAfter)}</th>
                                <th scope="col">{t(K::Actions)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|tier| {
                                    let tier2 = tier.clone();
                                    view! {
                                        <tr data-testid="sla-tier">
                                            <td data-label=move || i18n::tr(K::Code)>{tier.code.clone()}</td>
                                            <td data-label=move || i18n::tr(K::NameLabel)>{tier.name.clone()}</td>
                                            <td data-label=move || i18n::tr(K::Duration)>{tier.amount} " " {t(unit_key(tier.unit))}</td>
                                            <td data-label=move || i18n::tr(K::EscalateAfter)>{tier.escalate_after_hours} " " {t(K::Hours)}</td>
                                            <td><button type="button" class="btn btn-small" data-testid=format!("edit-tier-{}", tier.code) on:click=move |_| edit(&tier2)>{t(K::Edit)}</button></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any(),
            }}
            <form class="form action" on:submit=send novalidate data-testid="tier-form">
                <h3>{t(K::SaveTierTitle)}</h3>
                <p class="hint">{t(K::SaveTierHint)}</p>
                <FormErrorBox error />
                <Notice show=saved text=K::Saved />
                <div class="form-row">
                    <Input id="tier-code" field="code" label=K::Code value=code error />
                    <Input id="tier-name" field="name" label=K::NameLabel value=name error />
                    <EnumSelect id="tier-unit" label=K::DurationUnitLabel value=unit options=DurationUnit::ALL as_str=DurationUnit::as_str text=unit_key error field="unit" />
                    <Input id="tier-amount" field="amount" label=K::Amount value=amount error kind="number" />
                    <Input id="tier-escalate" field="escalate_after_hours" label=K::EscalateAfterHours value=escalate error kind="number" />
                </div>
                <button type="submit" class="btn btn-primary" data-testid="tier-submit" disabled=move || busy.get()>{t(K::Save)}</button>
            </form>
        </section>
    }
}

#[component]
fn Rules() -> impl IntoView {
    let rules = LocalResource::new(api::sla_rules);
    let tiers = LocalResource::new(api::sla_tiers);
    let ty = RwSignal::new(String::new());
    let domain = RwSignal::new(String::new());
    let tier = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        let req = NewSlaRule {
            message_type: MessageType::parse(&ty.get_untracked()),
            domain: Domain::parse(&domain.get_untracked()),
            tier: tier.get_untracked(),
        };
        submit(busy, error, async move { api::create_sla_rule(&req).await }, move |_| rules.refetch());
    };
    let remove = move |id: i64| {
        spawn_local(async move {
            match api::delete_sla_rule(id).await {
                Ok(()) => rules.refetch(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="sla-rules-h">
            <h2 id="sla-rules-h">{t(K::SlaRules)}</h2>
            <p class="hint">{t(K::SlaRulesHint)}</p>
            {move || match rules.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{t(K::NoRules)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="sla-rules">
                            <thead><tr>
                                <th scope="col">{t(K::MessageTypeLabel)}</th>
                                <th scope="col">{t(K::DomainLabel)}</th>
                                <th scope="col">{t(K::SlaTier)}</th>
                                <th scope="col">{t(K::Actions)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|r: SlaRuleView| {
                                    let id = r.id;
                                    view! {
                                        <tr data-testid="sla-rule">
                                            <td data-label=move || i18n::tr(K::MessageTypeLabel)>{t(r.message_type.map(i18n::message_type).unwrap_or(K::Any))}</td>
                                            <td data-label=move || i18n::tr(K::DomainLabel)>{t(r.domain.map(i18n::domain).unwrap_or(K::Any))}</td>
                                            <td data-label=move || i18n::tr(K::SlaTier)>{r.tier.clone()}</td>
                                            <td><button type="button" class="btn btn-small" data-testid="delete-sla-rule" on:click=move |_| remove(id)>{t(K::Delete)}</button></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any(),
            }}
            <form class="form action" on:submit=send novalidate data-testid="sla-rule-form">
                <h3>{t(K::AddRule)}</h3>
                <FormErrorBox error />
                <div class="form-row">
                    <EnumSelect id="sla-rule-type" label=K::MessageTypeLabel value=ty options=MessageType::ALL as_str=MessageType::as_str text=i18n::message_type empty=K::Any error field="message_type" />
                    <EnumSelect id="sla-rule-domain" label=K::DomainLabel value=domain options=Domain::ALL as_str=Domain::as_str text=i18n::domain empty=K::Any error field="domain" />
                    <div class="field">
                        <label for="sla-rule-tier">{t(K::SlaTier)}</label>
                        <select id="sla-rule-tier" data-testid="sla-rule-tier" on:change=move |ev| tier.set(event_target_value(&ev))>
                            <option value="" selected=move || tier.get().is_empty()>{t(K::ChooseOption)}</option>
                            {move || tiers.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|x| {
                                let c = x.code.clone();
                                view! { <option value=x.code.clone() selected=move || tier.get() == c>{x.name.clone()} " (" {x.code.clone()} ")"</option> }
                            }).collect_view()}
                        </select>
                        <crate::components::feedback::FieldError error field="tier" field_id="sla-rule-tier".to_string() />
                    </div>
                </div>
                <button type="submit" class="btn btn-primary" data-testid="sla-rule-submit" disabled=move || busy.get()>{t(K::AddRule)}</button>
            </form>
        </section>
    }
}

/// A change to a year's list of special days, applied before the whole year is sent.
type DaysChange = Box<dyn FnOnce(&mut Vec<SpecialDayView>)>;

fn this_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

#[component]
fn CalendarPage() -> impl IntoView {
    let year_text = RwSignal::new(this_year().to_string());
    let year = Memo::new(move |_| year_text.get().trim().parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)));
    let days = LocalResource::new(move || {
        let y = year.get();
        async move {
            match y {
                Some(y) => api::calendar(y).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let date = RwSignal::new(String::new());
    let kind = RwSignal::new(DayKind::Holiday.as_str().to_string());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(false);
    // The API replaces a whole year at once: send what it has, changed.
    let save_year = move |change: DaysChange| {
        let Some(y) = year.get_untracked() else { return };
        let mut list = days.get_untracked().and_then(Result::ok).unwrap_or_default();
        change(&mut list);
        list.sort_by(|a, b| a.date.cmp(&b.date));
        saved.set(false);
        let req = YearRequest { days: list };
        submit(busy, error, async move { api::put_calendar(y, &req).await }, move |_| {
            saved.set(true);
            days.refetch();
        });
    };
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let d = date.get_untracked();
        if d.is_empty() {
            error.set(Some(crate::components::feedback::required("date")));
            return;
        }
        let day = SpecialDayView {
            date: d.clone(),
            kind: DayKind::parse(&kind.get_untracked()).unwrap_or(DayKind::Holiday),
            name: name.get_untracked().trim().to_string(),
        };
        save_year(Box::new(move |list| {
            list.retain(|x| x.date != d);
            list.push(day);
        }));
        name.set(String::new());
    };
    let kind_key = |k: DayKind| match k {
        DayKind::Holiday => K::Holiday,
        DayKind::Workday => K::AdjustedWorkday,
    };
    view! {
        <h1>{t(K::CalendarTitle)}</h1>
        <p class="hint">{t(K::CalendarLead)}</p>
        <section class="panel" aria-labelledby="year-h">
            <div class="section-head">
                <h2 id="year-h">{move || i18n::tr(K::YearDays).replace("{}", &year_text.get())}</h2>
                <div class="filters compact">
                    <div class="field">
                        <label for="calendar-year">{t(K::Year)}</label>
                        <input id="calendar-year" data-testid="calendar-year" type="number" min="1900" max="2200" bind:value=year_text />
                    </div>
                </div>
            </div>
            <FormErrorBox error />
            <Notice show=saved text=K::Saved />
            {move || match days.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty" data-testid="calendar-empty">{t(K::NoSpecialDays)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="calendar-days">
                            <thead><tr>
                                <th scope="col">{t(K::Date)}</th>
                                <th scope="col">{t(K::DayKindLabel)}</th>
                                <th scope="col">{t(K::NameLabel)}</th>
                                <th scope="col">{t(K::Actions)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|d| {
                                    let when = d.date.clone();
                                    view! {
                                        <tr data-testid="calendar-day">
                                            <td data-label=move || i18n::tr(K::Date)>{d.date.clone()}</td>
                                            <td data-label=move || i18n::tr(K::DayKindLabel)>{t(kind_key(d.kind))}</td>
                                            <td data-label=move || i18n::tr(K::NameLabel)>{d.name.clone()}</td>
                                            <td>
                                                <button type="button" class="btn btn-small" data-testid="remove-day" on:click=move |_| {
                                                    let when = when.clone();
                                                    save_year(Box::new(move |list| list.retain(|x| x.date != when)));
                                                }>{t(K::Delete)}</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any(),
            }}
            <form class="form action" on:submit=add novalidate data-testid="calendar-add">
                <h3>{t(K::AddDay)}</h3>
                <div class="form-row">
                    <Input id="day-date" field="date" label=K::Date value=date error kind="date" />
                    <EnumSelect id="day-kind" label=K::DayKindLabel value=kind options=DayKind::ALL as_str=DayKind::as_str text=kind_key error field="kind" />
                    <Input id="day-name" field="name" label=K::NameOptional value=name error />
                </div>
                <button type="submit" class="btn btn-primary" data-testid="day-submit" disabled=move || busy.get()>{t(K::AddDay)}</button>
            </form>
        </section>
    }
}
