//! Browse public messages with filters (region, type, domain, status), paged by `next_cursor`.

use crate::api::{self, Domain, GetMessagesQuery, MessageStatus, MessageType};
use crate::components::message_list::PagedList;
use crate::components::pickers::{EnumSelect, RegionSelects, split_region};
use crate::i18n::{self, K, t};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
    view! {
        <h1>{t(K::NavBrowse)}</h1>
        <FilterBar filters=f />
        <PagedList fetch />
    }
}
