//! Topics (专题): the columns that group messages and campaigns, e.g. 优化营商环境 or the enterprise
//! channel 政企直通车; a topic's page shows its campaigns and public messages and links to writing in it.

use crate::api::{self, GetCampaignsQuery, GetMessagesQuery, TopicView, TopicWriters};
use crate::auth::session;
use crate::components::feedback::{ErrorBox, Loading};
use crate::components::message_list::PagedList;
use crate::i18n::{self, K, t};
use crate::pages::campaigns::CampaignList;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn Topics() -> impl IntoView {
    let topics = LocalResource::new(|| api::topics(false));
    view! {
        <div class="section-head">
            <h1>{t(K::TopicsTitle)}</h1>
        </div>
        <p class="hint">{t(K::TopicsLead)}</p>
        {move || match topics.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{t(K::NoTopics)}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="cards topic-cards" data-testid="topics">
                    {list.into_iter().map(|tp| view! { <TopicCard tp /> }).collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

#[component]
fn TopicCard(tp: TopicView) -> impl IntoView {
    view! {
        <li class="card" data-testid="topic">
            <div class="card-head">
                <a class="card-title" href=format!("/topics/{}", tp.id)>{tp.name.clone()}</a>
                {(tp.writers == TopicWriters::Enterprises).then(|| view! {
                    <span class="badge enterprise-only" data-testid="enterprise-only">{t(K::EnterprisesOnly)}</span>
                })}
            </div>
            <p class="excerpt">{tp.description.clone()}</p>
        </li>
    }
}

#[component]
pub fn TopicPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let topic = LocalResource::new(move || api::topic(id()));
    let messages = move |cursor: Option<String>| {
        api::messages(GetMessagesQuery { topic: Some(id()), cursor, ..Default::default() })
    };
    let campaigns = move |cursor: Option<String>| {
        api::campaigns(GetCampaignsQuery { topic: Some(id()), cursor, ..Default::default() })
    };
    let s = session();
    view! {
        {move || match topic.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
            Some(Ok(tp)) => {
                let enterprise_only = tp.writers == TopicWriters::Enterprises;
                // Everyone sees the way in; the server says who may write (a citizen hears a 403 there).
                let may_write = tp.active
                    && s.account.with(|a| a.as_ref().is_none_or(|a| crate::auth::is_writer_role(a.role)));
                view! {
                    <section class="profile" data-testid="topic-head">
                        <div>
                            <h1>{tp.name.clone()}</h1>
                            <p>{tp.description.clone()}</p>
                            <p class="meta">
                                {enterprise_only.then(|| view! { <span class="badge enterprise-only">{t(K::EnterprisesOnly)}</span> })}
                                {(!tp.active).then(|| view! { <span class="tag tag-muted">{t(K::TopicClosed)}</span> })}
                                {tp.domains.iter().map(|d| view! { <span class="tag">{t(i18n::domain(*d))}</span> }).collect_view()}
                            </p>
                        </div>
                        {may_write.then(|| view! {
                            <a class="btn btn-primary" href=format!("/write?topic={}", tp.id) data-testid="write-in-topic">
                                {t(K::WriteInTopic)}
                            </a>
                        })}
                    </section>
                }
                .into_any()
            }
        }}
        <h2>{t(K::CampaignsTitle)}</h2>
        <CampaignList fetch=campaigns />
        <h2>{t(K::TopicMessages)}</h2>
        <PagedList fetch=messages />
    }
}
