//! A leader's page: the office, its region, and the public messages written to it.

use crate::api::{self, GetMessagesQuery};
use crate::auth::{is_writer_role, role};
use crate::components::feedback::{ErrorBox, Loading};
use crate::components::message_list::PagedList;
use crate::i18n::{K, t};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LeaderPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let leader = LocalResource::new(move || {
        let id = id();
        async move {
            let l = api::leader(id).await?;
            let region = api::region(&l.region_code).await.map(|r| r.name).unwrap_or_default();
            Ok::<_, api::ApiError>((l, region))
        }
    });
    let fetch = move |cursor: Option<String>| {
        api::messages(GetMessagesQuery { leader: Some(id()), cursor, ..Default::default() })
    };
    view! {
        {move || match leader.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok((l, region))) => {
                let can_write = role().is_none_or(is_writer_role);
                let write = format!("/write?leader={}&region={}", l.id, l.region_code);
                view! {
                    <section class="profile" data-testid="leader">
                        <div>
                            <h1>{l.name.clone()}</h1>
                            <p class="muted">{region} " · " {l.title.clone()}</p>
                        </div>
                        <div class="profile-actions">
                            <a class="btn btn-light" href=format!("/stats/leaders/{}", l.id) data-testid="leader-report">
                                {t(K::MonthlyReport)}
                            </a>
                            {can_write.then(|| view! { <a class="btn btn-primary" href=write>{t(K::WriteToLeader)}</a> })}
                        </div>
                    </section>
                }
                    .into_any()
            }
        }}
        <h2>{t(K::LeaderMessages)}</h2>
        <PagedList fetch />
    }
}
