//! Admin: reference data. Regions (add, rename), the leaders' offices of a region and its handling
//! units (add, change; units have domains and an optional parent unit).

use super::admin::AdminNav;
use crate::api::{
    self, ApiError, Domain, GetUnitsQuery, LeaderChanges, LeaderView, NewLeader, NewRegion, NewUnit, RegionChanges,
    Role, UnitChangesRequest, UnitView,
};
use crate::app::RequireRole;
use crate::components::feedback::{ErrorBox, FieldError, FormErrorBox, Loading, Notice};
use crate::components::form::{Input, submit};
use crate::components::pickers::RegionSelects;
use crate::i18n::{self, K, t};
use crate::util::non_empty;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

#[component]
pub fn Reference() -> impl IntoView {
    view! {
        <RequireRole allow=|r| r == Role::Admin>
            <AdminNav />
            <ReferencePage />
        </RequireRole>
    }
}

#[component]
fn ReferencePage() -> impl IntoView {
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let region = Memo::new(move |_| if city.get().is_empty() { province.get() } else { city.get() });
    view! {
        <h1>{t(K::ReferenceTitle)}</h1>
        <NewRegionForm />
        <section class="panel" aria-labelledby="pick-region-h">
            <h2 id="pick-region-h">{t(K::PickRegionToEdit)}</h2>
            <div class="form-row">
                <RegionSelects id="ref-region" province city />
            </div>
        </section>
        {move || {
            let code = region.get();
            (!code.is_empty()).then(|| view! {
                <RenameRegion code=code.clone() />
                <Leaders code=code.clone() />
                <Units code=code.clone() />
            })
        }}
    }
}

#[component]
fn NewRegionForm() -> impl IntoView {
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let req = NewRegion {
            code: code.get_untracked().trim().to_string(),
            name: name.get_untracked(),
            parent_code: non_empty(parent.get_untracked()),
        };
        submit(busy, error, async move { api::create_region(&req).await }, move |_| {
            done.set(true);
            code.set(String::new());
            name.set(String::new());
        });
    };
    view! {
        <details class="panel">
            <summary><strong>{t(K::NewRegion)}</strong></summary>
            <form class="form" on:submit=send novalidate data-testid="new-region">
                <FormErrorBox error />
                <Notice show=done text=K::Saved />
                <div class="form-row">
                    <Input id="region-code" field="code" label=K::RegionCode value=code error hint=K::RegionCodeHint />
                    <Input id="region-name" field="name" label=K::NameLabel value=name error />
                    <Input id="region-parent" field="parent_code" label=K::ParentRegionCode value=parent error />
                </div>
                <button type="submit" class="btn btn-primary" data-testid="region-submit" disabled=move || busy.get()>{t(K::Create)}</button>
            </form>
        </details>
    }
}

#[component]
fn RenameRegion(code: String) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let c = code.clone();
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let req = RegionChanges { name: name.get_untracked() };
        let c = c.clone();
        submit(busy, error, async move { api::rename_region(&c, &req).await }, move |_| done.set(true));
    };
    view! {
        <section class="panel" aria-labelledby="rename-h">
            <h2 id="rename-h">{t(K::RenameRegion)} " " <span class="muted">{code}</span></h2>
            <form class="form" on:submit=send novalidate data-testid="rename-region">
                <FormErrorBox error />
                <Notice show=done text=K::Saved />
                <div class="form-row">
                    <Input id="rename-name" field="name" label=K::NewName value=name error />
                </div>
                <button type="submit" class="btn btn-secondary" disabled=move || busy.get()>{t(K::Save)}</button>
            </form>
        </section>
    }
}

#[component]
fn Leaders(code: String) -> impl IntoView {
    let c = code.clone();
    let list = LocalResource::new(move || {
        let c = c.clone();
        async move { api::leaders(&c).await }
    });
    let editing = RwSignal::new(None::<i64>);
    let title = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let edit = move |l: &LeaderView| {
        editing.set(Some(l.id));
        title.set(l.title.clone());
        name.set(l.name.clone());
        done.set(false);
    };
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let ok = move |_: LeaderView| {
            done.set(true);
            editing.set(None);
            title.set(String::new());
            name.set(String::new());
            list.refetch();
        };
        match editing.get_untracked() {
            Some(id) => {
                let req = LeaderChanges { title: Some(title.get_untracked()), name: Some(name.get_untracked()) };
                submit(busy, error, async move { api::update_leader(id, &req).await }, ok);
            }
            None => {
                let req =
                    NewLeader { region_code: code.clone(), title: title.get_untracked(), name: name.get_untracked() };
                submit(busy, error, async move { api::create_leader(&req).await }, ok);
            }
        }
    };
    view! {
        <section class="panel" aria-labelledby="leaders-h">
            <h2 id="leaders-h">{t(K::LeadersOfRegion)}</h2>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(ls)) if ls.is_empty() => view! { <p class="empty">{t(K::NoLeaders)}</p> }.into_any(),
                Some(Ok(ls)) => view! {
                    <ul class="leader-list" data-testid="ref-leaders">
                        {ls.into_iter().map(|l| {
                            let l2 = l.clone();
                            view! {
                                <li>
                                    <span><a href=format!("/leaders/{}", l.id)>{l.name.clone()}</a> " " <span class="muted">{l.title.clone()}</span></span>
                                    <button type="button" class="btn btn-small" on:click=move |_| edit(&l2)>{t(K::Edit)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <form class="form action" on:submit=send novalidate data-testid="leader-form">
                <h3>{move || if editing.get().is_some() { i18n::tr(K::EditLeader) } else { i18n::tr(K::NewLeader) }}</h3>
                <FormErrorBox error />
                <Notice show=done text=K::Saved />
                <div class="form-row">
                    <Input id="leader-title" field="title" label=K::LeaderTitle value=title error hint=K::LeaderTitleHint />
                    <Input id="leader-name" field="name" label=K::LeaderName value=name error hint=K::LeaderNameHint />
                </div>
                <div class="buttons">
                    <button type="submit" class="btn btn-primary" data-testid="leader-submit" disabled=move || busy.get()>{t(K::Save)}</button>
                    <button type="button" class="btn btn-link" hidden=move || editing.get().is_none() on:click=move |_| {
                        editing.set(None);
                        title.set(String::new());
                        name.set(String::new());
                    }>{t(K::Cancel)}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn Units(code: String) -> impl IntoView {
    let c = code.clone();
    let list = LocalResource::new(move || {
        let c = c.clone();
        async move { api::units(GetUnitsQuery { region: Some(c), limit: Some(100), ..Default::default() }).await }
    });
    let editing = RwSignal::new(None::<i64>);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let domains = RwSignal::new(Vec::<Domain>::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let clear = move || {
        editing.set(None);
        name.set(String::new());
        parent.set(String::new());
        domains.set(Vec::new());
    };
    let edit = move |u: &UnitView| {
        editing.set(Some(u.id));
        name.set(u.name.clone());
        parent.set(u.parent_id.map(|p| p.to_string()).unwrap_or_default());
        domains.set(u.domains.clone());
        done.set(false);
    };
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let ok = move |_: UnitView| {
            done.set(true);
            clear();
            list.refetch();
        };
        let parent_id = parent.get_untracked().trim().parse::<i64>().ok();
        match editing.get_untracked() {
            Some(id) => {
                let req = UnitChangesRequest {
                    name: Some(name.get_untracked()),
                    parent_id,
                    domains: Some(domains.get_untracked()),
                };
                submit(busy, error, async move { api::update_unit(id, &req).await }, ok);
            }
            None => {
                let req = NewUnit {
                    region_code: code.clone(),
                    name: name.get_untracked(),
                    parent_id,
                    domains: Some(domains.get_untracked()),
                };
                submit(busy, error, async move { api::create_unit(&req).await }, ok);
            }
        }
    };
    view! {
        <section class="panel" aria-labelledby="units-h">
            <h2 id="units-h">{t(K::UnitsOfRegion)}</h2>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(p)) if p.items.is_empty() => view! { <p class="empty">{t(K::NoUnits)}</p> }.into_any(),
                Some(Ok(p)) => view! {
                    <ul class="leader-list" data-testid="ref-units">
                        {p.items.into_iter().map(|u| {
                            let u2 = u.clone();
                            view! {
                                <li data-testid="ref-unit">
                                    <span>
                                        <a href=format!("/units/{}", u.id)>{u.name.clone()}</a>
                                        " " <span class="muted">"#" {u.id}</span>
                                        " " {u.domains.iter().map(|d| view! { <span class="tag">{t(i18n::domain(*d))}</span> " " }).collect_view()}
                                    </span>
                                    <button type="button" class="btn btn-small" on:click=move |_| edit(&u2)>{t(K::Edit)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <form class="form action" on:submit=send novalidate data-testid="unit-form">
                <h3>{move || if editing.get().is_some() { i18n::tr(K::EditUnit) } else { i18n::tr(K::NewUnit) }}</h3>
                <FormErrorBox error />
                <Notice show=done text=K::Saved />
                <div class="form-row">
                    <Input id="unit-name" field="name" label=K::NameLabel value=name error />
                    <Input id="unit-parent" field="parent_id" label=K::ParentUnitId value=parent error kind="number" />
                </div>
                <fieldset class="group">
                    <legend>{t(K::UnitDomains)}</legend>
                    <div class="checks">
                        {Domain::ALL.iter().map(|d| {
                            let d = *d;
                            let id = format!("unit-domain-{}", d.as_str());
                            view! {
                                <label class="choice" for=id.clone()>
                                    <input type="checkbox" id=id.clone() prop:checked=move || domains.with(|v| v.contains(&d)) on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        domains.update(|v| { v.retain(|x| *x != d); if on { v.push(d); } });
                                    } />
                                    {t(i18n::domain(d))}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <FieldError error field="domains" />
                </fieldset>
                <div class="buttons">
                    <button type="submit" class="btn btn-primary" data-testid="unit-submit" disabled=move || busy.get()>{t(K::Save)}</button>
                    <button type="button" class="btn btn-link" hidden=move || editing.get().is_none() on:click=move |_| clear()>{t(K::Cancel)}</button>
                </div>
            </form>
        </section>
    }
}
