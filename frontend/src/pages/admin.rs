//! Admin: staff accounts. Create one with its role and binding (unit staff → a unit, leader office →
//! a leader), list all accounts, disable or enable them.

use super::register::TextField;
use crate::api::{
    self, AccountView, ApiError, CreateStaffRequest, GetAdminAccountsQuery, Role, StaffRole, UpdateAccountRequest,
};
use crate::app::RequireRole;
use crate::components::feedback::{ErrorBox, FormErrorBox, Loading, Notice};
use crate::components::pickers::{EnumSelect, LeaderSelect, RegionSelects, UnitPicker};
use crate::i18n::{self, K, t};
use crate::util::{self, non_empty};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

const STAFF_ROLES: &[Role] = &[Role::UnitStaff, Role::LeaderOffice, Role::Moderator, Role::Admin];

#[component]
pub fn Accounts() -> impl IntoView {
    view! {
        <RequireRole allow=|r| r == Role::Admin>
            <AdminNav />
            <AccountsPage />
        </RequireRole>
    }
}

#[component]
fn AccountsPage() -> impl IntoView {
    let role_filter = RwSignal::new(String::new());
    let list = LocalResource::new(move || {
        let role = Role::parse(&role_filter.get());
        async move { api::accounts(GetAdminAccountsQuery { role, limit: Some(100), ..Default::default() }).await }
    });
    view! {
        <h1>{t(K::AdminTitle)}</h1>
        <CreateStaff on_created=move || list.refetch() />
        <section class="panel" aria-labelledby="accounts-h">
            <div class="section-head">
                <h2 id="accounts-h">{t(K::AccountList)}</h2>
                <div class="filters compact">
                    <EnumSelect
                        id="accounts-role"
                        label=K::RoleLabel
                        value=role_filter
                        options=Role::ALL
                        as_str=Role::as_str
                        text=i18n::role
                        empty=K::All
                    />
                </div>
            </div>
            {move || match list.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorBox error=e /> }.into_any(),
                Some(Ok(page)) => view! {
                    <AccountTable accounts=page.items.clone() on_change=move || list.refetch() />
                    <MoveStaff accounts=page.items on_change=move || list.refetch() />
                }
                .into_any(),
            }}
        </section>
    }
}

fn login_of(a: &AccountView) -> String {
    crate::auth::login_name(a)
}

#[component]
fn AccountTable(accounts: Vec<AccountView>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let error = RwSignal::new(None::<ApiError>);
    let toggle = move |a: &AccountView| {
        let id = a.id;
        let req = UpdateAccountRequest { disabled: Some(!a.disabled), ..Default::default() };
        spawn_local(async move {
            match api::update_account(id, &req).await {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let toggle_campaigns = move |a: &AccountView| {
        let id = a.id;
        let req = UpdateAccountRequest { can_run_campaigns: Some(!a.can_run_campaigns), ..Default::default() };
        spawn_local(async move {
            match api::update_account(id, &req).await {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        {move || error.get().map(|e| view! { <ErrorBox error=e /> })}
        <div class="table-wrap">
            <table class="table" data-testid="accounts">
                <thead>
                    <tr>
                        <th scope="col">{t(K::LoginName)}</th>
                        <th scope="col">{t(K::DisplayName)}</th>
                        <th scope="col">{t(K::RoleLabel)}</th>
                        <th scope="col">{t(K::StatusLabel)}</th>
                        <th scope="col">{t(K::CreatedAt)}</th>
                        <th scope="col">{t(K::Actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {accounts
                        .into_iter()
                        .map(|a| {
                            let login = login_of(&a);
                            let binding = match (a.unit_id, a.leader_id) {
                                (Some(u), _) => Some(view! { <Binding id=u unit=true /> }.into_any()),
                                (_, Some(l)) => Some(view! { <Binding id=l unit=false /> }.into_any()),
                                _ => None,
                            };
                            let disabled = a.disabled;
                            let a2 = a.clone();
                            let a3 = a.clone();
                            let runs = a.can_run_campaigns;
                            view! {
                                <tr data-testid="account-row">
                                    <td data-label=move || i18n::tr(K::LoginName)>{login.clone()}</td>
                                    <td data-label=move || i18n::tr(K::DisplayName)>{a.display_name.clone()}</td>
                                    <td data-label=move || i18n::tr(K::RoleLabel)>
                                        {t(i18n::role(a.role))}
                                        {binding.map(|b| view! { <br /> {b} })}
                                        {(a.role == Role::UnitStaff && runs).then(|| view! {
                                            <br /><span class="tag" data-testid="runs-campaigns">{t(K::MayRunCampaigns)}</span>
                                        })}
                                    </td>
                                    <td data-label=move || i18n::tr(K::StatusLabel)>
                                        {move || if disabled { i18n::tr(K::AccountDisabled) } else { i18n::tr(K::AccountActive) }}
                                    </td>
                                    <td data-label=move || i18n::tr(K::CreatedAt)>{util::date(&a.created_at)}</td>
                                    <td>
                                        <button
                                            type="button"
                                            class="btn btn-small"
                                            data-testid=format!("toggle-{login}")
                                            on:click=move |_| toggle(&a2)
                                        >
                                            {move || if disabled { i18n::tr(K::Enable) } else { i18n::tr(K::Disable) }}
                                        </button>
                                        {(a.role == Role::UnitStaff).then(|| view! {
                                            <button
                                                type="button"
                                                class="btn btn-small"
                                                data-testid=format!("campaigns-{}", login_of(&a3))
                                                on:click=move |_| toggle_campaigns(&a3)
                                            >
                                                {move || if runs { i18n::tr(K::RevokeCampaigns) } else { i18n::tr(K::GrantCampaigns) }}
                                            </button>
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The unit or leader a staff account is bound to, by name, linked to its page.
#[component]
pub fn Binding(id: i64, unit: bool) -> impl IntoView {
    let name = LocalResource::new(move || async move {
        if unit { api::unit(id).await.map(|u| u.name) } else { api::leader(id).await.map(|l| l.name) }
    });
    let href = if unit { format!("/units/{id}") } else { format!("/leaders/{id}") };
    view! {
        <a class="binding" href=href>
            {move || name.get().and_then(Result::ok).unwrap_or_else(|| format!("#{id}"))}
        </a>
    }
}

#[component]
fn CreateStaff(on_created: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let role = RwSignal::new(Role::UnitStaff.as_str().to_string());
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let leader = RwSignal::new(String::new());
    let campaigns = RwSignal::new(false);
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let created = RwSignal::new(false);
    let chosen = move || Role::parse(&role.get()).unwrap_or(Role::UnitStaff);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let r = Role::parse(&role.get_untracked()).unwrap_or(Role::UnitStaff);
        let req = CreateStaffRequest {
            role: StaffRole::parse(r.as_str()).unwrap_or(StaffRole::UnitStaff),
            username: username.get_untracked().trim().to_string(),
            display_name: display_name.get_untracked(),
            password: password.get_untracked(),
            email: non_empty(email.get_untracked()),
            unit_id: if r == Role::UnitStaff { unit.get_untracked().parse().ok() } else { None },
            leader_id: if r == Role::LeaderOffice { leader.get_untracked().parse().ok() } else { None },
            can_run_campaigns: (r == Role::UnitStaff).then(|| campaigns.get_untracked()),
        };
        busy.set(true);
        error.set(None);
        created.set(false);
        spawn_local(async move {
            match api::create_account(&req).await {
                Ok(_) => {
                    created.set(true);
                    username.set(String::new());
                    display_name.set(String::new());
                    password.set(String::new());
                    email.set(String::new());
                    on_created();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="create-h">
            <h2 id="create-h">{t(K::CreateStaffTitle)}</h2>
            <form class="form" on:submit=submit novalidate data-testid="create-staff">
                <FormErrorBox error />
                <Notice show=created text=K::Created />
                <div class="form-row">
                    <EnumSelect
                        id="role"
                        label=K::RoleLabel
                        value=role
                        options=STAFF_ROLES
                        as_str=Role::as_str
                        text=i18n::role
                        error
                    />
                    <TextField field="username" label=K::Username value=username error autocomplete="off" required=true />
                    <TextField field="display_name" label=K::DisplayName value=display_name error required=true />
                </div>
                <div class="form-row">
                    <TextField field="password" label=K::Password value=password error kind="password" autocomplete="new-password" hint=K::PasswordHint required=true />
                    <TextField field="email" label=K::EmailOptional value=email error kind="email" />
                </div>
                <Show when=move || chosen() == Role::UnitStaff>
                    <fieldset class="group">
                        <legend>{t(K::BoundUnit)}</legend>
                        <div class="form-row">
                            <UnitPicker id="staff-unit" unit error />
                        </div>
                        <div class="field field-check">
                            <input id="staff-campaigns" type="checkbox" data-testid="staff-campaigns" bind:checked=campaigns />
                            <label for="staff-campaigns">{t(K::MayRunCampaigns)}</label>
                        </div>
                    </fieldset>
                </Show>
                <Show when=move || chosen() == Role::LeaderOffice>
                    <fieldset class="group">
                        <legend>{t(K::BoundLeader)}</legend>
                        <div class="form-row">
                            <RegionSelects id="staff-region" province city />
                            <LeaderSelect id="staff-leader" province city leader label=K::BoundLeader error />
                        </div>
                    </fieldset>
                </Show>
                <button type="submit" class="btn btn-primary" data-testid="create-submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n::tr(K::Working) } else { i18n::tr(K::CreateButton) }}
                </button>
            </form>
        </section>
    }
}

/// The administration's sections, as tabs over every admin screen.
#[component]
pub fn AdminNav() -> impl IntoView {
    let pathname = leptos_router::hooks::use_location().pathname;
    let link = move |href: &'static str, key: K, id: &'static str| {
        view! {
            <a
                href=href
                class="tab"
                data-testid=id
                aria-current=move || if pathname.get() == href { "page" } else { "false" }
                aria-selected=move || (pathname.get() == href).to_string()
            >
                {t(key)}
            </a>
        }
    };
    view! {
        <nav class="tabs admin-tabs" aria-label=move || i18n::tr(K::AdminSections)>
            {link("/admin/accounts", K::AdminAccounts, "admin-accounts")}
            {link("/admin/reference", K::AdminReference, "admin-reference")}
            {link("/admin/routing", K::AdminRouting, "admin-routing")}
            {link("/admin/sla", K::AdminSla, "admin-sla")}
            {link("/admin/calendar", K::AdminCalendar, "admin-calendar")}
            {link("/admin/webhooks", K::AdminWebhooks, "admin-webhooks")}
            {link("/admin/topics", K::AdminTopics, "admin-topics")}
        </nav>
    }
}

/// Moves a staff member to another unit, or a leader's office account to another leader.
#[component]
fn MoveStaff(accounts: Vec<AccountView>, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let staff: Vec<AccountView> =
        accounts.into_iter().filter(|a| matches!(a.role, Role::UnitStaff | Role::LeaderOffice)).collect();
    if staff.is_empty() {
        return ().into_any();
    }
    let roles: Vec<(String, Role)> = staff.iter().map(|a| (a.id.to_string(), a.role)).collect();
    let chosen = RwSignal::new(String::new());
    let role_of = move || {
        let c = chosen.get();
        roles.iter().find(|(id, _)| *id == c).map(|(_, r)| *r)
    };
    let unit = RwSignal::new(String::new());
    let province = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let leader = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let done = RwSignal::new(false);
    let role_of2 = role_of.clone();
    let send = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let Ok(id) = chosen.get_untracked().parse::<i64>() else {
            error.set(Some(crate::components::feedback::required("account")));
            return;
        };
        let req = if role_of2() == Some(Role::LeaderOffice) {
            UpdateAccountRequest { leader_id: leader.get_untracked().parse().ok(), ..Default::default() }
        } else {
            UpdateAccountRequest { unit_id: unit.get_untracked().parse().ok(), ..Default::default() }
        };
        crate::components::form::submit(busy, error, async move { api::update_account(id, &req).await }, move |_| {
            done.set(true);
            on_change();
        });
    };
    view! {
        <form class="form action" on:submit=send novalidate data-testid="move-staff">
            <h3>{t(K::MoveStaffTitle)}</h3>
            <FormErrorBox error />
            <Notice show=done text=K::Saved />
            <div class="field">
                <label for="move-account">{t(K::StaffAccount)}</label>
                <select id="move-account" data-testid="move-account" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    <option value="">{t(K::ChooseOption)}</option>
                    {staff.into_iter().map(|a| {
                        let label = format!("{} ({})", login_of(&a), a.display_name);
                        view! { <option value=a.id.to_string()>{label}</option> }
                    }).collect_view()}
                </select>
                <crate::components::feedback::FieldError error field="account" field_id="move-account".to_string() />
            </div>
            {move || match role_of() {
                Some(Role::UnitStaff) => view! { <div class="form-row"><UnitPicker id="move-unit" unit error /></div> }.into_any(),
                Some(Role::LeaderOffice) => view! {
                    <div class="form-row">
                        <RegionSelects id="move-region" province city />
                        <LeaderSelect id="move-leader" province city leader error />
                    </div>
                }
                .into_any(),
                _ => ().into_any(),
            }}
            <button type="submit" class="btn btn-secondary" data-testid="move-submit" disabled=move || busy.get()>{t(K::Save)}</button>
        </form>
    }
    .into_any()
}
