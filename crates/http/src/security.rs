//! What a public API needs against a hostile internet, in one middleware: the client's address (behind
//! trusted proxies only), URLs that may not carry control characters, a deadline on request bodies,
//! the abuse limits, and the security headers on every response.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{HttpMessage, ResponseError, error::PayloadError};
use futures::Stream;
use ipnet::IpNet;
use liuyan_domain::limits::{Action, Limits, RetryAfter, Scope};
use liuyan_domain::text::{self, TextKind};

use crate::error::{ApiError, FieldError};
use crate::state::AppState;

/// The protection settings of an instance (the README's configuration table lists them).
#[derive(Debug, Clone)]
pub struct Protection {
    pub limits: Limits,
    /// Proxies whose `X-Forwarded-For` is believed. Empty: the peer address is the client.
    pub trusted_proxies: Vec<IpNet>,
    /// How long a request may take to send its body.
    pub body_timeout: Duration,
}

impl Default for Protection {
    fn default() -> Protection {
        Protection { limits: Limits::default(), trusted_proxies: vec![], body_timeout: Duration::from_secs(10) }
    }
}

/// The client's address: the peer, or, when the peer is a trusted proxy, the last address in
/// `X-Forwarded-For` that is not a trusted proxy itself (anything left of it could be forged).
pub fn client_ip(peer: Option<SocketAddr>, forwarded_for: Option<&str>, trusted: &[IpNet]) -> Option<IpAddr> {
    let peer = peer?.ip();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let hops: Vec<IpAddr> =
        forwarded_for.unwrap_or_default().split(',').filter_map(|hop| hop.trim().parse::<IpAddr>().ok()).collect();
    Some(hops.iter().rev().find(|ip| !is_trusted(ip)).or(hops.first()).copied().unwrap_or(peer))
}

/// What counts as one client for the limits: an IPv4 address, or an IPv6 /64 (one subscriber's
/// network is usually a /64, and it holds more addresses than anyone could count).
fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The client's address as the limits count it, for handlers (the login's lockout).
pub fn client_of(req: &actix_web::HttpRequest, protection: &Protection) -> String {
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    client_ip(req.peer_addr(), forwarded, &protection.trusted_proxies)
        .map(client_key)
        .unwrap_or_else(|| "unknown".into())
}

/// One documented route: its path template and methods, from the OpenAPI document (which the route
/// table builds), so the 405s and the limits can never disagree with what is served.
pub struct Route {
    pub template: String,
    segments: Vec<Option<String>>,
    pub methods: Vec<Method>,
}

pub struct RouteTable(Vec<Route>);

impl RouteTable {
    fn from_openapi(doc: &utoipa::openapi::OpenApi) -> RouteTable {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segments = template
                    .split('/')
                    .map(|s| if s.starts_with('{') && s.ends_with('}') { None } else { Some(s.to_owned()) })
                    .collect();
                let methods = [
                    (&item.get, Method::GET),
                    (&item.post, Method::POST),
                    (&item.put, Method::PUT),
                    (&item.patch, Method::PATCH),
                    (&item.delete, Method::DELETE),
                ]
                .into_iter()
                .filter(|(op, _)| op.is_some())
                .map(|(_, m)| m)
                .collect();
                Route { template: template.clone(), segments, methods }
            })
            .collect();
        RouteTable(routes)
    }

    /// The route a path is for; literal segments win over parameters (`/messages/search` over
    /// `/messages/{id}`).
    pub fn find(&self, path: &str) -> Option<&Route> {
        let parts: Vec<&str> = path.split('/').collect();
        self.0
            .iter()
            .filter(|r| {
                r.segments.len() == parts.len()
                    && r.segments.iter().zip(&parts).all(|(s, p)| s.as_deref().is_none_or(|lit| lit == *p))
                    && r.segments.iter().zip(&parts).all(|(s, p)| s.is_some() || !p.is_empty())
            })
            .max_by_key(|r| r.segments.iter().filter(|s| s.is_some()).count())
    }
}

pub fn routes() -> &'static RouteTable {
    static TABLE: OnceLock<RouteTable> = OnceLock::new();
    TABLE.get_or_init(|| RouteTable::from_openapi(&crate::openapi()))
}

/// Which limit a request counts against: the named actions, and every other write.
pub fn limited_action(method: &Method, template: &str) -> Option<Action> {
    let route = template.strip_prefix("/api/v1")?;
    Some(match (method.as_str(), route) {
        ("POST", "/auth/login") => Action::Login,
        ("POST", "/auth/register") => Action::Register,
        ("POST", "/messages") => Action::Message,
        ("POST", "/messages/{id}/follow-ups") => Action::FollowUp,
        ("POST", "/campaigns/{id}/suggestions") => Action::Suggestion,
        ("POST" | "DELETE", "/suggestions/{id}/supports") => Action::Support,
        ("GET", "/messages/search" | "/messages/similar") => Action::Search,
        ("GET", r) if r.starts_with("/exports/") || r.ends_with(".csv") => Action::Export,
        ("GET", _) => return None,
        _ => Action::Write,
    })
}

/// The whole protection, as one `from_fn` middleware around the app.
pub async fn protect(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await.map(|res| res.map_into_left_body());
    };
    let authenticated = req.headers().contains_key(header::AUTHORIZATION);
    let page = !(req.path().starts_with("/api/") || matches!(req.path(), "/healthz" | "/readyz"));
    let refused = match check_url(&req) {
        Err(e) => Some(e),
        Ok(()) => limit(&req, &state).await.err(),
    };
    let mut res = match refused {
        Some(e) => req.error_response(e).map_into_right_body(),
        None => {
            let deadline = state.protection.body_timeout;
            let payload = req.take_payload();
            req.set_payload(Payload::Stream { payload: Box::pin(Deadline::new(payload, deadline)) });
            // Handlers' errors arrive here as responses already; an `Err` is the framework's own.
            next.call(req).await?.map_into_left_body()
        }
    };
    let headers = res.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let csp = if page { &*state.csp } else { API_CSP };
        if let Ok(v) = HeaderValue::from_str(csp) {
            headers.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    // What answers a signed-in caller is theirs alone: no shared cache may keep it.
    if authenticated && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// JSON, CSV and XLSX answers load nothing and may be framed by nobody.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The policy of the web app's and the API docs' pages: their own scripts (WebAssembly compiled by
/// the page), styles (inline ones too: Swagger UI sets them), images and data URIs, calls to this
/// origin only. `inline_scripts` are the hashes of the app's inline boot script.
pub fn page_csp(inline_scripts: &[String]) -> String {
    let hashes: String = inline_scripts.iter().map(|h| format!(" 'sha256-{h}'")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The sha256 (base64) of each inline `<script>` of a page, for its CSP.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut out = vec![];
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_start = &after[open_end + 1..];
        let Some(close) = body_start.find("</script>") else { break };
        if !tag.contains("src=") {
            out.push(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&body_start.as_bytes()[..close])));
        }
        rest = &body_start[close..];
    }
    out
}

/// Paths and queries are text like any other: no NUL (PostgreSQL refuses it), no controls.
fn check_url(req: &ServiceRequest) -> Result<(), ApiError> {
    let decoded = |raw: &str| -> Result<(), String> {
        let bytes: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
        let s = String::from_utf8(bytes).map_err(|_| "is not valid UTF-8".to_owned())?;
        text::clean(&s, TextKind::Line).map(|_| ()).map_err(|p| p.message())
    };
    if let Err(message) = decoded(req.path()) {
        return Err(ApiError::BadRequest {
            code: "invalid_path",
            detail: format!("the path {message}"),
            errors: vec![FieldError::new("path", "format", message)],
        });
    }
    for pair in req.query_string().split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        // `+` is a space in a query string.
        let value = value.replace('+', " ");
        if let Err(message) = decoded(name).and_then(|()| decoded(&value)) {
            let field = String::from_utf8_lossy(&percent_encoding::percent_decode_str(name).collect::<Vec<u8>>())
                .chars()
                .filter(|c| !c.is_control())
                .take(64)
                .collect::<String>();
            return Err(ApiError::BadRequest {
                code: "invalid_query",
                detail: format!("the query parameter `{field}` {message}"),
                errors: vec![FieldError::new(field, "format", message)],
            });
        }
    }
    Ok(())
}

/// Counts the request against its action's limits, by address and by account.
async fn limit(req: &ServiceRequest, state: &AppState) -> Result<(), ApiError> {
    let Some(route) = routes().find(req.path()) else { return Ok(()) };
    let Some(action) = limited_action(req.method(), &route.template) else { return Ok(()) };
    let limits = &state.protection.limits;
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    // The account first: one account over its limit does not use up its address's for everyone else.
    if let Some(rate) = limits.rate(action, Scope::Account) {
        // The token's signature is enough to count by account; whether its session holds is the
        // handler's question.
        let account = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer ")))
            .and_then(|token| state.keys.verify(token.trim()).ok());
        if let Some(claims) = account {
            let key = format!("{}:account:{}", action.as_str(), claims.account_id);
            liuyan_persistence::limits::hit(&state.db, &key, rate).await?.map_err(too_many)?;
        }
    }
    if let Some(rate) = limits.rate(action, Scope::Ip) {
        let ip = client_ip(req.peer_addr(), forwarded, &state.protection.trusted_proxies)
            .map(client_key)
            .unwrap_or_else(|| "unknown".into());
        let key = format!("{}:ip:{ip}", action.as_str());
        liuyan_persistence::limits::hit(&state.db, &key, rate).await?.map_err(too_many)?;
    }
    Ok(())
}

fn too_many(wait: RetryAfter) -> ApiError {
    ApiError::TooManyRequests {
        code: "rate_limited",
        detail: format!("too many requests; try again in {} seconds", wait.seconds()),
        retry_after: wait.seconds(),
    }
}

/// A request body that must arrive by a deadline: a client that promises 100 bytes and sends 11
/// does not hold a connection and a worker's attention for longer.
struct Deadline {
    inner: Payload,
    sleep: Pin<Box<tokio::time::Sleep>>,
    expired: bool,
}

impl Deadline {
    fn new(inner: Payload, timeout: Duration) -> Deadline {
        Deadline { inner, sleep: Box::pin(tokio::time::sleep(timeout)), expired: false }
    }
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.expired {
            return Poll::Ready(None);
        }
        if let Poll::Ready(item) = Pin::new(&mut self.inner).poll_next(cx) {
            return Poll::Ready(item);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.expired = true;
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body did not arrive in time",
            )))));
        }
        Poll::Pending
    }
}

/// Anything no route matches: a known path with another method is a 405 naming the methods it has.
pub async fn no_route(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    if let Some(route) = routes().find(req.path()) {
        let allow = route.methods.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
        if req.method() == Method::OPTIONS {
            return actix_web::HttpResponse::NoContent().insert_header((header::ALLOW, allow)).finish();
        }
        let mut res = ApiError::Status(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("{} is not allowed on {}; it takes {allow}", req.method(), req.path()),
        )
        .error_response();
        if let Ok(v) = HeaderValue::from_str(&allow) {
            res.headers_mut().insert(header::ALLOW, v);
        }
        return res;
    }
    ApiError::Status(StatusCode::NOT_FOUND, "route_not_found", format!("no route for {} {}", req.method(), req.path()))
        .error_response()
}

/// Errors that actix answers itself (a path that is not UTF-8, a bad header) become problems too.
pub fn problem_for_framework_errors<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<actix_web::middleware::ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/problem+json"));
    if is_problem || !(res.status().is_client_error() || res.status().is_server_error()) {
        return Ok(actix_web::middleware::ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let code = match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::NOT_FOUND => "route_not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::URI_TOO_LONG => "uri_too_long",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::RANGE_NOT_SATISFIABLE => "range_not_satisfiable",
        s if s.is_server_error() => "internal",
        _ => "bad_request",
    };
    let (req, old) = res.into_parts();
    let mut problem =
        ApiError::Status(status, code, status.canonical_reason().unwrap_or("error").to_lowercase()).error_response();
    // Keep what the framework said about the response (Allow, Content-Range), not its body.
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(actix_web::middleware::ErrorHandlerResponse::Response(ServiceResponse::new(req, problem).map_into_right_body()))
}

/// States in the OpenAPI document what this module answers for every route: 400 for a URL with
/// controls (any operation), 408/413/415 for bodies, 429 with `Retry-After` where a limit counts, and
/// 403 `account_disabled` wherever a token is read.
pub struct DocumentProtection;

impl utoipa::Modify for DocumentProtection {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{
            ObjectBuilder, RefOr, ResponseBuilder, Type, content::ContentBuilder, header::HeaderBuilder,
        };
        let problem = |description: &str| {
            ResponseBuilder::new().description(description).content(
                "application/problem+json",
                ContentBuilder::new().schema(Some(utoipa::openapi::Ref::from_schema_name("Problem"))).build(),
            )
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        let retry_after = HeaderBuilder::new()
            .schema(Some(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1))))
            .description(Some("Seconds to wait before trying again"))
            .build();
        for (name, response) in [
            (
                "TooManyRequests",
                problem(
                    "Over an abuse limit (`rate_limited`), or logging in is locked after wrong passwords \
                     (`login_locked`); `Retry-After` says for how long.",
                )
                .header("Retry-After", retry_after)
                .build(),
            ),
            (
                "RequestTimeout",
                problem(
                    "The body did not arrive within the body deadline (`request_timeout`); the connection is closed.",
                )
                .build(),
            ),
            ("PayloadTooLarge", problem("The body is larger than the limit (`payload_too_large`).").build()),
            ("UnsupportedMediaType", problem("The body is not `application/json` (`unsupported_media_type`).").build()),
        ] {
            components.responses.insert(name.into(), RefOr::T(response));
        }
        let reference = |name: &str| RefOr::Ref(utoipa::openapi::Ref::from_response_name(name));
        for (path, item) in openapi.paths.paths.iter_mut() {
            for (method, operation) in [
                (Method::GET, &mut item.get),
                (Method::POST, &mut item.post),
                (Method::PUT, &mut item.put),
                (Method::PATCH, &mut item.patch),
                (Method::DELETE, &mut item.delete),
            ] {
                let Some(operation) = operation.as_mut() else { continue };
                let responses = &mut operation.responses.responses;
                if path.starts_with("/api/") {
                    responses.entry("400".into()).or_insert_with(|| reference("BadRequest"));
                }
                if operation.request_body.is_some() {
                    responses.entry("408".into()).or_insert_with(|| reference("RequestTimeout"));
                    responses.entry("413".into()).or_insert_with(|| reference("PayloadTooLarge"));
                    responses.entry("415".into()).or_insert_with(|| reference("UnsupportedMediaType"));
                }
                if limited_action(&method, path).is_some() {
                    responses.entry("429".into()).or_insert_with(|| reference("TooManyRequests"));
                }
                if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    responses.entry("401".into()).or_insert_with(|| reference("Unauthorized"));
                    responses.entry("403".into()).or_insert_with(|| reference("Forbidden"));
                }
            }
        }
    }
}
