//! Pickers for the reference data: region (province, then city), leader, handling unit, and the API's
//! enums. Each is a labelled `<select>` bound to a string signal ("" = nothing chosen).

use crate::api::{self, ApiError, GetUnitsQuery, LeaderView};
use crate::components::feedback::{FieldError, FormError, has_field_error};
use crate::i18n::{K, t};
use leptos::prelude::*;

/// The province code of a GB/T 2260 region code (`440100` → `440000`).
pub fn province_of(code: &str) -> String {
    if code.len() == 6 { format!("{}0000", &code[..2]) } else { code.to_string() }
}

/// `(province, city)` signals' starting values for a region code.
pub fn split_region(code: &str) -> (String, String) {
    let province = province_of(code);
    let city = if code != province { code.to_string() } else { String::new() };
    (province, city)
}

/// Province and (optional) city selects. `id` prefixes the elements' ids and test ids:
/// `{id}-province`, `{id}-city`.
#[component]
pub fn RegionSelects(
    id: &'static str,
    province: RwSignal<String>,
    city: RwSignal<String>,
    /// What the empty city option says ("whole province", "any").
    #[prop(default = K::WholeProvince)]
    no_city: K,
    /// What the empty province option says.
    #[prop(default = K::ChooseProvince)]
    no_province: K,
    /// Label for the city select.
    #[prop(default = K::City)]
    city_label: K,
    #[prop(optional)] error: Option<FormError>,
) -> impl IntoView {
    let provinces = LocalResource::new(api::provinces);
    let cities = LocalResource::new(move || {
        let p = province.get();
        async move { if p.is_empty() { Ok(Vec::new()) } else { api::cities(&p).await } }
    });
    let pid = format!("{id}-province");
    let cid = format!("{id}-city");
    let error = error.unwrap_or_else(|| RwSignal::new(None));
    view! {
        <div class="field">
            <label for=pid.clone()>{t(K::Province)}</label>
            <select
                id=pid.clone()
                data-testid=pid.clone()
                aria-invalid=move || has_field_error(error, "region_code")().to_string()
                on:change=move |ev| {
                    province.set(event_target_value(&ev));
                    city.set(String::new());
                }
            >
                <option value="" selected=move || province.get().is_empty()>{t(no_province)}</option>
                {move || {
                    provinces
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|r| {
                            let code = r.code.clone();
                            view! {
                                <option value=r.code selected=move || province.get() == code>{r.name}</option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
        <div class="field">
            <label for=cid.clone()>{t(city_label)}</label>
            <select
                id=cid.clone()
                data-testid=cid.clone()
                disabled=move || province.get().is_empty()
                on:change=move |ev| city.set(event_target_value(&ev))
            >
                <option value="" selected=move || city.get().is_empty()>{t(no_city)}</option>
                {move || {
                    cities
                        .get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|r| {
                            let code = r.code.clone();
                            view! { <option value=r.code selected=move || city.get() == code>{r.name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <FieldError error field="region_code" />
        </div>
    }
}

/// The leaders of a province and, when one is chosen, of its city.
pub async fn leaders_of(province: String, city: String) -> Result<Vec<LeaderView>, ApiError> {
    let mut all = Vec::new();
    if !province.is_empty() {
        all.extend(api::leaders(&province).await?);
    }
    if !city.is_empty() {
        all.extend(api::leaders(&city).await?);
    }
    Ok(all)
}

/// A leader select fed by region signals. Test id: `{id}`.
#[component]
pub fn LeaderSelect(
    id: &'static str,
    province: RwSignal<String>,
    city: RwSignal<String>,
    leader: RwSignal<String>,
    #[prop(default = K::Leader)] label: K,
    #[prop(optional)] error: Option<FormError>,
) -> impl IntoView {
    let list = LocalResource::new(move || leaders_of(province.get(), city.get()));
    let error = error.unwrap_or_else(|| RwSignal::new(None));
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <select
                id=id
                data-testid=id
                aria-invalid=move || has_field_error(error, "leader_id")().to_string()
                aria-describedby="leader_id-error"
                on:change=move |ev| leader.set(event_target_value(&ev))
            >
                <option value="" selected=move || leader.get().is_empty()>{t(K::ChooseLeader)}</option>
                {move || {
                    list.get()
                        .and_then(Result::ok)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|l| {
                            let value = l.id.to_string();
                            let v2 = value.clone();
                            view! { <option value=value selected=move || leader.get() == v2>{l.name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <FieldError error field="leader_id" />
        </div>
    }
}

/// A handling unit: region, a name filter and the matching units. The first match is chosen
/// when the current choice is not among them. Test ids: `{id}-province`, `{id}-city`, `{id}-q`, `{id}`.
#[component]
pub fn UnitPicker(
    id: &'static str,
    unit: RwSignal<String>,
    /// Where to start looking (e.g. the message's region).
    #[prop(optional)]
    region: Option<String>,
    #[prop(optional)] error: Option<FormError>,
) -> impl IntoView {
    let (p0, c0) = region.as_deref().map(split_region).unwrap_or_default();
    let province = RwSignal::new(p0);
    let city = RwSignal::new(c0);
    let q = RwSignal::new(String::new());
    let list = LocalResource::new(move || {
        let region = if city.get().is_empty() { province.get() } else { city.get() };
        let q = q.get();
        async move {
            let query = GetUnitsQuery {
                region: (!region.is_empty()).then_some(region),
                q: crate::util::non_empty(q),
                limit: Some(100),
                ..Default::default()
            };
            api::units(query).await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(page)) = list.get() {
            let current = unit.get_untracked();
            if !page.items.iter().any(|u| u.id.to_string() == current) {
                unit.set(page.items.first().map(|u| u.id.to_string()).unwrap_or_default());
            }
        }
    });
    let qid = format!("{id}-q");
    let error = error.unwrap_or_else(|| RwSignal::new(None));
    view! {
        <div class="unit-picker">
            <RegionSelects id province city no_city=K::Any no_province=K::Any />
            <div class="field">
                <label for=qid.clone()>{t(K::UnitSearch)}</label>
                <input id=qid.clone() data-testid=qid.clone() type="search" bind:value=q />
            </div>
            <div class="field">
                <label for=id>{t(K::Unit)}</label>
                <select
                    id=id
                    data-testid=id
                    aria-invalid=move || has_field_error(error, "unit_id")().to_string()
                    on:change=move |ev| unit.set(event_target_value(&ev))
                >
                    {move || match list.get() {
                        None => view! { <option value="">{t(K::Loading)}</option> }.into_any(),
                        Some(Err(_)) => view! { <option value="">{t(K::ErrNetwork)}</option> }.into_any(),
                        Some(Ok(p)) if p.items.is_empty() => {
                            view! { <option value="">{t(K::NoUnits)}</option> }.into_any()
                        }
                        Some(Ok(p)) => {
                            p.items
                                .into_iter()
                                .map(|u| {
                                    let value = u.id.to_string();
                                    let v2 = value.clone();
                                    view! { <option value=value selected=move || unit.get() == v2>{u.name}</option> }
                                })
                                .collect_view()
                                .into_any()
                        }
                    }}
                </select>
                <FieldError error field="unit_id" />
            </div>
        </div>
    }
}

/// A select over one of the API's enums, labelled from the translation table.
#[component]
pub fn EnumSelect<E>(
    id: &'static str,
    label: K,
    value: RwSignal<String>,
    options: &'static [E],
    as_str: fn(E) -> &'static str,
    text: fn(E) -> K,
    /// The empty option's text; none means a choice is required.
    #[prop(optional)]
    empty: Option<K>,
    #[prop(optional)] error: Option<FormError>,
    /// The API field its errors come under.
    #[prop(optional)]
    field: Option<&'static str>,
) -> impl IntoView
where
    E: Copy + Send + Sync + 'static,
{
    let error = error.unwrap_or_else(|| RwSignal::new(None));
    let field = field.unwrap_or(id);
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <select
                id=id
                data-testid=id
                aria-invalid=move || has_field_error(error, field)().to_string()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                {empty.map(|k| view! { <option value="" selected=move || value.get().is_empty()>{t(k)}</option> })}
                {options
                    .iter()
                    .map(|o| {
                        let v = as_str(*o);
                        view! { <option value=v selected=move || value.get() == v>{t(text(*o))}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldError error field />
        </div>
    }
}
