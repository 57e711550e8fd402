//! The front page: headline counts, the latest answered messages, and leaders by region.

use crate::api::{self, ApiError, GetMessagesQuery, MessageStatus, MessageSummary};
use crate::components::feedback::{ErrorBox, Loading};
use crate::components::message_list::MessageCard;
use crate::components::pickers::{RegionSelects, leaders_of};
use crate::i18n::{K, t};
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <section class="hero" data-testid="home">
            <h1>{t(K::AppTagline)}</h1>
            <p class="lead">{t(K::HomeLead)}</p>
            <Summary />
        </section>
        <div class="home-grid">
            <section class="panel" aria-labelledby="latest-h">
                <div class="section-head">
                    <h2 id="latest-h">{t(K::LatestAnswered)}</h2>
                    <a href="/messages?status=replied">{t(K::MoreMessages)}" ›"</a>
                </div>
                <LatestAnswered />
            </section>
            <section class="panel" aria-labelledby="leaders-h">
                <h2 id="leaders-h">{t(K::LeadersByRegion)}</h2>
                <LeadersByRegion />
            </section>
        </div>
    }
}

#[component]
fn Summary() -> impl IntoView {
    let summary = LocalResource::new(api::summary);
    let stat = |n: i64, k: K, id: &'static str| {
        view! {
            <div class="stat" data-testid=id>
                <span class="stat-n">{n}</span>
                <span class="stat-label">{t(k)}</span>
            </div>
        }
    };
    view! {
        <div class="stats" data-testid="summary">
            {move || match summary.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(s)) => {
                    view! {
                        {stat(s.public_messages, K::StatPublic, "stat-public")}
                        {stat(s.replied_messages, K::StatReplied, "stat-replied")}
                        {stat(s.leaders, K::StatLeaders, "stat-leaders")}
                        {stat(s.units, K::StatUnits, "stat-units")}
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// Answered = replied or closed: the newest of both, merged.
async fn latest_answered() -> Result<Vec<MessageSummary>, ApiError> {
    let q = |s| GetMessagesQuery { status: Some(s), limit: Some(8), ..Default::default() };
    let mut all = api::messages(q(MessageStatus::Replied)).await?.items;
    all.extend(api::messages(q(MessageStatus::Closed)).await?.items);
    all.sort_by(|a, b| b.updated_at.cmp(&a.updated_at));
    all.truncate(8);
    Ok(all)
}

#[component]
fn LatestAnswered() -> impl IntoView {
    let list = LocalResource::new(latest_answered);
    move || match list.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
        Some(Ok(items)) if items.is_empty() => view! { <p class="empty">{t(K::NoMessages)}</p> }.into_any(),
        Some(Ok(items)) => view! {
            <ul class="cards" data-testid="latest">
                {items.into_iter().map(|m| view! { <MessageCard m /> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

#[component]
fn LeadersByRegion() -> impl IntoView {
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let leaders = LocalResource::new(move || leaders_of(province.get(), city.get()));
    let provinces = LocalResource::new(api::provinces);
    view! {
        <div class="form-row">
            <RegionSelects id="home-region" province city />
        </div>
        {move || {
            if province.get().is_empty() {
                // Every province as a chip: one click shows its leaders.
                let chips = provinces.get().and_then(Result::ok).unwrap_or_default();
                return view! {
                    <p class="hint">{t(K::PickProvinceHint)}</p>
                    <div class="chips" data-testid="province-chips">
                        {chips
                            .into_iter()
                            .map(|r| {
                                let code = r.code.clone();
                                view! {
                                    <button type="button" class="chip" on:click=move |_| province.set(code.clone())>
                                        {r.name}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                }
                .into_any();
            }
            match leaders.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(v)) if v.is_empty() => view! { <p class="empty">{t(K::NoLeaders)}</p> }.into_any(),
                Some(Ok(v)) => view! {
                    <ul class="leader-list" data-testid="leaders">
                        {v.into_iter()
                            .map(|l| view! {
                                <li>
                                    <a href=format!("/leaders/{}", l.id)>{l.name}</a>
                                    <span class="muted">{l.title}</span>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }
        }}
    }
}
