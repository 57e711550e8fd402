//! The JSON API client: every request goes through [`call`], which adds the access token, refreshes it
//! quietly once when it has expired, and turns problem+json answers into [`ApiError`].

pub mod types;

use crate::auth;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
pub use types::*;

/// What went wrong with a request, as the user should hear it.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with a problem detail (or an error status we wrapped as one).
    Problem(Problem),
    /// The server could not be reached, or answered something that is not the API's JSON.
    Network(String),
}

impl ApiError {
    pub fn code(&self) -> &str {
        match self {
            ApiError::Problem(p) => &p.code,
            ApiError::Network(_) => "network",
        }
    }

    pub fn detail(&self) -> String {
        match self {
            ApiError::Problem(p) => p.detail.clone().unwrap_or_else(|| p.title.clone()),
            ApiError::Network(e) => e.clone(),
        }
    }

    /// For a 429: seconds to wait before trying again.
    pub fn retry_after(&self) -> Option<i64> {
        match self {
            ApiError::Problem(p) => p.retry_after,
            ApiError::Network(_) => None,
        }
    }

    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            ApiError::Problem(p) => p.errors.clone().unwrap_or_default(),
            ApiError::Network(_) => Vec::new(),
        }
    }
}

/// The problem an error answer describes; a `Retry-After` header fills in a missing `retry_after`.
fn problem_of(answer: &Answer) -> Problem {
    let mut p = problem_from(answer.status, &answer.text);
    if p.retry_after.is_none() {
        p.retry_after = answer.retry_after;
    }
    p
}

fn problem_from(status: u16, text: &str) -> Problem {
    serde_json::from_str::<Problem>(text).unwrap_or_else(|_| Problem {
        code: format!("http_{status}"),
        detail: Some(text.chars().take(200).collect()),
        status: status as i32,
        title: format!("HTTP {status}"),
        r#type: "about:blank".into(),
        ..Default::default()
    })
}

struct Answer {
    status: u16,
    text: String,
    /// `Retry-After` in seconds (the API sends only that form).
    retry_after: Option<i64>,
}

async fn send_once(
    method: &Method,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, String)],
    token: Option<&str>,
) -> Result<Answer, ApiError> {
    let mut req = RequestBuilder::new(path).method(method.clone()).header("Accept", "application/json");
    for (k, v) in headers {
        req = req.header(k, v);
    }
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req.header("Content-Type", "application/json").body(b.to_string()),
        None => req.build(),
    }
    .map_err(|e| ApiError::Network(e.to_string()))?;
    let resp = req.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    let status = resp.status();
    let retry_after = resp.headers().get("retry-after").and_then(|v| v.trim().parse().ok());
    let text = resp.text().await.unwrap_or_default();
    Ok(Answer { status, text, retry_after })
}

thread_local! {
    /// The renewal of the session under way (a refresh, or the login after a password change), shared
    /// so that requests failing together wait for it and renew once: a refresh token works only once.
    static REFRESHING: RefCell<Option<Shared<LocalBoxFuture<'static, bool>>>> = const { RefCell::new(None) };
}

/// Runs `renewal` as the session's one renewal: requests refused meanwhile wait for it (see
/// [`refresh`]). A renewal already under way is let finish first. True when the new tokens are stored.
async fn renew(renewal: LocalBoxFuture<'static, bool>) -> bool {
    loop {
        let running = REFRESHING.with(|r| r.borrow().clone());
        match running {
            Some(fut) => {
                fut.await;
            }
            None => break,
        }
    }
    let fut = renewal.shared();
    REFRESHING.with(|r| *r.borrow_mut() = Some(fut.clone()));
    let ok = fut.clone().await;
    REFRESHING.with(|r| {
        let mine = r.borrow().as_ref().is_some_and(|f| f.ptr_eq(&fut));
        if mine {
            *r.borrow_mut() = None;
        }
    });
    ok
}

/// Logs in without the stored tokens (they may be ended) and keeps the new pair; true when it worked.
async fn log_in_afresh(body: String) -> bool {
    match send_once(&Method::POST, paths::POST_AUTH_LOGIN, Some(&body), &[], None).await {
        Ok(a) if a.status == 200 => match serde_json::from_str::<PostAuthLoginAnswer>(&a.text) {
            Ok(t) => {
                auth::store_login(&t);
                true
            }
            Err(_) => false,
        },
        _ => false,
    }
}

/// Exchanges the refresh token for a new pair, or waits for the renewal under way; true when it worked.
async fn refresh() -> bool {
    let running = REFRESHING.with(|r| r.borrow().clone());
    if let Some(fut) = running {
        return fut.await;
    }
    renew(
        async {
            let Some(tokens) = auth::load_tokens() else { return false };
            let body =
                serde_json::to_string(&PostAuthRefreshBody { refresh_token: tokens.refresh }).unwrap_or_default();
            match send_once(&Method::POST, paths::POST_AUTH_REFRESH, Some(&body), &[], None).await {
                Ok(a) if a.status == 200 => match serde_json::from_str::<PostAuthRefreshAnswer>(&a.text) {
                    Ok(t) => {
                        auth::store_login(&t);
                        true
                    }
                    Err(_) => false,
                },
                _ => false,
            }
        }
        .boxed_local(),
    )
    .await
}

/// Sends one API request. On a 401 for an expired or invalid access token it refreshes once and
/// retries; when the session cannot be renewed it is ended, the request is tried once without a token
/// (public pages still work) and, if that is refused too, the user is sent to the login page.
pub async fn call<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<String>,
    headers: &[(&str, String)],
) -> Result<T, ApiError> {
    let token = auth::load_tokens().map(|t| t.access);
    let mut answer = send_once(&method, path, body.as_deref(), headers, token.as_deref()).await?;
    if answer.status == 401 && token.is_some() {
        let code = problem_from(401, &answer.text).code;
        if code == "token_expired" || code == "invalid_token" {
            let current = auth::load_tokens().map(|t| t.access);
            let renewed = if current.is_some() && current != token { true } else { refresh().await };
            if renewed {
                let token = auth::load_tokens().map(|t| t.access);
                answer = send_once(&method, path, body.as_deref(), headers, token.as_deref()).await?;
            } else {
                auth::end_session();
                answer = send_once(&method, path, body.as_deref(), headers, None).await?;
                if answer.status == 401 {
                    auth::go_to_login();
                }
            }
        }
    }
    if (200..300).contains(&answer.status) {
        let text = if answer.text.trim().is_empty() { "null" } else { answer.text.as_str() };
        serde_json::from_str(text).map_err(|e| ApiError::Network(format!("unexpected answer: {e}")))
    } else {
        Err(ApiError::Problem(problem_of(&answer)))
    }
}

fn json<B: Serialize>(body: &B) -> Option<String> {
    Some(serde_json::to_string(body).unwrap_or_else(|_| "{}".into()))
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    call(Method::GET, path, None, &[]).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    call(Method::POST, path, json(body), &[]).await
}

pub async fn patch<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    call(Method::PATCH, path, json(body), &[]).await
}

/// A path template with its `{…}` parameters filled in order, e.g. `with_ids(P, &[4])`.
pub fn with_ids(template: &str, ids: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::new();
    let mut rest = template;
    let mut ids = ids.iter();
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map(|e| start + e + 1).unwrap_or(rest.len());
        match ids.next() {
            Some(id) => out.push_str(&String::from(js_sys::encode_uri_component(&id.to_string()))),
            None => out.push_str(&rest[start..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

// ---------- the calls the screens make ----------
// Each is typed by its operation's generated `…Body` / `…Answer` aliases. Steps whose answer may be
// empty (204: the caller no longer sees the message) give `Option`.

pub async fn summary() -> Result<GetSummaryAnswer, ApiError> {
    get(paths::GET_SUMMARY).await
}

pub async fn provinces() -> Result<GetRegionsAnswer, ApiError> {
    let q = GetRegionsQuery { level: Some(RegionLevel::Province), ..Default::default() };
    get(&format!("{}{}", paths::GET_REGIONS, q.to_query())).await
}

pub async fn cities(parent: &str) -> Result<GetRegionsAnswer, ApiError> {
    let q = GetRegionsQuery { parent: Some(parent.into()), ..Default::default() };
    get(&format!("{}{}", paths::GET_REGIONS, q.to_query())).await
}

pub async fn region(code: &str) -> Result<GetRegionsCodeAnswer, ApiError> {
    get(&with_ids(paths::GET_REGIONS_CODE, &[&code])).await
}

pub async fn leaders(region: &str) -> Result<GetLeadersAnswer, ApiError> {
    let q = GetLeadersQuery { region: Some(region.into()) };
    get(&format!("{}{}", paths::GET_LEADERS, q.to_query())).await
}

pub async fn leader(id: i64) -> Result<GetLeadersIdAnswer, ApiError> {
    get(&with_ids(paths::GET_LEADERS_ID, &[&id])).await
}

pub async fn units(q: GetUnitsQuery) -> Result<GetUnitsAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_UNITS, q.to_query())).await
}

pub async fn unit(id: i64) -> Result<GetUnitsIdAnswer, ApiError> {
    get(&with_ids(paths::GET_UNITS_ID, &[&id])).await
}

pub async fn messages(q: GetMessagesQuery) -> Result<GetMessagesAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_MESSAGES, q.to_query())).await
}

pub async fn search_messages(q: GetMessagesSearchQuery) -> Result<GetMessagesSearchAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_MESSAGES_SEARCH, q.to_query())).await
}

pub async fn similar_messages(q: GetMessagesSimilarQuery) -> Result<GetMessagesSimilarAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_MESSAGES_SIMILAR, q.to_query())).await
}

pub async fn my_messages(q: GetMeMessagesQuery) -> Result<GetMeMessagesAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_ME_MESSAGES, q.to_query())).await
}

pub async fn inbox(q: GetInboxQuery) -> Result<GetInboxAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_INBOX, q.to_query())).await
}

pub async fn message(id: i64) -> Result<GetMessagesIdAnswer, ApiError> {
    get(&with_ids(paths::GET_MESSAGES_ID, &[&id])).await
}

pub async fn write_message(req: &PostMessagesBody, idempotency_key: &str) -> Result<PostMessagesAnswer, ApiError> {
    call(Method::POST, paths::POST_MESSAGES, json(req), &[("Idempotency-Key", idempotency_key.to_string())]).await
}

pub async fn accept(
    id: i64,
    note: Option<String>,
    sla_tier: Option<String>,
) -> Result<Option<PostMessagesIdAcceptAnswer>, ApiError> {
    let body = PostMessagesIdAcceptBody { note, sla_tier };
    post(&with_ids(paths::POST_MESSAGES_ID_ACCEPT, &[&id]), &body).await
}

pub async fn reject(id: i64, reason: String) -> Result<Option<PostMessagesIdRejectAnswer>, ApiError> {
    post(&with_ids(paths::POST_MESSAGES_ID_REJECT, &[&id]), &PostMessagesIdRejectBody { reason }).await
}

pub async fn assign(id: i64, req: &PostMessagesIdAssignBody) -> Result<Option<PostMessagesIdAssignAnswer>, ApiError> {
    post(&with_ids(paths::POST_MESSAGES_ID_ASSIGN, &[&id]), req).await
}

/// `None` when the answer is 204: the caller no longer handles the (private) message.
pub async fn transfer(
    id: i64,
    req: &PostMessagesIdTransferBody,
) -> Result<Option<PostMessagesIdTransferAnswer>, ApiError> {
    post(&with_ids(paths::POST_MESSAGES_ID_TRANSFER, &[&id]), req).await
}

pub async fn write_reply(id: i64, req: &PostMessagesIdRepliesBody) -> Result<PostMessagesIdRepliesAnswer, ApiError> {
    post(&with_ids(paths::POST_MESSAGES_ID_REPLIES, &[&id]), req).await
}

pub async fn approve_reply(id: i64) -> Result<PostRepliesIdApproveAnswer, ApiError> {
    let body = PostRepliesIdApproveBody { note: None };
    post(&with_ids(paths::POST_REPLIES_ID_APPROVE, &[&id]), &body).await
}

pub async fn return_reply(id: i64, reason: String) -> Result<PostRepliesIdReturnAnswer, ApiError> {
    post(&with_ids(paths::POST_REPLIES_ID_RETURN, &[&id]), &PostRepliesIdReturnBody { reason }).await
}

pub async fn rate(id: i64, req: &PostMessagesIdRatingBody) -> Result<Option<PostMessagesIdRatingAnswer>, ApiError> {
    post(&with_ids(paths::POST_MESSAGES_ID_RATING, &[&id]), req).await
}

pub async fn login(req: &PostAuthLoginBody) -> Result<PostAuthLoginAnswer, ApiError> {
    post(paths::POST_AUTH_LOGIN, req).await
}

pub async fn register(req: &PostAuthRegisterBody) -> Result<PostAuthRegisterAnswer, ApiError> {
    post(paths::POST_AUTH_REGISTER, req).await
}

pub async fn logout(refresh_token: String) -> Result<(), ApiError> {
    post(paths::POST_AUTH_LOGOUT, &PostAuthLogoutBody { refresh_token }).await
}

pub async fn me() -> Result<GetMeAnswer, ApiError> {
    get(paths::GET_ME).await
}

/// What became of a password change that the server took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordChanged {
    /// Logged in again with the new password: the app goes on as before.
    SignedIn,
    /// The new login failed: the session is over.
    SignedOut,
}

/// Changes the caller's own password (`PATCH /me` with the current one). The server then ends every
/// session of the account, this one too, so the app logs in again at once with the account's login and
/// the new password; requests refused meanwhile (`invalid_token`) wait for that login as for a refresh.
/// `Err`: the change was refused (a wrong current password, a weak new one …), nothing changed.
pub async fn change_password(current: String, new: String) -> Result<PasswordChanged, ApiError> {
    let body = PatchMeBody { password: Some(new.clone()), current_password: Some(current), ..Default::default() };
    let account: PatchMeAnswer = patch(paths::PATCH_ME, &body).await?;
    let login = serde_json::to_string(&PostAuthLoginBody { login: auth::login_name(&account), password: new })
        .unwrap_or_default();
    Ok(if renew(log_in_afresh(login).boxed_local()).await {
        PasswordChanged::SignedIn
    } else {
        PasswordChanged::SignedOut
    })
}

pub async fn accounts(q: GetAdminAccountsQuery) -> Result<GetAdminAccountsAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_ADMIN_ACCOUNTS, q.to_query())).await
}

pub async fn create_account(req: &PostAdminAccountsBody) -> Result<PostAdminAccountsAnswer, ApiError> {
    post(paths::POST_ADMIN_ACCOUNTS, req).await
}

pub async fn update_account(id: i64, req: &PatchAdminAccountsIdBody) -> Result<PatchAdminAccountsIdAnswer, ApiError> {
    patch(&with_ids(paths::PATCH_ADMIN_ACCOUNTS_ID, &[&id]), req).await
}

pub async fn delete(path: &str) -> Result<(), ApiError> {
    call::<Option<serde_json::Value>>(Method::DELETE, path, None, &[]).await.map(|_| ())
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    call(Method::PUT, path, json(body), &[]).await
}

// ---------- follow-ups, joint replies, supervision, notifications ----------

pub async fn ask_follow_up(id: i64, question: String) -> Result<PostMessagesIdFollowUpsAnswer, ApiError> {
    post(&with_ids(paths::POST_MESSAGES_ID_FOLLOW_UPS, &[&id]), &PostMessagesIdFollowUpsBody { question }).await
}

pub async fn answer_follow_up(id: i64, answer: String) -> Result<PostFollowUpsIdAnswerAnswer, ApiError> {
    post(&with_ids(paths::POST_FOLLOW_UPS_ID_ANSWER, &[&id]), &PostFollowUpsIdAnswerBody { answer }).await
}

pub async fn create_joint_reply(req: &PostJointRepliesBody) -> Result<PostJointRepliesAnswer, ApiError> {
    post(paths::POST_JOINT_REPLIES, req).await
}

pub async fn joint_replies(cursor: Option<String>) -> Result<GetJointRepliesAnswer, ApiError> {
    let q = GetJointRepliesQuery { cursor, ..Default::default() };
    get(&format!("{}{}", paths::GET_JOINT_REPLIES, q.to_query())).await
}

pub async fn joint_reply(id: i64) -> Result<GetJointRepliesIdAnswer, ApiError> {
    get(&with_ids(paths::GET_JOINT_REPLIES_ID, &[&id])).await
}

pub async fn approve_joint_reply(id: i64) -> Result<PostJointRepliesIdApproveAnswer, ApiError> {
    post(&with_ids(paths::POST_JOINT_REPLIES_ID_APPROVE, &[&id]), &PostJointRepliesIdApproveBody { note: None }).await
}

pub async fn return_joint_reply(id: i64, reason: String) -> Result<PostJointRepliesIdReturnAnswer, ApiError> {
    post(&with_ids(paths::POST_JOINT_REPLIES_ID_RETURN, &[&id]), &PostJointRepliesIdReturnBody { reason }).await
}

pub async fn supervisions(q: GetSupervisionsQuery) -> Result<GetSupervisionsAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_SUPERVISIONS, q.to_query())).await
}

pub async fn respond_supervision(id: i64, text: String) -> Result<PostSupervisionsIdRespondAnswer, ApiError> {
    post(&with_ids(paths::POST_SUPERVISIONS_ID_RESPOND, &[&id]), &PostSupervisionsIdRespondBody { text }).await
}

pub async fn close_supervision(id: i64, text: String) -> Result<PostSupervisionsIdCloseAnswer, ApiError> {
    post(&with_ids(paths::POST_SUPERVISIONS_ID_CLOSE, &[&id]), &PostSupervisionsIdCloseBody { text }).await
}

pub async fn notifications(q: GetMeNotificationsQuery) -> Result<GetMeNotificationsAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_ME_NOTIFICATIONS, q.to_query())).await
}

pub async fn read_notification(id: i64) -> Result<PostMeNotificationsIdReadAnswer, ApiError> {
    post(&with_ids(paths::POST_ME_NOTIFICATIONS_ID_READ, &[&id]), &serde_json::json!({})).await
}

pub async fn read_all_notifications() -> Result<PostMeNotificationsReadAllAnswer, ApiError> {
    post(paths::POST_ME_NOTIFICATIONS_READ_ALL, &serde_json::json!({})).await
}

// ---------- administration ----------

pub async fn routing_rules() -> Result<GetAdminRoutingRulesAnswer, ApiError> {
    get(paths::GET_ADMIN_ROUTING_RULES).await
}

pub async fn create_routing_rule(req: &PostAdminRoutingRulesBody) -> Result<PostAdminRoutingRulesAnswer, ApiError> {
    post(paths::POST_ADMIN_ROUTING_RULES, req).await
}

pub async fn delete_routing_rule(id: i64) -> Result<(), ApiError> {
    delete(&with_ids(paths::DELETE_ADMIN_ROUTING_RULES_ID, &[&id])).await
}

pub async fn sla_tiers() -> Result<GetAdminSlaTiersAnswer, ApiError> {
    get(paths::GET_ADMIN_SLA_TIERS).await
}

pub async fn put_sla_tier(req: &PutAdminSlaTiersCodeBody) -> Result<PutAdminSlaTiersCodeAnswer, ApiError> {
    put(&with_ids(paths::PUT_ADMIN_SLA_TIERS_CODE, &[&req.code]), req).await
}

pub async fn sla_rules() -> Result<GetAdminSlaRulesAnswer, ApiError> {
    get(paths::GET_ADMIN_SLA_RULES).await
}

pub async fn create_sla_rule(req: &PostAdminSlaRulesBody) -> Result<PostAdminSlaRulesAnswer, ApiError> {
    post(paths::POST_ADMIN_SLA_RULES, req).await
}

pub async fn delete_sla_rule(id: i64) -> Result<(), ApiError> {
    delete(&with_ids(paths::DELETE_ADMIN_SLA_RULES_ID, &[&id])).await
}

pub async fn calendar(year: i32) -> Result<GetAdminCalendarYearAnswer, ApiError> {
    get(&with_ids(paths::GET_ADMIN_CALENDAR_YEAR, &[&year])).await
}

pub async fn put_calendar(year: i32, req: &PutAdminCalendarYearBody) -> Result<PutAdminCalendarYearAnswer, ApiError> {
    put(&with_ids(paths::PUT_ADMIN_CALENDAR_YEAR, &[&year]), req).await
}

pub async fn webhooks() -> Result<GetWebhooksAnswer, ApiError> {
    get(paths::GET_WEBHOOKS).await
}

pub async fn create_webhook(req: &PostWebhooksBody) -> Result<PostWebhooksAnswer, ApiError> {
    post(paths::POST_WEBHOOKS, req).await
}

pub async fn update_webhook(id: i64, req: &PatchWebhooksIdBody) -> Result<PatchWebhooksIdAnswer, ApiError> {
    patch(&with_ids(paths::PATCH_WEBHOOKS_ID, &[&id]), req).await
}

pub async fn deliveries(id: i64, q: GetWebhooksIdDeliveriesQuery) -> Result<GetWebhooksIdDeliveriesAnswer, ApiError> {
    get(&format!("{}{}", with_ids(paths::GET_WEBHOOKS_ID_DELIVERIES, &[&id]), q.to_query())).await
}

pub async fn redeliver(id: i64) -> Result<serde_json::Value, ApiError> {
    post(&with_ids(paths::POST_WEBHOOKS_DELIVERIES_ID_REDELIVER, &[&id]), &serde_json::json!({})).await
}

pub async fn create_region(req: &PostAdminRegionsBody) -> Result<PostAdminRegionsAnswer, ApiError> {
    post(paths::POST_ADMIN_REGIONS, req).await
}

pub async fn rename_region(
    code: &str,
    req: &PatchAdminRegionsCodeBody,
) -> Result<PatchAdminRegionsCodeAnswer, ApiError> {
    patch(&with_ids(paths::PATCH_ADMIN_REGIONS_CODE, &[&code]), req).await
}

pub async fn create_leader(req: &PostAdminLeadersBody) -> Result<PostAdminLeadersAnswer, ApiError> {
    post(paths::POST_ADMIN_LEADERS, req).await
}

pub async fn update_leader(id: i64, req: &PatchAdminLeadersIdBody) -> Result<PatchAdminLeadersIdAnswer, ApiError> {
    patch(&with_ids(paths::PATCH_ADMIN_LEADERS_ID, &[&id]), req).await
}

pub async fn create_unit(req: &PostAdminUnitsBody) -> Result<PostAdminUnitsAnswer, ApiError> {
    post(paths::POST_ADMIN_UNITS, req).await
}

pub async fn update_unit(id: i64, req: &PatchAdminUnitsIdBody) -> Result<PatchAdminUnitsIdAnswer, ApiError> {
    patch(&with_ids(paths::PATCH_ADMIN_UNITS_ID, &[&id]), req).await
}

// ---------- topics, campaigns, suggestions ----------

/// Topics in display order; `all` adds the closed ones (for the administration).
pub async fn topics(all: bool) -> Result<GetTopicsAnswer, ApiError> {
    let q = GetTopicsQuery { all: all.then_some(true) };
    get(&format!("{}{}", paths::GET_TOPICS, q.to_query())).await
}

pub async fn topic(id: i64) -> Result<GetTopicsIdAnswer, ApiError> {
    get(&with_ids(paths::GET_TOPICS_ID, &[&id])).await
}

pub async fn create_topic(req: &PostTopicsBody) -> Result<PostTopicsAnswer, ApiError> {
    post(paths::POST_TOPICS, req).await
}

pub async fn update_topic(id: i64, req: &PatchTopicsIdBody) -> Result<PatchTopicsIdAnswer, ApiError> {
    patch(&with_ids(paths::PATCH_TOPICS_ID, &[&id]), req).await
}

pub async fn campaigns(q: GetCampaignsQuery) -> Result<GetCampaignsAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_CAMPAIGNS, q.to_query())).await
}

pub async fn campaign(id: i64) -> Result<GetCampaignsIdAnswer, ApiError> {
    get(&with_ids(paths::GET_CAMPAIGNS_ID, &[&id])).await
}

pub async fn create_campaign(req: &PostCampaignsBody) -> Result<PostCampaignsAnswer, ApiError> {
    post(paths::POST_CAMPAIGNS, req).await
}

pub async fn update_campaign(id: i64, req: &PatchCampaignsIdBody) -> Result<PatchCampaignsIdAnswer, ApiError> {
    patch(&with_ids(paths::PATCH_CAMPAIGNS_ID, &[&id]), req).await
}

pub async fn open_campaign(id: i64) -> Result<PostCampaignsIdOpenAnswer, ApiError> {
    post(&with_ids(paths::POST_CAMPAIGNS_ID_OPEN, &[&id]), &serde_json::json!({})).await
}

pub async fn close_campaign(id: i64) -> Result<PostCampaignsIdCloseAnswer, ApiError> {
    post(&with_ids(paths::POST_CAMPAIGNS_ID_CLOSE, &[&id]), &serde_json::json!({})).await
}

pub async fn publish_results(
    id: i64,
    summary: Option<String>,
) -> Result<PostCampaignsIdPublishResultsAnswer, ApiError> {
    post(&with_ids(paths::POST_CAMPAIGNS_ID_PUBLISH_RESULTS, &[&id]), &PostCampaignsIdPublishResultsBody { summary })
        .await
}

pub async fn campaign_report(id: i64) -> Result<GetCampaignsIdReportAnswer, ApiError> {
    get(&with_ids(paths::GET_CAMPAIGNS_ID_REPORT, &[&id])).await
}

// ---------- statistics ----------

pub async fn stats_summary(q: GetStatsSummaryQuery) -> Result<GetStatsSummaryAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_STATS_SUMMARY, q.to_query())).await
}

pub async fn stats_trend(q: GetStatsTrendQuery) -> Result<GetStatsTrendAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_STATS_TREND, q.to_query())).await
}

pub async fn stats_breakdown(q: GetStatsBreakdownQuery) -> Result<GetStatsBreakdownAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_STATS_BREAKDOWN, q.to_query())).await
}

pub async fn leader_monthly(id: i64, month: &str) -> Result<GetStatsLeadersIdMonthlyAnswer, ApiError> {
    let q = GetStatsLeadersIdMonthlyQuery { month: Some(month.to_owned()) };
    get(&format!("{}{}", with_ids(paths::GET_STATS_LEADERS_ID_MONTHLY, &[&id]), q.to_query())).await
}

pub async fn hot_words(q: GetStatsHotWordsQuery) -> Result<GetStatsHotWordsAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_STATS_HOT_WORDS, q.to_query())).await
}

pub async fn cases(q: GetCasesQuery) -> Result<GetCasesAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_CASES, q.to_query())).await
}

/// Features a message in the case library, or changes its note.
pub async fn feature_case(message_id: i64, note: String) -> Result<PutCasesMessageIdAnswer, ApiError> {
    put(&with_ids(paths::PUT_CASES_MESSAGE_ID, &[&message_id]), &PutCasesMessageIdBody { note }).await
}

pub async fn unfeature_case(message_id: i64) -> Result<(), ApiError> {
    delete(&with_ids(paths::DELETE_CASES_MESSAGE_ID, &[&message_id])).await
}

pub async fn campaign_suggestions(
    id: i64,
    q: GetCampaignsIdSuggestionsQuery,
) -> Result<GetCampaignsIdSuggestionsAnswer, ApiError> {
    get(&format!("{}{}", with_ids(paths::GET_CAMPAIGNS_ID_SUGGESTIONS, &[&id]), q.to_query())).await
}

pub async fn submit_suggestion(
    id: i64,
    req: &PostCampaignsIdSuggestionsBody,
) -> Result<PostCampaignsIdSuggestionsAnswer, ApiError> {
    post(&with_ids(paths::POST_CAMPAIGNS_ID_SUGGESTIONS, &[&id]), req).await
}

pub async fn work_suggestions(q: GetSuggestionsQuery) -> Result<GetSuggestionsAnswer, ApiError> {
    get(&format!("{}{}", paths::GET_SUGGESTIONS, q.to_query())).await
}

pub async fn accept_suggestion(id: i64) -> Result<PostSuggestionsIdAcceptAnswer, ApiError> {
    post(&with_ids(paths::POST_SUGGESTIONS_ID_ACCEPT, &[&id]), &serde_json::json!({})).await
}

pub async fn reject_suggestion(id: i64, reason: String) -> Result<PostSuggestionsIdRejectAnswer, ApiError> {
    post(&with_ids(paths::POST_SUGGESTIONS_ID_REJECT, &[&id]), &PostSuggestionsIdRejectBody { reason }).await
}

pub async fn review_suggestion(
    id: i64,
    req: &PostSuggestionsIdReviewBody,
) -> Result<PostSuggestionsIdReviewAnswer, ApiError> {
    post(&with_ids(paths::POST_SUGGESTIONS_ID_REVIEW, &[&id]), req).await
}

/// Supports a suggestion, or withdraws the support; answers the count after.
pub async fn support(id: i64, on: bool) -> Result<SupportView, ApiError> {
    let path = with_ids(paths::POST_SUGGESTIONS_ID_SUPPORTS, &[&id]);
    if on { post(&path, &serde_json::json!({})).await } else { call(Method::DELETE, &path, None, &[]).await }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_problem_lists_its_fields() {
        let text = r#"{"type":"urn:liuyan:problem:validation_failed","title":"The request has invalid fields","status":422,
            "detail":"the request has invalid fields","code":"validation_failed",
            "errors":[{"field":"password","code":"length","message":"must be between 8 and 128 characters"}]}"#;
        let e = ApiError::Problem(problem_from(422, text));
        assert_eq!(e.code(), "validation_failed");
        assert_eq!(e.field_errors()[0].field, "password");
    }

    #[test]
    fn an_answer_that_is_not_a_problem_still_reads_as_one() {
        let p = problem_from(502, "Bad Gateway");
        assert_eq!(p.code, "http_502");
        assert_eq!(p.detail.as_deref(), Some("Bad Gateway"));
    }

    #[test]
    fn enums_use_the_spec_names() {
        assert_eq!(serde_json::to_string(&MessageStatus::ReplyInReview).unwrap(), r#""reply_in_review""#);
        assert_eq!(MessageStatus::parse("reply_in_review"), Some(MessageStatus::ReplyInReview));
        assert_eq!(Domain::AgricultureRural.as_str(), "agriculture_rural");
    }
}
