//! Any of the API's cursor-paged lists on screen: the first page, loaded again from the start when
//! the filters `fetch` reads change, then "load more" appending the following pages below it.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::components::feedback::{ErrorBox, Loading};
use crate::i18n::{self, K, t};

/// A page of one of the API's lists: its items and the cursor of the next page, if any.
pub trait Paging: 'static {
    type Item: Clone + Send + Sync + 'static;
    fn split(self) -> (Vec<Self::Item>, Option<String>);
}

macro_rules! paging {
    ($($page:ident => $item:ident),* $(,)?) => {
        $(impl Paging for api::$page {
            type Item = api::$item;
            fn split(self) -> (Vec<api::$item>, Option<String>) {
                (self.items, self.next_cursor)
            }
        })*
    };
}

paging!(
    MessagePage => MessageSummary,
    SearchPage => SearchHit,
    CampaignPage => CampaignView,
    SuggestionPage => SuggestionView,
    CasePage => CaseView,
    JointReplyPage => JointReplyView,
    SupervisionPage => SupervisionView,
);

/// A paged list. `fetch(cursor)` loads one page; `item(entry, reload)` shows one entry, and may call
/// `reload` after changing it (the list is then read again from its first page). `empty` is said
/// when there is nothing; `testid` names the list and `empty_testid` that sentence. While the first
/// page reloads, the list shows the old one dimmed.
#[component]
pub fn Paged<P, F, Fut, I, V>(
    fetch: F,
    item: I,
    empty: K,
    testid: &'static str,
    #[prop(default = "empty")] empty_testid: &'static str,
    #[prop(default = "cards")] class: &'static str,
    /// Classes of the whole (the list, its error and its button), besides `paged`.
    #[prop(default = "")]
    wrapper: &'static str,
) -> impl IntoView
where
    P: Paging,
    F: Fn(Option<String>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<P, ApiError>> + 'static,
    I: Fn(P::Item, Callback<()>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let busy = RwSignal::new(false);
    let first_fetch = fetch.clone();
    let first = LocalResource::new(move || {
        let fut = first_fetch(None);
        busy.set(true);
        async move {
            let page = fut.await.map(P::split);
            busy.set(false);
            page
        }
    });
    let more = RwSignal::new(Vec::<P::Item>::new());
    let next = RwSignal::new(None::<String>);
    let more_error = RwSignal::new(None::<ApiError>);
    let loading_more = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok((_, cursor))) = first.get() {
            more.set(Vec::new());
            more_error.set(None);
            next.set(cursor);
        }
    });
    let load_more = move |_| {
        let Some(cursor) = next.get_untracked() else { return };
        loading_more.set(true);
        let fut = fetch(Some(cursor));
        spawn_local(async move {
            match fut.await {
                Ok(page) => {
                    let (items, cursor) = page.split();
                    more.update(|m| m.extend(items));
                    next.set(cursor);
                }
                Err(e) => more_error.set(Some(e)),
            }
            loading_more.set(false);
        });
    };
    let reload = Callback::new(move |()| first.refetch());
    let show = move |items: Vec<P::Item>| {
        let item = item.clone();
        items.into_iter().map(move |entry| item(entry, reload)).collect_view()
    };
    let show_more = show.clone();

    view! {
        <div class=format!("paged {wrapper}") class:stale=move || busy.get() aria-busy=move || busy.get().to_string()>
            {move || match first.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok((items, _))) if items.is_empty() => {
                    view! { <p class="empty" data-testid=empty_testid>{t(empty)}</p> }.into_any()
                }
                Some(Ok((items, _))) => {
                    let show_more = show_more.clone();
                    view! {
                        <ul class=class data-testid=testid>
                            {show(items)}
                            {move || show_more(more.get())}
                        </ul>
                    }
                        .into_any()
                }
            }}
            {move || more_error.get().map(|e| view! { <ErrorBox error=e /> })}
            <button
                type="button"
                class="btn btn-secondary load-more"
                data-testid="load-more"
                hidden=move || next.get().is_none()
                disabled=move || loading_more.get()
                on:click=load_more
            >
                {move || if loading_more.get() { i18n::tr(K::Loading) } else { i18n::tr(K::LoadMore) }}
            </button>
        </div>
    }
}
