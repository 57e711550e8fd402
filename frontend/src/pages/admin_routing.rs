//! Admin: routing rules (region + domain + optional keywords → unit). On acceptance a message goes
//! straight to the unit of the most specific matching rule; without one it waits in the routing queue.

use super::admin::{AdminNav, Binding};
use crate::api::{self, ApiError, Domain, NewRoutingRule, Role, RoutingRuleView};
use crate::app::RequireRole;
use crate::components::feedback::{ErrorBox, FormErrorBox, Loading, Notice};
use crate::components::form::{Input, submit};
use crate::components::pickers::{EnumSelect, RegionSelects, UnitPicker};
use crate::i18n::{self, K, t};
use crate::util;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RoutingRules() -> impl IntoView {
    view! {
        <RequireRole allow=|r| r == Role::Admin>
            <AdminNav />
            <RoutingPage />
        </RequireRole>
    }
}

/// Keywords as the admin typed them: separated by commas (either width), 、 or spaces.
fn keywords(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ' ', '\u{3000}']).map(str::trim).filter(|w| !w.is_empty()).map(String::from).collect()
}

#[component]
fn RoutingPage() -> impl IntoView {
    let rules = LocalResource::new(api::routing_rules);
    view! {
        <h1>{t(K::RoutingTitle)}</h1>
        <p class="hint">{t(K::RoutingLead)}</p>
        <NewRule on_created=move || rules.refetch() />
        <section class="panel" aria-labelledby="rules-h">
            <h2 id="rules-h">{t(K::RoutingList)}</h2>
            {move || match rules.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{t(K::NoRules)}</p> }.into_any(),
                Some(Ok(list)) => view! { <RuleTable list on_change=move || rules.refetch() /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn RuleTable(list: Vec<RoutingRuleView>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let remove = move |id: i64| {
        spawn_local(async move {
            match api::delete_routing_rule(id).await {
                Ok(()) => on_change(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        <div class="table-wrap">
            <table class="table" data-testid="routing-rules">
                <thead>
                    <tr>
                        <th scope="col">{t(K::Region)}</th>
                        <th scope="col">{t(K::DomainLabel)}</th>
                        <th scope="col">{t(K::Keywords)}</th>
                        <th scope="col">{t(K::Unit)}</th>
                        <th scope="col">{t(K::CreatedAt)}</th>
                        <th scope="col">{t(K::Actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|r| {
                        let id = r.id;
                        let words = if r.keywords.is_empty() { "—".to_string() } else { r.keywords.join("、") };
                        view! {
                            <tr data-testid="routing-rule">
                                <td data-label=move || i18n::tr(K::Region)><RegionName code=r.region_code.clone() /></td>
                                <td data-label=move || i18n::tr(K::DomainLabel)>{t(i18n::domain(r.domain))}</td>
                                <td data-label=move || i18n::tr(K::Keywords)>{words}</td>
                                <td data-label=move || i18n::tr(K::Unit)><Binding id=r.unit_id unit=true /></td>
                                <td data-label=move || i18n::tr(K::CreatedAt)>{util::date(&r.created_at)}</td>
                                <td>
                                    <button type="button" class="btn btn-small" data-testid="delete-rule" on:click=move |_| remove(id)>
                                        {t(K::Delete)}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A region code with its name.
#[component]
pub fn RegionName(code: String) -> impl IntoView {
    let c = code.clone();
    let name = LocalResource::new(move || {
        let c = c.clone();
        async move { api::region(&c).await.map(|r| r.name) }
    });
    view! { <span>{move || name.get().and_then(Result::ok).unwrap_or_else(|| code.clone())}</span> }
}

#[component]
fn NewRule(on_created: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let domain = RwSignal::new(String::new());
    let words = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let created = RwSignal::new(false);
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        created.set(false);
        let region = if city.get_untracked().is_empty() { province.get_untracked() } else { city.get_untracked() };
        let Some(d) = Domain::parse(&domain.get_untracked()) else {
            error.set(Some(crate::components::feedback::required("domain")));
            return;
        };
        let req = NewRoutingRule {
            region_code: region,
            domain: d,
            keywords: Some(keywords(&words.get_untracked())),
            unit_id: unit.get_untracked().parse().unwrap_or(0),
        };
        submit(busy, error, async move { api::create_routing_rule(&req).await }, move |_| {
            created.set(true);
            words.set(String::new());
            on_created();
        });
    };
    view! {
        <section class="panel" aria-labelledby="new-rule-h">
            <h2 id="new-rule-h">{t(K::NewRule)}</h2>
            <form class="form" on:submit=send novalidate data-testid="new-rule">
                <FormErrorBox error />
                <Notice show=created text=K::Saved />
                <div class="form-row">
                    <RegionSelects id="rule-region" province city error />
                    <EnumSelect
                        id="rule-domain"
                        label=K::DomainLabel
                        value=domain
                        options=Domain::ALL
                        as_str=Domain::as_str
                        text=i18n::domain
                        empty=K::ChooseOption
                        error
                        field="domain"
                    />
                </div>
                <Input id="rule-keywords" field="keywords" label=K::KeywordsOptional value=words error hint=K::KeywordsHint />
                <fieldset class="group">
                    <legend>{t(K::RuleUnit)}</legend>
                    <div class="form-row">
                        <UnitPicker id="rule-unit" unit error />
                    </div>
                </fieldset>
                <button type="submit" class="btn btn-primary" data-testid="rule-submit" disabled=move || busy.get()>
                    {t(K::AddRule)}
                </button>
            </form>
        </section>
    }
}
