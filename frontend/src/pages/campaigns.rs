//! Suggestion campaigns (征集): the public list; a campaign's page with its rules, suggestions, supports
//! and the owner's steps; the owner's form; the outcome report; and the suggestions to work on, by role
//! (the platform's screening queue, the owner's queue of owed responses, the writer's own).

use crate::api::{
    self, AccountView, ApiError, CampaignChangesRequest, CampaignPhase, CampaignView, GetCampaignsIdSuggestionsQuery,
    GetCampaignsQuery, GetSuggestionsQuery, NewCampaignRequest, NewSuggestionRequest, ReviewOutcome, ReviewRequest,
    Role, SuggestionStatus, SuggestionView,
};
use crate::app::RequireRole;
use crate::auth::{is_moderator_role, is_writer_role, session};
use crate::components::feedback::{ErrorBox, FieldError, FormErrorBox, Loading, Notice, has_field_error, required};
use crate::components::form::{Input, submit};
use crate::components::paged::Paged;
use crate::components::pickers::{EnumSelect, LeaderSelect, RegionSelects};
use crate::i18n::{self, K, t};
use crate::util;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use std::future::Future;

/// Leader offices and admins run campaigns; unit staff when an admin gave them the right.
pub fn may_run_campaigns(a: &AccountView) -> bool {
    match a.role {
        Role::LeaderOffice | Role::Admin => true,
        Role::UnitStaff => a.can_run_campaigns,
        _ => false,
    }
}

fn runs_campaigns() -> bool {
    session().account.with(|a| a.as_ref().is_some_and(may_run_campaigns))
}

fn id_param() -> impl Fn() -> i64 + Copy {
    let params = use_params_map();
    move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0)
}

#[component]
pub fn PhaseBadge(phase: CampaignPhase) -> impl IntoView {
    view! {
        <span class=format!("badge phase-{}", phase.as_str()) data-testid="phase">{t(i18n::campaign_phase(phase))}</span>
    }
}

#[component]
pub fn SuggestionBadge(status: SuggestionStatus) -> impl IntoView {
    view! {
        <span class=format!("badge suggestion-{}", status.as_str()) data-testid="suggestion-status">
            {t(i18n::suggestion_status(status))}
        </span>
    }
}

// ---------- the list ----------

#[component]
pub fn CampaignCard(c: CampaignView) -> impl IntoView {
    view! {
        <li class="card campaign-card" data-testid="campaign-item">
            <div class="card-head">
                <a class="card-title" href=format!("/campaigns/{}", c.id)>{c.title.clone()}</a>
                <PhaseBadge phase=c.phase />
            </div>
            <p class="excerpt">{c.description.clone()}</p>
            <div class="meta">
                {c.topic.clone().map(|tp| view! { <a class="tag" href=format!("/topics/{}", tp.id)>{tp.name}</a> })}
                <span>{c.owner.name.clone()}</span>
                <span>{c.region.name.clone()}</span>
                <span>{util::date(&c.opens_at)} " – " {util::date(&c.closes_at)}</span>
                <span data-testid="campaign-counts">
                    {move || i18n::tr(K::CampaignCountsLine)
                        .replacen("{}", &c.counts.suggestions.to_string(), 1)
                        .replacen("{}", &c.counts.supports.to_string(), 1)
                        .replacen("{}", &c.counts.participants.to_string(), 1)}
                </span>
            </div>
        </li>
    }
}

/// Campaigns from any of the API's campaign lists, paged with `next_cursor`.
#[component]
pub fn CampaignList<F, Fut>(fetch: F) -> impl IntoView
where
    F: Fn(Option<String>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<api::CampaignPage, ApiError>> + 'static,
{
    view! { <Paged fetch item={|c, _| view! { <CampaignCard c /> }} empty=K::NoCampaigns testid="campaigns" /> }
}

/// The public list by phase, with a topic filter; owners also get their own campaigns, drafts included.
#[component]
pub fn Campaigns() -> impl IntoView {
    let q = use_query_map().get_untracked();
    // "" = every phase, "mine" = the campaigns the caller runs.
    let tab = RwSignal::new(q.get("phase").unwrap_or_else(|| CampaignPhase::Open.as_str().to_string()));
    let topic = RwSignal::new(q.get("topic").unwrap_or_default());
    let topics = LocalResource::new(|| api::topics(false));
    let fetch = move |cursor: Option<String>| {
        let tab = tab.get();
        let query = GetCampaignsQuery {
            phase: CampaignPhase::parse(&tab),
            managed: (tab == "mine").then_some(true),
            topic: topic.get().parse().ok(),
            cursor,
            ..Default::default()
        };
        api::campaigns(query)
    };
    let tab_button = move |value: &'static str, key: K| {
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                data-testid=format!("campaign-tab-{}", if value.is_empty() { "all" } else { value })
                aria-selected=move || (tab.get() == value).to_string()
                on:click=move |_| tab.set(value.to_string())
            >
                {t(key)}
            </button>
        }
    };
    view! {
        <div class="section-head">
            <h1>{t(K::CampaignsTitle)}</h1>
            <Show when=runs_campaigns>
                <a class="btn btn-primary" href="/campaigns/new" data-testid="new-campaign">{t(K::NewCampaign)}</a>
            </Show>
        </div>
        <p class="hint">{t(K::CampaignsLead)}</p>
        <div class="filters">
            <div class="field">
                <label for="campaign-topic">{t(K::TopicLabel)}</label>
                <select id="campaign-topic" data-testid="campaign-topic" on:change=move |ev| topic.set(event_target_value(&ev))>
                    <option value="">{t(K::Any)}</option>
                    {move || topics.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|tp| {
                        let v = tp.id.to_string();
                        let v2 = v.clone();
                        view! { <option value=v selected=move || topic.get() == v2>{tp.name}</option> }
                    }).collect_view()}
                </select>
            </div>
        </div>
        <div class="tabs" role="tablist" aria-label=move || i18n::tr(K::PhaseLabel)>
            {tab_button("open", K::PhaseOpen)}
            {tab_button("upcoming", K::PhaseUpcoming)}
            {tab_button("closed", K::PhaseClosed)}
            {tab_button("results_published", K::PhaseResultsPublished)}
            {tab_button("", K::All)}
            <Show when=runs_campaigns>{tab_button("mine", K::MyCampaigns)}</Show>
        </div>
        <CampaignList fetch />
    }
}

// ---------- one campaign ----------

#[component]
pub fn CampaignDetail() -> impl IntoView {
    let id = id_param();
    let campaign = LocalResource::new(move || api::campaign(id()));
    // Bumped when a step changes the campaign's suggestions, to reload them.
    let changed = RwSignal::new(0u32);
    view! {
        {move || match campaign.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(c)) => view! {
                <CampaignHead c=c.clone() />
                {c.managed.then(|| view! { <OwnerSteps c=c.clone() on_change=move || campaign.refetch() /> })}
                {(c.phase == CampaignPhase::Open).then(|| view! {
                    <SubmitSuggestion id=c.id on_submitted=move || changed.update(|n| *n += 1) />
                })}
                <CampaignSuggestions c changed />
            }
            .into_any(),
        }}
    }
}

#[component]
fn CampaignHead(c: CampaignView) -> impl IntoView {
    let who = match (c.allow_citizens, c.allow_enterprises) {
        (true, true) => K::CitizensAndEnterprises,
        (true, false) => K::CitizensOnly,
        _ => K::EnterprisesOnly,
    };
    let public_report = c.phase == CampaignPhase::ResultsPublished || c.managed;
    let report_href = format!("/campaigns/{}/report", c.id);
    // The platform may read the report before it is public.
    let report = move || {
        (public_report || session().account.with(|a| a.as_ref().is_some_and(|a| is_moderator_role(a.role))))
            .then(|| report_href.clone())
    };
    view! {
        <article class="message campaign" data-testid="campaign">
            <div class="message-head">
                <h1>{c.title.clone()}</h1>
                <PhaseBadge phase=c.phase />
            </div>
            <div class="meta">
                {c.topic.clone().map(|tp| view! { <a class="tag" href=format!("/topics/{}", tp.id)>{tp.name}</a> })}
                <span>{t(K::CampaignOwner)} "：" {c.owner.name.clone()}</span>
                <span>{c.region.name.clone()}</span>
            </div>
            <div class="body">{c.description.split('\n').map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}</div>
            <dl class="facts">
                <div class="fact"><dt>{t(K::OpensAt)}</dt><dd>{util::datetime(&c.opens_at)}</dd></div>
                <div class="fact"><dt>{t(K::ClosesAt)}</dt><dd>{util::datetime(&c.closes_at)}</dd></div>
                <div class="fact"><dt>{t(K::WhoTakesPart)}</dt><dd data-testid="who-takes-part">{t(who)}</dd></div>
                <div class="fact"><dt>{t(K::MaxPerAccount)}</dt><dd>{c.max_per_account}</dd></div>
                <div class="fact"><dt>{t(K::RealNameRequired)}</dt><dd>{t(if c.real_name_required { K::Yes } else { K::No })}</dd></div>
                {c.support_threshold.map(|n| view! {
                    <div class="fact"><dt>{t(K::SupportThreshold)}</dt><dd data-testid="threshold">{n}</dd></div>
                })}
                <div class="fact fact-wide">
                    <dt>{t(K::CampaignCounts)}</dt>
                    <dd data-testid="campaign-counts">
                        {move || i18n::tr(K::CampaignCountsLine)
                            .replacen("{}", &c.counts.suggestions.to_string(), 1)
                            .replacen("{}", &c.counts.supports.to_string(), 1)
                            .replacen("{}", &c.counts.participants.to_string(), 1)}
                    </dd>
                </div>
            </dl>
            {c.results_summary.clone().map(|s| view! {
                <section class="results" data-testid="results-summary"><h2>{t(K::ResultsSummary)}</h2><p>{s}</p></section>
            })}
            {move || report().map(|href| view! { <a class="btn btn-secondary" href=href data-testid="report-link">{t(K::CampaignReport)}</a> })}
        </article>
    }
}

/// The owner's steps on a campaign: edit a draft, publish it, close it early, publish the results.
#[component]
fn OwnerSteps(c: CampaignView, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let id = c.id;
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let summary = RwSignal::new(String::new());
    let open = move |_| submit(busy, error, api::open_campaign(id), move |_| on_change());
    let close = move |_| submit(busy, error, api::close_campaign(id), move |_| on_change());
    let publish = move |ev: SubmitEvent| {
        ev.prevent_default();
        submit(busy, error, api::publish_results(id, util::non_empty(summary.get_untracked())), move |_| on_change());
    };
    view! {
        <section class="panel actions" data-testid="owner-steps">
            <h2>{t(K::OwnerSteps)}</h2>
            <FormErrorBox error />
            {match c.phase {
                CampaignPhase::Draft => view! {
                    <p class="hint">{t(K::DraftHint)}</p>
                    <div class="buttons">
                        <a class="btn btn-secondary" href=format!("/campaigns/{id}/edit") data-testid="edit-campaign">{t(K::Edit)}</a>
                        <button type="button" class="btn btn-primary" data-testid="open-campaign" disabled=move || busy.get() on:click=open>
                            {t(K::OpenCampaign)}
                        </button>
                    </div>
                }
                .into_any(),
                CampaignPhase::Upcoming | CampaignPhase::Open => view! {
                    <div class="buttons">
                        <a class="btn btn-secondary" href=format!("/suggestions?campaign={id}&owes=1") data-testid="owed-link">{t(K::OwedResponses)}</a>
                        <button type="button" class="btn btn-danger" data-testid="close-campaign" disabled=move || busy.get() on:click=close>
                            {t(K::CloseCampaign)}
                        </button>
                    </div>
                }
                .into_any(),
                CampaignPhase::Closed => view! {
                    <form class="form" on:submit=publish novalidate data-testid="publish-results">
                        <div class="field">
                            <label for="results-summary">{t(K::ResultsSummary)}</label>
                            <textarea id="results-summary" rows="3" data-testid="results-summary-input" bind:value=summary></textarea>
                            <p class="hint">{t(K::PublishResultsHint)}</p>
                        </div>
                        <button type="submit" class="btn btn-primary" data-testid="publish-submit" disabled=move || busy.get()>
                            {t(K::PublishResults)}
                        </button>
                    </form>
                }
                .into_any(),
                CampaignPhase::ResultsPublished => view! { <p class="hint">{t(K::ResultsFinal)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SubmitSuggestion(id: i64, on_submitted: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let s = session();
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        sent.set(false);
        let req = NewSuggestionRequest { title: title.get_untracked(), body: body.get_untracked() };
        submit(busy, error, async move { api::submit_suggestion(id, &req).await }, move |_| {
            title.set(String::new());
            body.set(String::new());
            sent.set(true);
            on_submitted();
        });
    };
    move || {
        match s.account.get().map(|a| a.role) {
        None => view! {
            <p class="panel" data-testid="login-to-suggest">
                <a href=format!("/login?next=%2Fcampaigns%2F{id}")>{t(K::NavLogin)}</a> " " {t(K::LoginToSuggest)}
            </p>
        }
        .into_any(),
        Some(r) if !is_writer_role(r) => ().into_any(),
        Some(_) => view! {
            <section class="panel" aria-labelledby="suggest-h">
                <h2 id="suggest-h">{t(K::SubmitSuggestion)}</h2>
                <form class="form" on:submit=send novalidate data-testid="suggestion-form">
                    <FormErrorBox error />
                    <Notice show=sent text=K::SuggestionSent />
                    <Input id="suggestion-title" field="title" label=K::TitleLabel value=title error />
                    <div class="field">
                        <label for="suggestion-body">{t(K::SuggestionBody)}</label>
                        <textarea
                            id="suggestion-body"
                            rows="5"
                            data-testid="suggestion-body"
                            aria-invalid=move || has_field_error(error, "body")().to_string()
                            aria-describedby="suggestion-body-error"
                            bind:value=body
                        ></textarea>
                        <FieldError error field="body" field_id="suggestion-body".to_string() />
                    </div>
                    <button type="submit" class="btn btn-primary" data-testid="suggestion-submit" disabled=move || busy.get()>
                        {t(K::SubmitSuggestion)}
                    </button>
                </form>
            </section>
        }
        .into_any(),
    }
    }
}

/// A campaign's suggestions: newest or most supported first; its owner also filters by status and
/// the owed responses.
#[component]
fn CampaignSuggestions(c: CampaignView, changed: RwSignal<u32>) -> impl IntoView {
    let id = c.id;
    let sort = RwSignal::new("newest".to_string());
    let owed = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    let ctx = CardContext {
        may_support: c.phase == CampaignPhase::Open,
        may_review: c.managed && c.phase != CampaignPhase::ResultsPublished,
        show_campaign: false,
    };
    let fetch = move |cursor: Option<String>| {
        changed.track();
        let q = GetCampaignsIdSuggestionsQuery {
            sort: Some(sort.get()),
            owes_response: owed.get().then_some(true),
            status: SuggestionStatus::parse(&status.get()),
            cursor,
            ..Default::default()
        };
        api::campaign_suggestions(id, q)
    };
    let sort_tab = move |value: &'static str, key: K| {
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                data-testid=format!("sort-{value}")
                aria-selected=move || (sort.get() == value).to_string()
                on:click=move |_| sort.set(value.to_string())
            >
                {t(key)}
            </button>
        }
    };
    view! {
        <section aria-labelledby="suggestions-h">
            <h2 id="suggestions-h">{t(K::Suggestions)}</h2>
            <div class="tabs" role="tablist" aria-label=move || i18n::tr(K::SortLabel)>
                {sort_tab("newest", K::SortNewest)}
                {sort_tab("supports", K::SortSupports)}
            </div>
            {c.managed.then(|| view! {
                <div class="filters">
                    <EnumSelect
                        id="suggestion-status-filter"
                        label=K::StatusLabel
                        value=status
                        options=SuggestionStatus::ALL
                        as_str=SuggestionStatus::as_str
                        text=i18n::suggestion_status
                        empty=K::Any
                    />
                    <div class="field field-check">
                        <input id="owed-only" type="checkbox" data-testid="owed-only" bind:checked=owed />
                        <label for="owed-only">{t(K::OwedOnly)}</label>
                    </div>
                </div>
            })}
            <SuggestionList fetch ctx />
        </section>
    }
}

/// What a suggestion card may offer, from where it is shown.
#[derive(Clone, Copy)]
struct CardContext {
    /// The campaign is open: writers support and withdraw.
    may_support: bool,
    /// The caller runs the campaign and the results are not final yet.
    may_review: bool,
    /// Cards in a list across campaigns name theirs.
    show_campaign: bool,
}

#[component]
fn SuggestionList<F, Fut>(fetch: F, ctx: CardContext) -> impl IntoView
where
    F: Fn(Option<String>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<api::SuggestionPage, ApiError>> + 'static,
{
    view! {
        <Paged
            fetch
            item={move |s, reload: Callback<()>| view! { <SuggestionCard s ctx on_change=move || reload.run(()) /> }}
            empty=K::NoSuggestions
            testid="suggestions"
        />
    }
}

fn author_of(s: &SuggestionView) -> String {
    match (&s.author.enterprise_name, &s.author.uscc_masked) {
        (Some(n), Some(c)) => format!("{n}（{c}）"),
        (Some(n), None) => n.clone(),
        _ => String::new(),
    }
}

#[component]
fn SuggestionCard(
    s: SuggestionView,
    ctx: CardContext,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    // Reactive: on a fresh page load the account may arrive after the list.
    let role = Memo::new(move |_| session().account.with(|a| a.as_ref().map(|a| a.role)));
    let id = s.id;
    let count = RwSignal::new(s.support_count);
    let supported = RwSignal::new(s.supported);
    let support_error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let toggle = move |_| {
        let on = !supported.get_untracked();
        submit(busy, support_error, api::support(id, on), move |v| {
            count.set(v.support_count);
            supported.set(v.supported);
        });
    };
    let public = !matches!(s.status, SuggestionStatus::Submitted | SuggestionStatus::Rejected);
    let may_support = move || ctx.may_support && public && role.get().is_some_and(is_writer_role);
    let submitted = s.status == SuggestionStatus::Submitted;
    let may_screen = move || submitted && role.get().is_some_and(is_moderator_role);
    let may_review = ctx.may_review && public;
    let author = author_of(&s);
    view! {
        <li class="card suggestion" data-testid="suggestion" data-id=id.to_string()>
            <div class="card-head">
                <span class="card-title" data-testid="suggestion-title">{s.title.clone()}</span>
                <SuggestionBadge status=s.status />
            </div>
            <p class="suggestion-body">{s.body.clone()}</p>
            <div class="meta">
                {ctx.show_campaign.then(|| view! {
                    <a href=format!("/campaigns/{}", s.campaign.id) data-testid="suggestion-campaign">{s.campaign.name.clone()}</a>
                })}
                <span>{if author.is_empty() { view! { {t(K::RoleCitizen)} }.into_any() } else { view! { {author} }.into_any() }}</span>
                <time datetime=s.created_at.clone()>{util::date(&s.created_at)}</time>
                <span data-testid="support-count">{move || i18n::tr(K::SupportsN).replace("{}", &count.get().to_string())}</span>
                {s.owes_response.then(|| view! { <span class="badge overdue" data-testid="owes-response">{t(K::OwesResponse)}</span> })}
            </div>
            {s.review_note.clone().map(|n| view! {
                <p class="sv-text" data-testid="review-note"><strong>{t(K::ReviewNote)} "："</strong>{n}</p>
            })}
            {s.reject_reason.clone().map(|r| view! {
                <p class="return-reason" data-testid="reject-reason"><strong>{t(K::RejectReasonLabel)} "："</strong>{r}</p>
            })}
            {move || may_support().then(|| view! {
                <div class="buttons">
                    <button
                        type="button"
                        class="btn btn-small"
                        data-testid="support"
                        aria-pressed=move || supported.get().to_string()
                        disabled=move || busy.get()
                        on:click=toggle
                    >
                        {move || if supported.get() { i18n::tr(K::WithdrawSupport) } else { i18n::tr(K::Support) }}
                    </button>
                </div>
            })}
            {move || support_error.get().map(|e| view! { <ErrorBox error=e /> })}
            {move || may_screen().then(|| view! { <ScreenSuggestion id on_change /> })}
            {may_review.then(|| view! { <ReviewSuggestion id on_change /> })}
        </li>
    }
}

/// The platform's screening: publish the suggestion, or refuse it with a reason for its author.
#[component]
fn ScreenSuggestion(id: i64, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let accept = move |_| submit(busy, error, api::accept_suggestion(id), move |_| on_change());
    let reject = move |ev: SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked();
        submit(busy, error, api::reject_suggestion(id, r), move |_| on_change());
    };
    let fid = format!("reject-{id}");
    view! {
        <div class="action" data-testid="screen-suggestion">
            <FormErrorBox error />
            <div class="action-pair">
                <button type="button" class="btn btn-primary" data-testid="accept-suggestion" disabled=move || busy.get() on:click=accept>
                    {t(K::AcceptSuggestion)}
                </button>
                <form class="form" on:submit=reject novalidate>
                    <div class="field">
                        <label for=fid.clone()>{t(K::RejectReasonLabel)}</label>
                        <input id=fid.clone() data-testid="reject-reason-input" bind:value=reason />
                        <FieldError error field="reason" field_id=fid.clone() />
                    </div>
                    <button type="submit" class="btn btn-danger" data-testid="reject-suggestion" disabled=move || busy.get()>
                        {t(K::RejectSuggestion)}
                    </button>
                </form>
            </div>
        </div>
    }
}

/// The owner's decision with its public note; it may change until the results are published.
#[component]
fn ReviewSuggestion(id: i64, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let outcome = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(outcome) = ReviewOutcome::parse(&outcome.get_untracked()) else {
            error.set(Some(required("outcome")));
            return;
        };
        let req = ReviewRequest { outcome, note: note.get_untracked() };
        submit(busy, error, async move { api::review_suggestion(id, &req).await }, move |_| on_change());
    };
    let oid = format!("outcome-{id}");
    let nid = format!("review-note-{id}");
    view! {
        <form class="form action" on:submit=send novalidate data-testid="review-suggestion">
            <FormErrorBox error />
            <div class="form-row">
                <div class="field">
                    <label for=oid.clone()>{t(K::ReviewOutcomeLabel)}</label>
                    <select id=oid.clone() data-testid="review-outcome" on:change=move |ev| outcome.set(event_target_value(&ev))>
                        <option value="">{t(K::ChooseOption)}</option>
                        {ReviewOutcome::ALL.iter().map(|o| view! {
                            <option value=o.as_str()>{t(i18n::review_outcome(*o))}</option>
                        }).collect_view()}
                    </select>
                    <FieldError error field="outcome" field_id=oid.clone() />
                </div>
                <div class="field">
                    <label for=nid.clone()>{t(K::ReviewNote)}</label>
                    <input id=nid.clone() data-testid="review-note-input" bind:value=note />
                    <FieldError error field="note" field_id=nid.clone() />
                </div>
            </div>
            <button type="submit" class="btn btn-secondary" data-testid="review-submit" disabled=move || busy.get()>
                {t(K::SaveReview)}
            </button>
        </form>
    }
}

// ---------- the owner's form ----------

#[component]
pub fn NewCampaign() -> impl IntoView {
    view! {
        <RequireRole allow=|r| matches!(r, Role::LeaderOffice | Role::UnitStaff | Role::Admin)>
            <CampaignForm existing=None />
        </RequireRole>
    }
}

#[component]
pub fn EditCampaign() -> impl IntoView {
    let id = id_param();
    let campaign = LocalResource::new(move || api::campaign(id()));
    view! {
        <RequireRole allow=|r| matches!(r, Role::LeaderOffice | Role::UnitStaff | Role::Admin)>
            {move || match campaign.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(c)) => view! { <CampaignForm existing=Some(c) /> }.into_any(),
            }}
        </RequireRole>
    }
}

/// Creates a draft, or changes one. An admin chooses the leader whose office runs it; everyone else
/// runs campaigns for their own leader or unit.
#[component]
fn CampaignForm(existing: Option<CampaignView>) -> impl IntoView {
    let is_admin = session().account.with_untracked(|a| a.as_ref().is_some_and(|a| a.role == Role::Admin));
    let c = existing.clone();
    let title = RwSignal::new(c.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let description = RwSignal::new(c.as_ref().map(|c| c.description.clone()).unwrap_or_default());
    let topic =
        RwSignal::new(c.as_ref().and_then(|c| c.topic.as_ref()).map(|tp| tp.id.to_string()).unwrap_or_default());
    let opens = RwSignal::new(c.as_ref().map(|c| util::iso_to_local(&c.opens_at)).unwrap_or_default());
    let closes = RwSignal::new(c.as_ref().map(|c| util::iso_to_local(&c.closes_at)).unwrap_or_default());
    let max = RwSignal::new(c.as_ref().map(|c| c.max_per_account).unwrap_or(3).to_string());
    let citizens = RwSignal::new(c.as_ref().map(|c| c.allow_citizens).unwrap_or(true));
    let enterprises = RwSignal::new(c.as_ref().map(|c| c.allow_enterprises).unwrap_or(true));
    let real_name = RwSignal::new(c.as_ref().map(|c| c.real_name_required).unwrap_or(false));
    let threshold =
        RwSignal::new(c.as_ref().and_then(|c| c.support_threshold).map(|n| n.to_string()).unwrap_or_default());
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let leader = RwSignal::new(String::new());
    let topics = LocalResource::new(|| api::topics(false));
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let editing = existing.as_ref().map(|c| c.id);

    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (Some(opens_at), Some(closes_at)) =
            (util::local_to_iso(&opens.get_untracked()), util::local_to_iso(&closes.get_untracked()))
        else {
            let field = if util::local_to_iso(&opens.get_untracked()).is_none() { "opens_at" } else { "closes_at" };
            error.set(Some(required(field)));
            return;
        };
        let max_per_account = max.get_untracked().trim().parse::<i32>().unwrap_or(0);
        let support_threshold = threshold.get_untracked().trim().parse::<i32>().ok();
        let topic_id = topic.get_untracked().parse::<i64>().ok();
        let navigate = navigate.clone();
        let go = move |c: CampaignView| navigate(&format!("/campaigns/{}", c.id), NavigateOptions::default());
        match editing {
            Some(id) => {
                let req = CampaignChangesRequest {
                    title: Some(title.get_untracked()),
                    description: Some(description.get_untracked()),
                    topic_id,
                    opens_at: Some(opens_at),
                    closes_at: Some(closes_at),
                    max_per_account: Some(max_per_account),
                    allow_citizens: Some(citizens.get_untracked()),
                    allow_enterprises: Some(enterprises.get_untracked()),
                    real_name_required: Some(real_name.get_untracked()),
                    support_threshold,
                };
                submit(busy, error, async move { api::update_campaign(id, &req).await }, go);
            }
            None => {
                let leader_id = leader.get_untracked().parse::<i64>().ok();
                if is_admin && leader_id.is_none() {
                    error.set(Some(required("leader_id")));
                    return;
                }
                let req = NewCampaignRequest {
                    title: title.get_untracked(),
                    description: description.get_untracked(),
                    topic_id,
                    opens_at,
                    closes_at,
                    max_per_account: Some(max_per_account),
                    allow_citizens: Some(citizens.get_untracked()),
                    allow_enterprises: Some(enterprises.get_untracked()),
                    real_name_required: Some(real_name.get_untracked()),
                    support_threshold,
                    leader_id: if is_admin { leader_id } else { None },
                    unit_id: None,
                };
                submit(busy, error, async move { api::create_campaign(&req).await }, go);
            }
        }
    };
    let check = move |id: &'static str, label: K, value: RwSignal<bool>| {
        view! {
            <div class="field field-check">
                <input id=id type="checkbox" data-testid=id bind:checked=value />
                <label for=id>{t(label)}</label>
            </div>
        }
    };
    view! {
        <div class="panel form-page">
            <h1>{t(if editing.is_some() { K::EditCampaign } else { K::NewCampaign })}</h1>
            <form class="form" on:submit=send novalidate data-testid="campaign-form">
                <FormErrorBox error />
                {(is_admin && editing.is_none()).then(|| view! {
                    <fieldset class="group">
                        <legend>{t(K::CampaignOwner)}</legend>
                        <div class="form-row">
                            <RegionSelects id="campaign-region" province city error />
                            <LeaderSelect id="campaign-leader" province city leader error />
                        </div>
                    </fieldset>
                })}
                <Input id="campaign-title" field="title" label=K::TitleLabel value=title error />
                <div class="field">
                    <label for="campaign-description">{t(K::CampaignDescription)}</label>
                    <textarea
                        id="campaign-description"
                        rows="6"
                        data-testid="campaign-description"
                        aria-invalid=move || has_field_error(error, "description")().to_string()
                        bind:value=description
                    ></textarea>
                    <FieldError error field="description" field_id="campaign-description".to_string() />
                </div>
                <div class="form-row">
                    <Input id="campaign-opens" field="opens_at" label=K::OpensAt value=opens error kind="datetime-local" />
                    <Input id="campaign-closes" field="closes_at" label=K::ClosesAt value=closes error kind="datetime-local" />
                </div>
                <div class="form-row">
                    <div class="field">
                        <label for="campaign-topic-pick">{t(K::TopicLabel)}</label>
                        <select id="campaign-topic-pick" data-testid="campaign-topic-pick" on:change=move |ev| topic.set(event_target_value(&ev))>
                            <option value="">{t(K::NoTopic)}</option>
                            {move || topics.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|tp| {
                                let v = tp.id.to_string();
                                let v2 = v.clone();
                                view! { <option value=v selected=move || topic.get() == v2>{tp.name}</option> }
                            }).collect_view()}
                        </select>
                        <FieldError error field="topic_id" />
                    </div>
                    <Input id="campaign-max" field="max_per_account" label=K::MaxPerAccount value=max error kind="number" />
                    <Input id="campaign-threshold" field="support_threshold" label=K::SupportThreshold value=threshold error kind="number" hint=K::SupportThresholdHint />
                </div>
                <fieldset class="group">
                    <legend>{t(K::WhoTakesPart)}</legend>
                    <div class="checks">
                        {check("campaign-citizens", K::AllowCitizens, citizens)}
                        {check("campaign-enterprises", K::AllowEnterprises, enterprises)}
                        {check("campaign-real-name", K::RealNameRequired, real_name)}
                    </div>
                    <FieldError error field="allow_citizens" />
                </fieldset>
                <button type="submit" class="btn btn-primary" data-testid="campaign-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n::tr(K::Working) } else { i18n::tr(K::SaveDraft) }}
                </button>
            </form>
        </div>
    }
}

// ---------- the report ----------

#[component]
pub fn CampaignReport() -> impl IntoView {
    let id = id_param();
    let report = LocalResource::new(move || api::campaign_report(id()));
    let ctx = CardContext { may_support: false, may_review: false, show_campaign: false };
    let noop = || {};
    view! {
        {move || match report.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(r)) => view! {
                <section class="panel" data-testid="report">
                    <div class="section-head">
                        <h1>{t(K::CampaignReport)}</h1>
                        <PhaseBadge phase=r.campaign.phase />
                    </div>
                    <p><a href=format!("/campaigns/{}", r.campaign.id)>{r.campaign.title.clone()}</a></p>
                    {r.campaign.results_summary.clone().map(|s| view! { <p data-testid="results-summary">{s}</p> })}
                    <div class="table-wrap">
                        <table class="table" data-testid="report-counts">
                            <thead><tr><th scope="col">{t(K::StatusLabel)}</th><th scope="col">{t(K::Count)}</th></tr></thead>
                            <tbody>
                                {r.by_status.iter().map(|s| view! {
                                    <tr data-testid=format!("count-{}", s.status.as_str())>
                                        <td data-label=move || i18n::tr(K::StatusLabel)>{t(i18n::suggestion_status(s.status))}</td>
                                        <td data-label=move || i18n::tr(K::Count)>{s.count}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p data-testid="owed-count">{move || i18n::tr(K::OwedCount).replace("{}", &r.owed_responses.to_string())}</p>
                </section>
                <section aria-labelledby="adopted-h">
                    <h2 id="adopted-h">{t(K::AdoptedSuggestions)}</h2>
                    {if r.adopted.is_empty() {
                        view! { <p class="empty">{t(K::NoSuggestions)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="cards" data-testid="adopted">
                                {r.adopted.clone().into_iter().map(|s| view! { <SuggestionCard s ctx on_change=noop /> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                </section>
                <section aria-labelledby="top-h">
                    <h2 id="top-h">{t(K::TopSupported)}</h2>
                    <ul class="cards" data-testid="top-supported">
                        {r.top_supported.clone().into_iter().map(|s| view! { <SuggestionCard s ctx on_change=noop /> }).collect_view()}
                    </ul>
                </section>
            }
            .into_any(),
        }}
    }
}

// ---------- suggestions to work on ----------

/// The platform screens here, owners answer their owed responses, writers follow their own suggestions.
#[component]
pub fn WorkSuggestions() -> impl IntoView {
    view! {
        <RequireRole allow=|_| true>
            <WorkList />
        </RequireRole>
    }
}

#[component]
fn WorkList() -> impl IntoView {
    let account = session().account.get_untracked();
    let role = account.as_ref().map(|a| a.role).unwrap_or(Role::Citizen);
    let owner = account.as_ref().is_some_and(may_run_campaigns);
    let q = use_query_map().get_untracked();
    let campaign = q.get("campaign").and_then(|c| c.parse::<i64>().ok());
    // Tabs: "submitted" (screening), "owed", "" (everything the role sees).
    let start = if q.get("owes").is_some() {
        "owed"
    } else if is_moderator_role(role) {
        "submitted"
    } else if owner {
        "owed"
    } else {
        ""
    };
    let tab = RwSignal::new(start.to_string());
    let ctx = CardContext { may_support: false, may_review: owner, show_campaign: true };
    let fetch = move |cursor: Option<String>| {
        let tab = tab.get();
        let query = GetSuggestionsQuery {
            campaign,
            status: (tab == "submitted").then_some(SuggestionStatus::Submitted),
            owes_response: (tab == "owed").then_some(true),
            cursor,
            ..Default::default()
        };
        api::work_suggestions(query)
    };
    let title = if is_writer_role(role) {
        K::MySuggestions
    } else if is_moderator_role(role) {
        K::ScreenSuggestions
    } else {
        K::SuggestionWork
    };
    let tab_button = move |value: &'static str, key: K| {
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                data-testid=format!("work-tab-{}", if value.is_empty() { "all" } else { value })
                aria-selected=move || (tab.get() == value).to_string()
                on:click=move |_| tab.set(value.to_string())
            >
                {t(key)}
            </button>
        }
    };
    view! {
        <div class="section-head">
            <h1>{t(title)}</h1>
        </div>
        {(!is_writer_role(role)).then(|| view! {
            <div class="tabs" role="tablist" aria-label=move || i18n::tr(K::StatusLabel)>
                {is_moderator_role(role).then(|| tab_button("submitted", K::ToScreen))}
                {tab_button("owed", K::OwedResponses)}
                {tab_button("", K::All)}
            </div>
        })}
        <SuggestionList fetch ctx />
    }
}
