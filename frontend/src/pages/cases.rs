//! 精选案例: the case library. Answered public messages moderators hold up as examples, each with
//! their note and the reply, newest featured first, by region and domain.

use crate::api::{self, ApiError, CasePage, CaseView, Domain, GetCasesQuery};
use crate::components::feedback::{ErrorBox, Loading};
use crate::components::message_list::MessageCard;
use crate::components::pickers::{EnumSelect, RegionSelects};
use crate::i18n::{self, K, t};
use crate::util;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn opt(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

#[component]
fn CaseCard(c: CaseView) -> impl IntoView {
    view! {
        <li class="case-card" data-testid="case">
            <ul class="cards"><MessageCard m=c.message /></ul>
            <div class="case-note">
                <strong>{t(K::CaseNote)}</strong>
                <p data-testid="case-note-text">{c.note}</p>
                <span class="muted">{util::date(&c.featured_at)}</span>
            </div>
            {c.reply.map(|r| view! {
                <div class="case-reply">
                    <strong>{t(K::CaseReply)}</strong>
                    <p data-testid="case-reply">{r}</p>
                </div>
            })}
        </li>
    }
}

#[component]
pub fn Cases() -> impl IntoView {
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let domain = RwSignal::new(String::new());
    let query = move |cursor: Option<String>| GetCasesQuery {
        region: opt(city.get()).or_else(|| opt(province.get())),
        domain: Domain::parse(&domain.get()),
        cursor,
        limit: None,
    };
    let first = LocalResource::new(move || {
        let q = query(None);
        async move { api::cases(q).await }
    });
    let more = RwSignal::new(Vec::<CaseView>::new());
    let next = RwSignal::new(None::<String>);
    let more_error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| {
        if let Some(Ok(p)) = first.get() {
            more.set(Vec::new());
            next.set(p.next_cursor.clone());
        }
    });
    let load_more = move |_| {
        let Some(cursor) = next.get_untracked() else { return };
        let q = query(Some(cursor));
        spawn_local(async move {
            match api::cases(q).await {
                Ok(CasePage { items, next_cursor }) => {
                    more.update(|m| m.extend(items));
                    next.set(next_cursor);
                }
                Err(e) => more_error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="section-head">
            <h1>{t(K::CasesTitle)}</h1>
        </div>
        <p class="hint">{t(K::CasesLead)}</p>
        <form class="filters" aria-label=move || i18n::tr(K::Filter) on:submit=|ev| ev.prevent_default()>
            <RegionSelects id="cases-region" province city no_city=K::Any no_province=K::Any />
            <EnumSelect
                id="cases-domain"
                label=K::DomainLabel
                value=domain
                options=Domain::ALL
                as_str=Domain::as_str
                text=i18n::domain
                empty=K::Any
            />
        </form>
        {move || match first.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(p)) if p.items.is_empty() => view! { <p class="empty" data-testid="no-cases">{t(K::NoCases)}</p> }.into_any(),
            Some(Ok(p)) => view! {
                <ol class="case-list" data-testid="cases">
                    {p.items.into_iter().map(|c| view! { <CaseCard c /> }).collect_view()}
                    {move || more.get().into_iter().map(|c| view! { <CaseCard c /> }).collect_view()}
                </ol>
            }
            .into_any(),
        }}
        {move || more_error.get().map(|e| view! { <ErrorBox error=e /> })}
        {move || next.get().is_some().then(|| view! {
            <button type="button" class="btn btn-light" data-testid="cases-more" on:click=load_more>{t(K::LoadMore)}</button>
        })}
    }
}
