//! A handling unit's page: its name, region and domains, and the public messages it handles.

use crate::api::{self, Domain, GetMessagesQuery};
use crate::components::feedback::{ErrorBox, Loading};
use crate::components::message_list::PagedList;
use crate::i18n::{self, K, t};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn UnitPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let unit = LocalResource::new(move || {
        let id = id();
        async move {
            let u = api::unit(id).await?;
            let region = api::region(&u.region_code).await.map(|r| r.name).unwrap_or_default();
            Ok::<_, api::ApiError>((u, region))
        }
    });
    let fetch = move |cursor: Option<String>| {
        api::messages(GetMessagesQuery { unit: Some(id()), cursor, ..Default::default() })
    };
    view! {
        {move || match unit.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok((u, region))) => view! {
                <section class="profile" data-testid="unit">
                    <div>
                        <h1>{u.name.clone()}</h1>
                        <p class="muted">{region}</p>
                        <p>
                            <span class="muted">{t(K::UnitDomains)} "："</span>
                            {u.domains.iter().map(|d: &Domain| view! { <span class="tag">{t(i18n::domain(*d))}</span> }).collect_view()}
                        </p>
                    </div>
                </section>
            }
            .into_any(),
        }}
        <h2>{t(K::UnitMessages)}</h2>
        <PagedList fetch />
    }
}
