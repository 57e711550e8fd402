//! The frame around every screen: header with navigation, language and account; routes; footer.

use crate::api::Role;
use crate::auth::{self, is_staff_role, is_writer_role, session};
use crate::components::feedback::Loading;
use crate::i18n::{self, K, Locale, t};
use crate::pages;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    i18n::apply_lang(i18n::locale().get_untracked());
    auth::restore();
    // Signals kept in thread-locals belong to the owner that first touches them: make it the app's,
    // which lives as long as the page, not a screen's that is dropped when it changes.
    pages::notifications::changed();
    view! {
        <Router>
            <a class="skip-link" href="#main">{t(K::SkipToContent)}</a>
            <Header />
            <main id="main" class="container" tabindex="-1">
                <Routes fallback=|| view! { <pages::NotFound /> }>
                    <Route path=path!("/") view=pages::home::Home />
                    <Route path=path!("/messages") view=pages::browse::Browse />
                    <Route path=path!("/messages/:id") view=pages::detail::MessageDetail />
                    <Route path=path!("/leaders/:id") view=pages::leader::LeaderPage />
                    <Route path=path!("/units/:id") view=pages::unit::UnitPage />
                    <Route path=path!("/login") view=pages::login::Login />
                    <Route path=path!("/register") view=pages::register::Register />
                    <Route path=path!("/write") view=pages::write::Write />
                    <Route path=path!("/me/messages") view=pages::mine::MyMessages />
                    <Route path=path!("/account") view=pages::account::Account />
                    <Route path=path!("/inbox") view=pages::inbox::Inbox />
                    <Route path=path!("/campaigns") view=pages::campaigns::Campaigns />
                    <Route path=path!("/campaigns/new") view=pages::campaigns::NewCampaign />
                    <Route path=path!("/campaigns/:id") view=pages::campaigns::CampaignDetail />
                    <Route path=path!("/campaigns/:id/edit") view=pages::campaigns::EditCampaign />
                    <Route path=path!("/campaigns/:id/report") view=pages::campaigns::CampaignReport />
                    <Route path=path!("/suggestions") view=pages::campaigns::WorkSuggestions />
                    <Route path=path!("/stats") view=pages::stats::Stats />
                    <Route path=path!("/cases") view=pages::cases::Cases />
                    <Route path=path!("/stats/leaders/:id") view=pages::stats::LeaderReport />
                    <Route path=path!("/topics") view=pages::topics::Topics />
                    <Route path=path!("/topics/:id") view=pages::topics::TopicPage />
                    <Route path=path!("/joint-replies") view=pages::joint::JointReplies />
                    <Route path=path!("/joint-replies/new") view=pages::joint::NewJointReply />
                    <Route path=path!("/joint-replies/:id") view=pages::joint::JointReplyDetail />
                    <Route path=path!("/supervisions") view=pages::supervision::Supervisions />
                    <Route path=path!("/notifications") view=pages::notifications::Notifications />
                    <Route path=path!("/admin/accounts") view=pages::admin::Accounts />
                    <Route path=path!("/admin/reference") view=pages::admin_reference::Reference />
                    <Route path=path!("/admin/routing") view=pages::admin_routing::RoutingRules />
                    <Route path=path!("/admin/sla") view=pages::admin_sla::Sla />
                    <Route path=path!("/admin/calendar") view=pages::admin_sla::Calendar />
                    <Route path=path!("/admin/webhooks") view=pages::admin_webhooks::Webhooks />
                    <Route path=path!("/admin/topics") view=pages::admin_topics::AdminTopics />
                </Routes>
            </main>
            <footer class="site-footer">
                <div class="container">{t(K::Footer)}</div>
            </footer>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let s = session();
    let role = move || s.account.with(|a| a.as_ref().map(|a| a.role));
    let pathname = use_location().pathname;
    let current = move |prefix: &'static str| {
        let path = pathname.get();
        if prefix == "/" { path == "/" } else { path.starts_with(prefix) }
    };
    let nav_link = move |href: &'static str, key: K, testid: &'static str| {
        // Every admin screen lights the one admin entry.
        let section = if href.starts_with("/admin") { "/admin" } else { href };
        view! {
            <a
                href=href
                data-testid=testid
                class:active=move || current(section)
                aria-current=move || if current(section) { "page" } else { "false" }
            >
                {t(key)}
            </a>
        }
    };
    let logout = move |_| {
        leptos::task::spawn_local(async move {
            auth::logout().await;
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href("/");
            }
        });
    };
    view! {
        <header class="site-header">
            <div class="container header-row">
                <a class="brand" href="/" data-testid="brand">
                    <span class="brand-mark" aria-hidden="true">"留"</span>
                    <span class="brand-text">{t(K::AppName)}</span>
                </a>
                <div class="header-tools">
                    <label class="visually-hidden" for="locale">{t(K::Language)}</label>
                    <select
                        id="locale"
                        data-testid="locale"
                        on:change=move |ev| {
                            if let Some(l) = Locale::from_tag(&event_target_value(&ev)) {
                                i18n::set_locale(l);
                            }
                        }
                    >
                        {Locale::ALL
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <option value=l.tag() selected=move || i18n::locale().get() == l>{l.name()}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                    {move || match s.account.get() {
                        Some(a) => {
                            view! {
                                <pages::notifications::Bell />
                                <span class="who" data-testid="who">
                                    <span class="who-name">{a.display_name.clone()}</span>
                                    <span class="who-role">{t(i18n::role(a.role))}</span>
                                </span>
                                <button type="button" class="btn btn-link" data-testid="logout" on:click=logout>
                                    {t(K::NavLogout)}
                                </button>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <a class="btn btn-light" href="/login" data-testid="nav-login">{t(K::NavLogin)}</a>
                                <a class="btn btn-link" href="/register" data-testid="nav-register">
                                    {t(K::NavRegister)}
                                </a>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </div>
            <nav class="main-nav" aria-label=move || i18n::tr(K::MainNav)>
                <div class="container nav-row">
                    {nav_link("/", K::NavHome, "nav-home")}
                    {nav_link("/messages", K::NavBrowse, "nav-browse")}
                    {nav_link("/campaigns", K::NavCampaigns, "nav-campaigns")}
                    {nav_link("/topics", K::NavTopics, "nav-topics")}
                    {nav_link("/joint-replies", K::NavJointReplies, "nav-joint-replies")}
                    {nav_link("/stats", K::NavStats, "nav-stats")}
                    {nav_link("/cases", K::NavCases, "nav-cases")}
                    {move || {
                        let r = role();
                        let runs = s.account.with(|a| a.as_ref().is_some_and(pages::campaigns::may_run_campaigns));
                        // One entry for suggestions, named for what the role does with them.
                        let suggestions = match r {
                            Some(r) if is_writer_role(r) => Some(K::MySuggestions),
                            Some(Role::Moderator | Role::Admin) => Some(K::ScreenSuggestions),
                            Some(_) if runs => Some(K::SuggestionWork),
                            _ => None,
                        };
                        view! {
                            {(r.is_none() || r.is_some_and(is_writer_role)).then(|| nav_link("/write", K::NavWrite, "nav-write"))}
                            {r.is_some_and(is_writer_role).then(|| nav_link("/me/messages", K::NavMine, "nav-mine"))}
                            {r.is_some_and(is_staff_role).then(|| nav_link("/inbox", K::NavInbox, "nav-inbox"))}
                            {r.is_some_and(is_staff_role).then(|| nav_link("/supervisions", K::NavSupervision, "nav-supervisions"))}
                            {suggestions.map(|k| nav_link("/suggestions", k, "nav-suggestions"))}
                            {(r == Some(Role::Admin)).then(|| nav_link("/admin/accounts", K::NavAdmin, "nav-admin"))}
                            {r.is_some().then(|| nav_link("/account", K::NavAccount, "nav-account"))}
                        }
                    }}
                </div>
            </nav>
        </header>
    }
}

/// Shows `children` only to a signed-in account whose role passes `allow`; otherwise says why.
#[component]
pub fn RequireRole(allow: fn(Role) -> bool, children: ChildrenFn) -> impl IntoView {
    let s = session();
    let location = use_location();
    let (pathname, search) = (location.pathname, location.search);
    // The role, not the account: a refreshed token or an edited name must not rebuild the screen.
    let role = Memo::new(move |_| s.account.with(|a| a.as_ref().map(|a| a.role)));
    move || {
        if !s.checked.get() {
            return view! { <Loading /> }.into_any();
        }
        match role.get() {
            None => {
                let q = search.get_untracked(); // without its "?"
                let here =
                    if q.is_empty() { pathname.get_untracked() } else { format!("{}?{q}", pathname.get_untracked()) };
                let next = String::from(js_sys::encode_uri_component(&here));
                view! {
                    <div class="panel narrow" data-testid="login-required">
                        <p>{t(K::LoginRequired)}</p>
                        <a class="btn btn-primary" href=format!("/login?next={next}")>{t(K::NavLogin)}</a>
                    </div>
                }
                .into_any()
            }
            Some(r) if !allow(r) => view! {
                <div class="panel narrow" data-testid="not-allowed">
                    <p>{t(K::NotAllowed)}</p>
                </div>
            }
            .into_any(),
            Some(_) => children().into_any(),
        }
    }
}
