//! 数据统计: how fast and how well each body answers. Headline figures for a region and year, the
//! trend (years, or the months of a year), the split by domain and by region, and the unit ranking;
//! a leader's monthly report with its CSV. All from `/api/v1/stats/...`.

use crate::api::{
    self, BreakdownRow, Domain, GetStatsBreakdownQuery, GetStatsHotWordsQuery, GetStatsSummaryQuery,
    GetStatsTrendQuery, MessageType, StatsBy, StatsMeasures, StatsSort, TrendGrain,
};
use crate::components::feedback::{ErrorBox, Loading};
use crate::components::pickers::RegionSelects;
use crate::i18n::{self, K, t};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A fraction as a percentage, or a dash when there is nothing to divide by.
pub fn percent(v: Option<f64>) -> String {
    v.map(|x| format!("{:.1}%", x * 100.0)).unwrap_or_else(|| "—".into())
}

pub fn days(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

fn this_year() -> i32 {
    js_sys::Date::new_0().get_full_year() as i32
}

fn opt(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The headline figures of one set of messages.
#[component]
fn Headline(m: StatsMeasures) -> impl IntoView {
    let cell = |testid: &'static str, key: K, value: String| {
        view! {
            <div class="figure" data-testid=testid>
                <span class="figure-n">{value}</span>
                <span class="figure-label">{t(key)}</span>
            </div>
        }
    };
    view! {
        <div class="figures">
            {cell("stat-messages", K::StatMessages, m.messages.to_string())}
            {cell("stat-reply-rate", K::StatReplyRate, percent(m.reply_rate))}
            {cell("stat-on-time-rate", K::StatOnTimeRate, percent(m.on_time_rate))}
            {cell("stat-avg-days", K::StatAvgDays, days(m.avg_handling_days))}
            {cell("stat-median-days", K::StatMedianDays, days(m.median_handling_days))}
            {cell("stat-satisfaction", K::StatSatisfaction, percent(m.satisfaction_rate))}
            {cell("stat-suggestion-share", K::StatSuggestionShare, percent(m.suggestion_share))}
        </div>
    }
}

/// A table of rows (periods, domains, regions, units) with their figures; `bar` draws messages as a bar.
#[component]
fn FigureTable(
    testid: &'static str,
    head: K,
    rows: Vec<(String, StatsMeasures)>,
    #[prop(optional)] rank: bool,
) -> impl IntoView {
    let most = rows.iter().map(|(_, m)| m.messages).max().unwrap_or(0).max(1);
    view! {
        <div class="table-wrap">
            <table class="table figures-table" data-testid=testid>
                <thead>
                    <tr>
                        {rank.then(|| view! { <th scope="col">{t(K::StatsRank)}</th> })}
                        <th scope="col">{t(head)}</th>
                        <th scope="col">{t(K::StatMessages)}</th>
                        <th scope="col">{t(K::StatReplyRate)}</th>
                        <th scope="col">{t(K::StatOnTimeRate)}</th>
                        <th scope="col">{t(K::StatAvgDays)}</th>
                        <th scope="col">{t(K::StatSatisfaction)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .enumerate()
                        .map(|(i, (label, m))| {
                            let width = format!("width: {}%", m.messages * 100 / most);
                            view! {
                                <tr data-testid="figure-row">
                                    {rank.then(|| view! { <td data-label=move || i18n::tr(K::StatsRank)>{i + 1}</td> })}
                                    <td data-label=move || i18n::tr(head) data-testid="figure-label">{label}</td>
                                    <td data-label=move || i18n::tr(K::StatMessages)>
                                        <span class="bar" aria-hidden="true"><span style=width></span></span>
                                        <span data-testid="figure-messages">{m.messages}</span>
                                    </td>
                                    <td data-label=move || i18n::tr(K::StatReplyRate)>{percent(m.reply_rate)}</td>
                                    <td data-label=move || i18n::tr(K::StatOnTimeRate)>{percent(m.on_time_rate)}</td>
                                    <td data-label=move || i18n::tr(K::StatAvgDays)>{days(m.avg_handling_days)}</td>
                                    <td data-label=move || i18n::tr(K::StatSatisfaction)>{percent(m.satisfaction_rate)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn domain_label(key: &str) -> String {
    Domain::parse(key).map(|d| i18n::tr(i18n::domain(d)).to_owned()).unwrap_or_else(|| key.to_owned())
}

fn type_label(key: &str) -> String {
    MessageType::parse(key).map(|v| i18n::tr(i18n::message_type(v)).to_owned()).unwrap_or_else(|| key.to_owned())
}

fn labelled(rows: Vec<BreakdownRow>, label: fn(&BreakdownRow) -> String) -> Vec<(String, StatsMeasures)> {
    rows.iter().map(|r| (label(r), r.measures.clone())).collect()
}

/// Shows a loaded resource, or its loading state or error.
fn shown<T: Clone + Send + Sync + 'static, V: IntoView + 'static>(
    r: LocalResource<Result<T, api::ApiError>>,
    f: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    move || match r.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(v)) => f(v).into_any(),
    }
}

#[component]
pub fn Stats() -> impl IntoView {
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    let sort = RwSignal::new(StatsSort::OnTimeRate.as_str().to_owned());
    let min_messages = RwSignal::new("1".to_owned());
    let region = move || opt(city.get()).or_else(|| opt(province.get()));
    let range = move || opt(year.get()).map(|y| (y.clone(), y));

    let summary = LocalResource::new(move || {
        let (region, range) = (region(), range());
        async move {
            let (from, to) = range.unzip();
            api::stats_summary(GetStatsSummaryQuery { region, from, to, ..Default::default() }).await
        }
    });
    let trend = LocalResource::new(move || {
        let (region, year) = (region(), opt(year.get()));
        async move {
            let q = match year {
                Some(y) => GetStatsTrendQuery {
                    region,
                    grain: Some(TrendGrain::Month),
                    from: Some(format!("{y}-01")),
                    to: Some(format!("{y}-12")),
                    ..Default::default()
                },
                None => GetStatsTrendQuery { region, grain: Some(TrendGrain::Year), ..Default::default() },
            };
            api::stats_trend(q).await
        }
    });
    let breakdown = move |by: StatsBy, sort: Option<StatsSort>, min: Option<i64>, limit: Option<i64>| {
        let (region, range) = (region(), range());
        async move {
            let (from, to) = range.unzip();
            let q = GetStatsBreakdownQuery {
                by: Some(by),
                region,
                from,
                to,
                sort,
                min_messages: min,
                limit,
                ..Default::default()
            };
            api::stats_breakdown(q).await
        }
    };
    let by_domain = LocalResource::new(move || breakdown(StatsBy::Domain, None, None, None));
    let by_region = LocalResource::new(move || {
        // A city has no regions under it: then the split is by its leaders.
        let by = if city.get().is_empty() { StatsBy::Region } else { StatsBy::Leader };
        breakdown(by, None, None, None)
    });
    let ranking = LocalResource::new(move || {
        let sort = StatsSort::parse(&sort.get());
        let min = min_messages.get().parse::<i64>().ok();
        breakdown(StatsBy::Unit, sort, min, Some(20))
    });

    let hot = LocalResource::new(move || {
        let (region, period) = (region(), opt(year.get()));
        async move { api::hot_words(GetStatsHotWordsQuery { region, period, limit: Some(30) }).await }
    });

    let years: Vec<String> = (0..10).map(|k| (this_year() - k).to_string()).collect();
    view! {
        <div class="section-head">
            <h1>{t(K::StatsTitle)}</h1>
        </div>
        <p class="hint">{t(K::StatsLead)}</p>
        <form class="filters" aria-label=move || i18n::tr(K::Filter) on:submit=|ev| ev.prevent_default()>
            <RegionSelects id="stats-region" province city no_city=K::WholeProvince no_province=K::Nationwide />
            <div class="field">
                <label for="stats-year">{t(K::StatsYear)}</label>
                <select id="stats-year" data-testid="stats-year" on:change=move |ev| year.set(event_target_value(&ev))>
                    <option value="" selected=move || year.get().is_empty()>{t(K::AllYears)}</option>
                    {years.into_iter().map(|y| {
                        let (v, label) = (y.clone(), y.clone());
                        view! { <option value=y selected=move || year.get() == v>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
        </form>
        <section aria-labelledby="headline-h" data-testid="stats-headline">
            <h2 id="headline-h" class="visually-hidden">{t(K::StatsTitle)}</h2>
            {shown(summary, |s| view! { <Headline m=s.measures /> })}
        </section>
        <section aria-labelledby="hot-h">
            <h2 id="hot-h">{t(K::HotWords)}</h2>
            <p class="hint">{t(K::HotWordsLead)}</p>
            {shown(hot, |h| {
                if h.words.is_empty() {
                    return view! { <p class="empty">{t(K::NoFigures)}</p> }.into_any();
                }
                let most = h.words.iter().map(|w| w.messages).max().unwrap_or(1).max(1);
                view! {
                    <ol class="hot-words" data-testid="hot-words">
                        {h.words.into_iter().map(|w| {
                            // Sized by how often, on a scale of 1 to 4.
                            let size = format!("hot-word hot-{}", 1 + w.messages * 3 / most);
                            let href = format!("/messages?q={}", js_sys::encode_uri_component(&w.word));
                            view! {
                                <li class=size data-testid="hot-word">
                                    <a href=href>{w.word.clone()}</a>
                                    <span class="muted" data-testid="hot-word-count">{w.messages}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
        </section>
        <section aria-labelledby="trend-h">
            <h2 id="trend-h">{t(K::StatsTrend)}</h2>
            {shown(trend, |tr| {
                let rows = tr.points.into_iter().rev().map(|p| (p.period, p.measures)).collect();
                view! { <FigureTable testid="stats-trend" head=K::StatsPeriod rows /> }
            })}
        </section>
        <section aria-labelledby="domain-h">
            <h2 id="domain-h">{t(K::StatsByDomain)}</h2>
            {shown(by_domain, |b| {
                let rows = labelled(b.rows, |r| domain_label(&r.key));
                view! { <FigureTable testid="stats-by-domain" head=K::DomainLabel rows /> }
            })}
        </section>
        <section aria-labelledby="region-h">
            <h2 id="region-h">{t(K::StatsByRegion)}</h2>
            {shown(by_region, |b| {
                let rows = labelled(b.rows, |r| r.label.clone());
                view! { <FigureTable testid="stats-by-region" head=K::StatsRegion rows /> }
            })}
        </section>
        <section aria-labelledby="ranking-h">
            <h2 id="ranking-h">{t(K::StatsRanking)}</h2>
            <form class="filters" on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="ranking-sort">{t(K::StatsSortBy)}</label>
                    <select id="ranking-sort" data-testid="ranking-sort" on:change=move |ev| sort.set(event_target_value(&ev))>
                        {[
                            (StatsSort::OnTimeRate, K::StatOnTimeRate),
                            (StatsSort::SatisfactionRate, K::StatSatisfaction),
                            (StatsSort::ReplyRate, K::StatReplyRate),
                            (StatsSort::AvgHandlingDays, K::StatAvgDays),
                            (StatsSort::Messages, K::StatMessages),
                        ]
                        .into_iter()
                        .map(|(s, k)| view! { <option value=s.as_str() selected=move || sort.get() == s.as_str()>{t(k)}</option> })
                        .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ranking-min">{t(K::StatsMinMessages)}</label>
                    <select id="ranking-min" data-testid="ranking-min" on:change=move |ev| min_messages.set(event_target_value(&ev))>
                        {["1", "5", "20", "100"].into_iter().map(|n| view! {
                            <option value=n selected=move || min_messages.get() == n>{n}</option>
                        }).collect_view()}
                    </select>
                </div>
            </form>
            {shown(ranking, |b| {
                let rows = labelled(b.rows, |r| r.label.clone());
                if rows.is_empty() {
                    view! { <p class="empty">{t(K::NoFigures)}</p> }.into_any()
                } else {
                    view! { <FigureTable testid="stats-ranking" head=K::StatsUnit rows rank=true /> }.into_any()
                }
            })}
        </section>
    }
}

/// A leader's monthly report (月度报告), with the month to show and the CSV of the same.
#[component]
pub fn LeaderReport() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let start = use_query_map().get_untracked().get("month").unwrap_or_else(|| {
        let now = js_sys::Date::new_0();
        format!("{}-{:02}", now.get_full_year(), now.get_month() + 1)
    });
    let month = RwSignal::new(start);
    let report = LocalResource::new(move || {
        let (id, month) = (id(), month.get());
        async move { api::leader_monthly(id, &month).await }
    });
    let csv = move || format!("/api/v1/stats/leaders/{}/monthly.csv?month={}", id(), month.get());
    view! {
        <div class="section-head">
            <h1>{t(K::MonthlyReport)}</h1>
            <a class="btn btn-light" href=csv download="" data-testid="report-csv">{t(K::DownloadCsv)}</a>
        </div>
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="report-month">{t(K::ReportMonth)}</label>
                <input
                    id="report-month"
                    data-testid="report-month"
                    type="month"
                    prop:value=move || month.get()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if !v.is_empty() {
                            month.set(v);
                        }
                    }
                />
            </div>
        </form>
        {shown(report, move |r| {
            let compare = vec![
                (i18n::tr(K::ThisMonth).to_owned(), r.measures.clone()),
                (i18n::tr(K::PreviousMonth).to_owned(), r.previous_month.clone()),
                (i18n::tr(K::YearToDate).to_owned(), r.year_to_date.clone()),
            ];
            let domains = labelled(r.by_domain.clone(), |r| domain_label(&r.key));
            let types = labelled(r.by_type.clone(), |r| type_label(&r.key));
            let units = labelled(r.units.clone(), |r| r.label.clone());
            view! {
                <section class="profile" data-testid="report-leader">
                    <div>
                        <h2><a href=format!("/leaders/{}", r.leader.id)>{r.leader.name.clone()}</a></h2>
                        <p class="muted">{r.month.clone()}</p>
                    </div>
                </section>
                <Headline m=r.measures.clone() />
                <h2>{t(K::StatsCompare)}</h2>
                <FigureTable testid="report-compare" head=K::StatsPeriod rows=compare />
                <h2>{t(K::StatsByDomain)}</h2>
                <FigureTable testid="report-by-domain" head=K::DomainLabel rows=domains />
                <h2>{t(K::StatsByType)}</h2>
                <FigureTable testid="report-by-type" head=K::MessageTypeLabel rows=types />
                <h2>{t(K::StatsUnits)}</h2>
                <FigureTable testid="report-units" head=K::StatsUnit rows=units />
            }
        })}
    }
}
