//! Browse public messages with filters (region, type, domain, status), paged by `next_cursor`; or
//! search them (words in Chinese, with the same filters), matches highlighted.

use crate::api::{
    self, Domain, GetMessagesQuery, GetMessagesSearchQuery, MessageStatus, MessageType, SearchHit, TextMark,
};
use crate::components::message_list::{PagedList, StatusBadge};
use crate::components::paged::Paged;
use crate::components::pickers::{EnumSelect, RegionSelects, split_region};
use crate::i18n::{self, K, t};
use crate::util;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The filters every message list shares, as signals ("" = any).
#[derive(Clone, Copy)]
pub struct Filters {
    pub province: RwSignal<String>,
    pub city: RwSignal<String>,
    pub message_type: RwSignal<String>,
    pub domain: RwSignal<String>,
    pub status: RwSignal<String>,
}

impl Filters {
    pub fn new() -> Self {
        Filters {
            province: RwSignal::new(String::new()),
            city: RwSignal::new(String::new()),
            message_type: RwSignal::new(String::new()),
            domain: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
        }
    }

    /// Starting values from the page's query string (`?status=replied&region=440100`).
    pub fn from_query() -> Self {
        let f = Filters::new();
        let q = use_query_map().get_untracked();
        if let Some(r) = q.get("region") {
            let (p, c) = split_region(&r);
            f.province.set(p);
            f.city.set(c);
        }
        for (key, sig) in [("type", f.message_type), ("domain", f.domain), ("status", f.status)] {
            if let Some(v) = q.get(key) {
                sig.set(v);
            }
        }
        f
    }

    pub fn region(&self) -> Option<String> {
        let c = self.city.get();
        let p = self.province.get();
        if !c.is_empty() {
            Some(c)
        } else if !p.is_empty() {
            Some(p)
        } else {
            None
        }
    }

    pub fn message_type(&self) -> Option<MessageType> {
        MessageType::parse(&self.message_type.get())
    }

    pub fn domain(&self) -> Option<Domain> {
        Domain::parse(&self.domain.get())
    }

    pub fn status(&self) -> Option<MessageStatus> {
        MessageStatus::parse(&self.status.get())
    }
}

/// The filter controls. `with_status`: whether status is one of them.
#[component]
pub fn FilterBar(
    filters: Filters,
    #[prop(default = true)] with_status: bool,
    #[prop(default = true)] with_region: bool,
) -> impl IntoView {
    view! {
        <form class="filters" role="search" aria-label=move || i18n::tr(K::Filter) on:submit=|ev| ev.prevent_default()>
            {with_region.then(|| view! { <RegionSelects id="filter-region" province=filters.province city=filters.city no_city=K::Any no_province=K::Any /> })}
            <EnumSelect
                id="filter-type"
                label=K::MessageTypeLabel
                value=filters.message_type
                options=MessageType::ALL
                as_str=MessageType::as_str
                text=i18n::message_type
                empty=K::Any
            />
            <EnumSelect
                id="filter-domain"
                label=K::DomainLabel
                value=filters.domain
                options=Domain::ALL
                as_str=Domain::as_str
                text=i18n::domain
                empty=K::Any
            />
            {with_status.then(|| view! {
                <EnumSelect
                    id="filter-status"
                    label=K::StatusLabel
                    value=filters.status
                    options=MessageStatus::ALL
                    as_str=MessageStatus::as_str
                    text=i18n::status
                    empty=K::Any
                />
            })}
        </form>
    }
}

#[component]
pub fn Browse() -> impl IntoView {
    let f = Filters::from_query();
    // The words searched for ("" = the plain list, newest first) and what is typed in the box.
    let words = RwSignal::new(use_query_map().get_untracked().get("q").unwrap_or_default());
    let typed = RwSignal::new(words.get_untracked());
    let fetch = move |cursor: Option<String>| {
        api::messages(GetMessagesQuery {
            region: f.region(),
            r#type: f.message_type(),
            domain: f.domain(),
            status: f.status(),
            cursor,
            ..Default::default()
        })
    };
    let navigate = use_navigate();
    let search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let w = typed.get_untracked().trim().to_string();
        words.set(w.clone());
        // Keep the search in the address, so that it can be shared and survives a reload.
        let url = if w.is_empty() {
            "/messages".to_string()
        } else {
            format!("/messages?q={}", String::from(js_sys::encode_uri_component(&w)))
        };
        navigate(&url, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    view! {
        <h1>{t(K::NavBrowse)}</h1>
        <form class="search-bar" role="search" on:submit=search data-testid="search-form">
            <label class="visually-hidden" for="search-q">{t(K::SearchLabel)}</label>
            <input
                id="search-q"
                type="search"
                data-testid="search-q"
                maxlength="100"
                placeholder=move || i18n::tr(K::SearchPlaceholder)
                bind:value=typed
            />
            <button type="submit" class="btn btn-primary" data-testid="search-submit">{t(K::Search)}</button>
        </form>
        <FilterBar filters=f />
        <OpenData filters=f />
        {move || {
            let w = words.get();
            if w.is_empty() {
                view! { <PagedList fetch /> }.into_any()
            } else {
                view! { <SearchResults words=w filters=f /> }.into_any()
            }
        }}
    }
}

/// Links to download every public message matching the filters (open data), as CSV or XLSX.
#[component]
fn OpenData(filters: Filters) -> impl IntoView {
    let f = filters;
    let csv = move || {
        let q = api::GetExportsMessagesCsvQuery {
            region: f.region(),
            r#type: f.message_type(),
            domain: f.domain(),
            status: f.status(),
            ..Default::default()
        };
        format!("{}{}", api::paths::GET_EXPORTS_MESSAGES_CSV, q.to_query())
    };
    let xlsx = move || {
        let q = api::GetExportsMessagesXlsxQuery {
            region: f.region(),
            r#type: f.message_type(),
            domain: f.domain(),
            status: f.status(),
            ..Default::default()
        };
        format!("{}{}", api::paths::GET_EXPORTS_MESSAGES_XLSX, q.to_query())
    };
    view! {
        <p class="open-data" data-testid="open-data">
            <span class="muted">{t(K::OpenData)}</span>
            <a href=csv download="messages.csv" data-testid="export-csv">{t(K::ExportCsv)}</a>
            <a href=xlsx download="messages.xlsx" data-testid="export-xlsx">{t(K::ExportXlsx)}</a>
        </p>
    }
}

/// `text` with the marked ranges (in characters) in `<mark>`.
fn highlighted(text: &str, marks: &[TextMark]) -> impl IntoView + use<> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts = Vec::new();
    let mut at = 0usize;
    for m in marks {
        let (start, end) = ((m.start as usize).min(chars.len()), ((m.start + m.len) as usize).min(chars.len()));
        if start < at {
            continue;
        }
        parts.push(view! { {chars[at..start].iter().collect::<String>()} }.into_any());
        parts.push(view! { <mark>{chars[start..end].iter().collect::<String>()}</mark> }.into_any());
        at = end;
    }
    parts.push(view! { {chars[at..].iter().collect::<String>()} }.into_any());
    parts
}

#[component]
fn SearchCard(hit: SearchHit) -> impl IntoView {
    let m = hit.message;
    view! {
        <li class="card message-card" data-testid="search-hit">
            <div class="card-head">
                <a class="card-title" href=format!("/messages/{}", m.id) data-testid="hit-title">
                    {highlighted(&m.title, &hit.title_marks)}
                </a>
                <StatusBadge status=m.status />
            </div>
            <p class="excerpt" data-testid="hit-snippet">{highlighted(&hit.snippet, &hit.snippet_marks)}</p>
            <div class="meta">
                <span class="tag">{t(i18n::message_type(m.message_type))}</span>
                <span class="tag">{t(i18n::domain(m.domain))}</span>
                <span>{m.region.name.clone()}</span>
                <a href=format!("/leaders/{}", m.leader.id)>{m.leader.name.clone()}</a>
                {m.unit.clone().map(|u| view! { <a href=format!("/units/{}", u.id)>{u.name}</a> })}
                <time datetime=m.created_at.clone()>{util::date(&m.created_at)}</time>
            </div>
        </li>
    }
}

/// Search results for `words` with the filters, paged by `next_cursor`.
#[component]
fn SearchResults(words: String, filters: Filters) -> impl IntoView {
    let f = filters;
    let query = move |cursor: Option<String>| GetMessagesSearchQuery {
        q: Some(words.clone()),
        region: f.region(),
        r#type: f.message_type(),
        domain: f.domain(),
        status: f.status(),
        cursor,
        ..Default::default()
    };
    let fetch = move |cursor| api::search_messages(query(cursor));
    view! { <Paged fetch item={|hit, _| view! { <SearchCard hit /> }} empty=K::NoResults testid="search-results" /> }
}
