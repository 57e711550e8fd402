//! Liuyan's web app: a Leptos single-page app that talks to the JSON API under `/api/v1` only.

mod api;
mod app;
mod auth;
mod components;
mod i18n;
mod pages;
mod util;

fn main() {
    console_error_panic_hook::set_once();
    // The static page shows a loading line until the app takes over.
    if let Some(boot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
