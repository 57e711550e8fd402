//! 精选案例: the case library. Answered public messages moderators hold up as examples, each with
//! their note and the reply, newest featured first, by region and domain.

use crate::api::{self, CaseView, Domain, GetCasesQuery};
use crate::components::message_list::MessageCard;
use crate::components::paged::Paged;
use crate::components::pickers::{EnumSelect, RegionSelects};
use crate::i18n::{self, K, t};
use crate::util;
use leptos::prelude::*;

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
    let fetch = move |cursor| api::cases(query(cursor));
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
        <Paged
            fetch
            item={|c, _| view! { <CaseCard c /> }}
            empty=K::NoCases
            testid="cases"
            empty_testid="no-cases"
            class="case-list"
        />
    }
}
