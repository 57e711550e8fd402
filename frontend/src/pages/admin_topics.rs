//! Admin: topics (专题). Create one, change its name, text, writers and domains, close or reopen it. A
//! topic only enterprises may write to is an enterprise channel (政企直通车). Topics are never deleted:
//! their messages keep pointing at them.

use super::admin::AdminNav;
use crate::api::{self, ApiError, Domain, NewTopicRequest, Role, TopicChangesRequest, TopicView, TopicWriters};
use crate::app::RequireRole;
use crate::components::feedback::{ErrorBox, FieldError, FormErrorBox, Loading};
use crate::components::form::{Input, submit};
use crate::components::pickers::EnumSelect;
use crate::i18n::{self, K, t};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn AdminTopics() -> impl IntoView {
    view! {
        <RequireRole allow=|r| r == Role::Admin>
            <AdminNav />
            <TopicsPage />
        </RequireRole>
    }
}

#[component]
fn TopicsPage() -> impl IntoView {
    let topics = LocalResource::new(|| api::topics(true));
    // The topic being changed; none = a new one.
    let editing = RwSignal::new(None::<TopicView>);
    view! {
        <h1>{t(K::AdminTopics)}</h1>
        <p class="hint">{t(K::AdminTopicsLead)}</p>
        {move || {
            let current = editing.get();
            view! { <TopicForm current on_saved=move || { editing.set(None); topics.refetch(); } on_cancel=move || editing.set(None) /> }
        }}
        <section class="panel" aria-labelledby="topics-h">
            <h2 id="topics-h">{t(K::TopicsTitle)}</h2>
            {move || match topics.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(list)) => view! { <TopicTable list editing on_change=move || topics.refetch() /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn TopicTable(
    list: Vec<TopicView>,
    editing: RwSignal<Option<TopicView>>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let toggle = move |tp: &TopicView| {
        let (id, active) = (tp.id, !tp.active);
        let req = TopicChangesRequest { active: Some(active), ..Default::default() };
        submit(busy, error, async move { api::update_topic(id, &req).await }, move |_| on_change());
    };
    view! {
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        <div class="table-wrap">
            <table class="table" data-testid="topics-table">
                <thead>
                    <tr>
                        <th scope="col">{t(K::TopicName)}</th>
                        <th scope="col">{t(K::TopicSlug)}</th>
                        <th scope="col">{t(K::TopicWritersLabel)}</th>
                        <th scope="col">{t(K::StatusLabel)}</th>
                        <th scope="col">{t(K::Actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|tp| {
                        let (a, b) = (tp.clone(), tp.clone());
                        let slug = tp.slug.clone();
                        view! {
                            <tr data-testid="topic-row">
                                <td data-label=move || i18n::tr(K::TopicName)><a href=format!("/topics/{}", tp.id)>{tp.name.clone()}</a></td>
                                <td data-label=move || i18n::tr(K::TopicSlug)>{tp.slug.clone()}</td>
                                <td data-label=move || i18n::tr(K::TopicWritersLabel)>{t(i18n::topic_writers(tp.writers))}</td>
                                <td data-label=move || i18n::tr(K::StatusLabel)>{t(if tp.active { K::TopicActive } else { K::TopicClosed })}</td>
                                <td>
                                    <div class="buttons">
                                        <button type="button" class="btn btn-small" data-testid=format!("edit-topic-{slug}") on:click=move |_| editing.set(Some(a.clone()))>
                                            {t(K::Edit)}
                                        </button>
                                        <button type="button" class="btn btn-small" data-testid=format!("toggle-topic-{slug}") disabled=move || busy.get() on:click=move |_| toggle(&b)>
                                            {t(if tp.active { K::CloseTopic } else { K::ReopenTopic })}
                                        </button>
                                    </div>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn TopicForm(
    current: Option<TopicView>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let c = current.clone();
    let slug = RwSignal::new(c.as_ref().map(|c| c.slug.clone()).unwrap_or_default());
    let name = RwSignal::new(c.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let description = RwSignal::new(c.as_ref().map(|c| c.description.clone()).unwrap_or_default());
    let writers = RwSignal::new(c.as_ref().map(|c| c.writers).unwrap_or(TopicWriters::Everyone).as_str().to_string());
    let sort_order = RwSignal::new(c.as_ref().map(|c| c.sort_order).unwrap_or(0).to_string());
    let domains = RwSignal::new(c.as_ref().map(|c| c.domains.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let editing = current.as_ref().map(|c| c.id);
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        let w = TopicWriters::parse(&writers.get_untracked()).unwrap_or(TopicWriters::Everyone);
        let order = sort_order.get_untracked().trim().parse::<i32>().unwrap_or(0);
        let done = move |_| on_saved();
        match editing {
            Some(id) => {
                let req = TopicChangesRequest {
                    name: Some(name.get_untracked()),
                    description: Some(description.get_untracked()),
                    writers: Some(w),
                    domains: Some(domains.get_untracked()),
                    sort_order: Some(order),
                    active: None,
                };
                submit(busy, error, async move { api::update_topic(id, &req).await }, done);
            }
            None => {
                let req = NewTopicRequest {
                    slug: slug.get_untracked().trim().to_string(),
                    name: name.get_untracked(),
                    description: Some(description.get_untracked()),
                    writers: Some(w),
                    domains: Some(domains.get_untracked()),
                    sort_order: Some(order),
                    active: Some(true),
                };
                submit(busy, error, async move { api::create_topic(&req).await }, done);
            }
        }
    };
    view! {
        <section class="panel" aria-labelledby="topic-form-h">
            <h2 id="topic-form-h">{t(if editing.is_some() { K::EditTopic } else { K::NewTopic })}</h2>
            <form class="form" on:submit=send novalidate data-testid="topic-form">
                <FormErrorBox error />
                <div class="form-row">
                    {editing.is_none().then(|| view! { <Input id="topic-slug" field="slug" label=K::TopicSlug value=slug error hint=K::TopicSlugHint /> })}
                    <Input id="topic-name" field="name" label=K::TopicName value=name error />
                    <EnumSelect
                        id="topic-writers"
                        label=K::TopicWritersLabel
                        value=writers
                        options=TopicWriters::ALL
                        as_str=TopicWriters::as_str
                        text=i18n::topic_writers
                        error
                        field="writers"
                    />
                    <Input id="topic-order" field="sort_order" label=K::SortOrder value=sort_order error kind="number" />
                </div>
                <Input id="topic-description" field="description" label=K::TopicDescription value=description error />
                <fieldset class="group">
                    <legend>{t(K::TopicDomains)}</legend>
                    <p class="hint">{t(K::TopicDomainsHint)}</p>
                    <div class="checks" data-testid="topic-domains">
                        {Domain::ALL.iter().map(|d| {
                            let d = *d;
                            let id = format!("topic-domain-{}", d.as_str());
                            view! {
                                <label class="choice" for=id.clone()>
                                    <input
                                        id=id.clone()
                                        type="checkbox"
                                        data-testid=id.clone()
                                        prop:checked=move || domains.with(|ds| ds.contains(&d))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            domains.update(|ds| {
                                                ds.retain(|x| *x != d);
                                                if on { ds.push(d); }
                                            });
                                        }
                                    />
                                    {t(i18n::domain(d))}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <FieldError error field="domains" />
                </fieldset>
                <div class="buttons">
                    <button type="submit" class="btn btn-primary" data-testid="topic-submit" disabled=move || busy.get()>{t(K::Save)}</button>
                    {editing.is_some().then(|| view! {
                        <button type="button" class="btn btn-link" on:click=move |_| on_cancel()>{t(K::Cancel)}</button>
                    })}
                </div>
            </form>
        </section>
    }
}
