//! The JSON shapes of the API. Responses are built from persistence records here, and this is where the
//! public view masks phone and ID numbers.

use chrono::{DateTime, Utc};
use liuyan_domain::masking::mask_public_text;
use liuyan_domain::supervision::SupervisionState;
use liuyan_domain::{
    Audience, Domain, EventKind, MessageStatus, MessageType, Priority, ReplyStatus, Role, Satisfaction, Visibility,
};
use liuyan_persistence::accounts::Account;
use liuyan_persistence::messages::{MessageDetail, MessageRecord, Reply};
use liuyan_persistence::reference::{Leader, Region, Unit};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::{Validate, ValidationError};

// ---------- validation helpers ----------

pub(crate) fn not_blank(s: &str) -> Result<(), ValidationError> {
    if s.trim().is_empty() {
        let mut e = ValidationError::new("required");
        e.message = Some("must not be blank".into());
        return Err(e);
    }
    Ok(())
}

/// Request fields that hold one line of text (titles, names, codes, logins); every other string may
/// hold line breaks and tabs. The text rule applies this by field name to every body, and the OpenAPI
/// document states it as each field's pattern.
pub const ONE_LINE_FIELDS: [&str; 22] = [
    "title",
    "name",
    "display_name",
    "enterprise_name",
    "login",
    "username",
    "phone",
    "email",
    "uscc",
    "slug",
    "code",
    "region_code",
    "parent_code",
    "tier",
    "sla_tier",
    "url",
    "refresh_token",
    "event_types",
    "keywords",
    "date",
    "opens_at",
    "closes_at",
];

/// A mainland mobile number: 11 digits starting 13–19.
pub fn mobile(s: &str) -> Result<(), ValidationError> {
    let b = s.as_bytes();
    let ok = b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    if !ok {
        let mut e = ValidationError::new("format");
        e.message = Some("must be a mainland mobile number (11 digits)".into());
        return Err(e);
    }
    Ok(())
}

fn valid_uscc(s: &str) -> Result<(), ValidationError> {
    liuyan_domain::uscc::parse(s).map(|_| ()).map_err(|err| {
        let mut e = ValidationError::new("format");
        e.message = Some(
            match err {
                liuyan_domain::uscc::UsccError::CheckDigit => "the check character does not match (GB 32100-2015)",
                _ => "must be an 18-character unified social credit code",
            }
            .into(),
        );
        e
    })
}

fn username(s: &str) -> Result<(), ValidationError> {
    let ok = (3..=64).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if !ok {
        let mut e = ValidationError::new("format");
        e.message = Some("3–64 characters of a–z, 0–9, '.', '_' or '-'".into());
        return Err(e);
    }
    Ok(())
}

/// A GB/T 2260 region code: six ASCII digits (`REGION_CODE` in the document).
pub fn is_region_code(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn region_code(s: &str) -> Result<(), ValidationError> {
    if !is_region_code(s) {
        let mut e = ValidationError::new("format");
        e.message = Some("must be a 6-digit GB/T 2260 code".into());
        return Err(e);
    }
    Ok(())
}

/// A region code given as a filter (`?region=`, `?parent=`): six digits, else the query is malformed
/// (400 `invalid_query`) rather than matching nothing. Documented with `pattern = "^[0-9]{6}$"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCode(pub String);

impl<'de> Deserialize<'de> for RegionCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        if is_region_code(&code) {
            Ok(RegionCode(code))
        } else {
            Err(serde::de::Error::custom(format!("{code:?} is not a region code (6 digits, GB/T 2260)")))
        }
    }
}

impl RegionCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The roles that register themselves (`RegisterRequest.role`); others get 422 `not_self_service`.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // only its OpenAPI description is used
pub enum SelfServiceRole {
    Citizen,
    Enterprise,
}

/// The roles of staff accounts an admin creates (`CreateStaffRequest.role`); others get 422 `not_staff`.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // only its OpenAPI description is used
pub enum StaffRole {
    UnitStaff,
    LeaderOffice,
    Moderator,
    Admin,
}

// ---------- accounts ----------

/// Self-registration of a citizen (phone or e-mail) or an enterprise (name and credit code).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// `citizen` or `enterprise`; staff accounts are created by an admin.
    #[schema(value_type = SelfServiceRole)]
    pub role: Role,
    #[validate(length(max = 50), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub display_name: Option<String>,
    /// A mainland mobile number; a citizen gives a phone or an e-mail.
    #[validate(custom(function = "mobile"))]
    #[schema(example = "13800138000", pattern = "^1[3-9][0-9]{9}$")]
    pub phone: Option<String>,
    #[validate(email, length(max = 254))]
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    /// 8–128 characters, and strong enough: 422 `too_weak`, `personal_info` (holds the phone, e-mail,
    /// name or credit code) or `length` otherwise.
    #[validate(length(min = 8, max = 128))]
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    /// Required for an enterprise.
    #[validate(length(min = 2, max = 100), custom(function = "not_blank"))]
    #[schema(min_length = 2, max_length = 100, pattern = r"\S")]
    pub enterprise_name: Option<String>,
    /// Unified social credit code, required for an enterprise; the check character is verified.
    #[validate(custom(function = "valid_uscc"))]
    #[schema(example = "91350100M000100Y43", pattern = "^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")]
    pub uscc: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Phone, e-mail, credit code or staff username.
    #[validate(length(min = 1, max = 254))]
    #[schema(min_length = 1, max_length = 254)]
    pub login: String,
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128)]
    pub password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[validate(length(min = 1, max = 200))]
    #[schema(min_length = 1, max_length = 200)]
    pub refresh_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque, single-use: exchange it at `/auth/refresh` for a new pair.
    pub refresh_token: String,
    pub account: AccountView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    pub id: i64,
    pub role: Role,
    pub display_name: String,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub enterprise_name: Option<String>,
    pub uscc: Option<String>,
    pub unit_id: Option<i64>,
    pub leader_id: Option<i64>,
    /// Unit staff who may run suggestion campaigns (leader offices always may, for their leader).
    pub can_run_campaigns: bool,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

impl From<Account> for AccountView {
    fn from(a: Account) -> Self {
        AccountView {
            role: a.role(),
            id: a.id,
            display_name: a.display_name,
            username: a.username,
            phone: a.phone,
            email: a.email,
            enterprise_name: a.enterprise_name,
            uscc: a.uscc,
            unit_id: a.unit_id,
            leader_id: a.leader_id,
            can_run_campaigns: a.can_run_campaigns,
            disabled: a.disabled,
            created_at: a.created_at,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    #[validate(length(max = 50), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub display_name: Option<String>,
    #[validate(custom(function = "mobile"))]
    #[schema(pattern = "^1[3-9][0-9]{9}$")]
    pub phone: Option<String>,
    #[validate(email, length(max = 254))]
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    /// A new password; needs the right `current_password` (422 `mismatch`), and must be strong enough
    /// (422 `too_weak`, `personal_info`, `length`).
    #[validate(length(min = 8, max = 128))]
    #[schema(min_length = 8, max_length = 128)]
    pub password: Option<String>,
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128)]
    pub current_password: Option<String>,
}

/// An admin creates a staff account, bound to a unit (unit staff) or a leader (leader office).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStaffRequest {
    #[schema(value_type = StaffRole)]
    pub role: Role,
    #[validate(custom(function = "username"))]
    #[schema(pattern = "^[a-z0-9._-]{3,64}$")]
    pub username: String,
    #[validate(length(max = 50), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub display_name: String,
    /// 8–128 characters, strong enough and free of the account's names (422 `too_weak`, `personal_info`).
    #[validate(length(min = 8, max = 128))]
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    #[validate(email, length(max = 254))]
    #[schema(format = Email, max_length = 254)]
    pub email: Option<String>,
    pub unit_id: Option<i64>,
    pub leader_id: Option<i64>,
    /// Unit staff only: may run suggestion campaigns for the unit. Default false.
    #[serde(default)]
    pub can_run_campaigns: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAccountRequest {
    #[validate(length(max = 50), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 50, pattern = r"\S")]
    pub display_name: Option<String>,
    /// A disabled account cannot log in; its refresh tokens are revoked.
    pub disabled: Option<bool>,
    /// A new password, strong enough and free of the account's names (422 `too_weak`, `personal_info`).
    #[validate(length(min = 8, max = 128))]
    #[schema(min_length = 8, max_length = 128)]
    pub password: Option<String>,
    /// Unit staff only: give or take the right to run suggestion campaigns for the unit.
    pub can_run_campaigns: Option<bool>,
    /// Moves unit staff to another unit (their inbox follows).
    pub unit_id: Option<i64>,
    /// Moves a leader's office account to another leader.
    pub leader_id: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountListQuery {
    pub role: Option<Role>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountPage {
    pub items: Vec<AccountView>,
    pub next_cursor: Option<String>,
}

// ---------- reference data ----------

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionView {
    #[schema(example = "440100")]
    pub code: String,
    #[schema(example = "广州市")]
    pub name: String,
    pub parent_code: Option<String>,
    /// `province`, `city` or `county`.
    pub level: String,
}

impl From<Region> for RegionView {
    fn from(r: Region) -> Self {
        RegionView { code: r.code, name: r.name, parent_code: r.parent_code, level: r.level }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderView {
    pub id: i64,
    pub region_code: String,
    /// The office, e.g. 省长.
    pub title: String,
    /// Full name of the office, e.g. 广东省省长.
    pub name: String,
}

impl From<Leader> for LeaderView {
    fn from(l: Leader) -> Self {
        LeaderView { id: l.id, region_code: l.region_code, title: l.title, name: l.name }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitView {
    pub id: i64,
    pub region_code: String,
    pub name: String,
    pub parent_id: Option<i64>,
    /// Domains this unit usually handles.
    pub domains: Vec<Domain>,
}

impl From<Unit> for UnitView {
    fn from(u: Unit) -> Self {
        UnitView {
            domains: u.domains.split(',').filter_map(Domain::parse).collect(),
            id: u.id,
            region_code: u.region_code,
            name: u.name,
            parent_id: u.parent_id,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitPage {
    pub items: Vec<UnitView>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionQuery {
    /// Children of this region code.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub parent: Option<RegionCode>,
    pub level: Option<RegionLevel>,
}

/// A region's level: a province, a prefecture-level city, or a county under a city.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    City,
    County,
}

impl RegionLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::City => "city",
            RegionLevel::County => "county",
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeaderQuery {
    /// Leaders of this region code.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
    pub domain: Option<Domain>,
    /// Part of the unit's name.
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

// ---------- messages ----------

/// The schema of `from` of the message lists and exports: an RFC 3339 time, or a date.
pub fn written_from() -> utoipa::openapi::schema::Schema {
    time_or_date("Written at or after: an RFC 3339 time or a date (`YYYY-MM-DD`, from its start in UTC).")
}

/// The schema of `to` of the message lists and exports.
pub fn written_to() -> utoipa::openapi::schema::Schema {
    time_or_date("Written before: an RFC 3339 time or a date (`YYYY-MM-DD`, that whole day included, UTC).")
}

fn time_or_date(description: &str) -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    let string =
        |format| ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(format)));
    AnyOfBuilder::new()
        .item(string(KnownFormat::DateTime))
        .item(string(KnownFormat::Date))
        .description(Some(description))
        .build()
        .into()
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessageRequest {
    /// The leader (office) written to.
    pub leader_id: i64,
    /// Where the matter is: the leader's region or one of its cities.
    #[validate(custom(function = "region_code"))]
    #[schema(example = "440100", pattern = "^[0-9]{6}$")]
    pub region_code: String,
    pub message_type: MessageType,
    pub domain: Domain,
    #[validate(length(max = 100), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 100, pattern = r"\S")]
    pub title: String,
    #[validate(length(max = 5000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 5000, pattern = r"\S")]
    pub body: String,
    /// Whether the public may read it (once screened). Default true.
    #[serde(default = "yes")]
    pub is_public: bool,
    /// A topic (专题) to write in. The topic's rules apply: the enterprise channel takes enterprise
    /// accounts only (403 for others) and only its own domains.
    pub topic_id: Option<i64>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageListQuery {
    /// Region code; a province also matches its cities.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
    pub leader: Option<i64>,
    pub unit: Option<i64>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub message_type: Option<MessageType>,
    pub domain: Option<Domain>,
    pub status: Option<MessageStatus>,
    /// Topic id (专题).
    pub topic: Option<i64>,
    #[param(schema_with = written_from)]
    pub from: Option<String>,
    #[param(schema_with = written_to)]
    pub to: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The words to find (Chinese is segmented into words; every word must match), 1–100 characters.
    /// Words the segmenter cannot search for (punctuation alone) are 422 `required`.
    #[param(min_length = 1, max_length = 100, pattern = r"\S")]
    pub q: String,
    /// Region code; a province also matches its cities.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
    pub leader: Option<i64>,
    pub unit: Option<i64>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub message_type: Option<MessageType>,
    pub domain: Option<Domain>,
    pub status: Option<MessageStatus>,
    /// Topic id (专题).
    pub topic: Option<i64>,
    #[param(schema_with = written_from)]
    pub from: Option<String>,
    #[param(schema_with = written_to)]
    pub to: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

/// Where a search term stands in a text, in characters (not bytes), for highlighting.
#[derive(Debug, Serialize, ToSchema)]
pub struct TextMark {
    pub start: usize,
    pub len: usize,
}

impl From<liuyan_domain::search::Mark> for TextMark {
    fn from(m: liuyan_domain::search::Mark) -> Self {
        TextMark { start: m.start, len: m.len }
    }
}

/// A message found by a search, with where the terms stand in its title and in a snippet of its text.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    pub message: MessageSummary,
    /// Matches in `message.title`.
    pub title_marks: Vec<TextMark>,
    /// Up to 120 characters of the (masked) text around the first match.
    pub snippet: String,
    pub snippet_marks: Vec<TextMark>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    /// Messages whose title holds every term first, then the rest; newest first within each.
    pub items: Vec<SearchHit>,
    /// The words searched for, as the query was segmented.
    pub terms: Vec<String>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NamedRef {
    pub id: i64,
    pub name: String,
}

/// A message in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageSummary {
    pub id: i64,
    pub title: String,
    /// The first 120 characters of the body.
    pub excerpt: String,
    pub message_type: MessageType,
    pub domain: Domain,
    pub status: MessageStatus,
    pub is_public: bool,
    pub region: RegionRef,
    pub leader: NamedRef,
    pub unit: Option<NamedRef>,
    /// The topic (专题) it was written in.
    pub topic_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the unit's answer is due, and whether it is overdue.
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessagePage {
    pub items: Vec<MessageSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Who wrote it, as far as the public may know.
#[derive(Debug, Serialize, ToSchema)]
pub struct WriterView {
    pub role: Role,
    /// An enterprise's name (citizens stay anonymous).
    pub enterprise_name: Option<String>,
    /// An enterprise's credit code, masked.
    pub uscc_masked: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReplyView {
    pub id: i64,
    pub message_id: i64,
    pub round: i32,
    pub unit: Option<NamedRef>,
    pub body: String,
    pub status: ReplyStatus,
    /// Shown to staff only: why the moderator sent it back.
    pub return_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// The joint reply (解决一类事) this reply is part of; such a reply is reviewed with its joint reply.
    pub joint_reply_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RatingView {
    pub id: i64,
    pub reply_id: i64,
    pub round: i32,
    pub satisfaction: Satisfaction,
    pub speed: i16,
    pub attitude: i16,
    pub result: i16,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

/// One step of the message's life.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: i64,
    pub kind: EventKind,
    /// The role of whoever took the step (people are not named); absent when the platform took it by
    /// itself (routing rules, supervision).
    pub actor_role: Option<Role>,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
    /// The unit concerned (assigned to, transferred to, replying).
    pub unit: Option<NamedRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub message_type: MessageType,
    pub domain: Domain,
    pub status: MessageStatus,
    pub is_public: bool,
    /// True when phone and ID numbers in the text are masked (the public view).
    pub masked: bool,
    pub region: RegionRef,
    pub leader: NamedRef,
    pub unit: Option<NamedRef>,
    /// The topic (专题) it was written in.
    pub topic_id: Option<i64>,
    pub writer: WriterView,
    /// 1 for the first answer, +1 for each reopening.
    pub round: i32,
    pub reopen_count: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub deadline: DeadlineView,
    /// `normal`, `high` or `urgent`, as the leader's instruction set it.
    pub priority: Priority,
    /// Published replies; staff also see drafts, replies in review and returned ones.
    pub replies: Vec<ReplyView>,
    pub ratings: Vec<RatingView>,
    /// The events the viewer may see, oldest first.
    pub timeline: Vec<EventView>,
    /// Follow-up questions (追问) and their answers.
    pub follow_ups: Vec<FollowUpView>,
    /// Leaders' instructions (批办).
    pub instructions: Vec<InstructionView>,
    /// The latest supervision (督办); shown to the staff only.
    pub supervision: Option<SupervisionView>,
    /// Its place in the case library (精选案例), if moderators featured it.
    pub case: Option<CaseNoteView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseNoteView {
    /// What the moderators hold up in its handling.
    pub note: String,
    pub featured_at: DateTime<Utc>,
}

/// Features a message in the case library, or changes its note.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseRequest {
    /// What was done well, 1–500 characters.
    #[validate(length(max = 500), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub note: String,
}

/// A case (精选案例): an answered public message, the moderators' note and the reply it holds up.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    pub id: i64,
    pub message: MessageSummary,
    pub note: String,
    /// The latest published reply, masked.
    pub reply: Option<String>,
    pub featured_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CaseView {
    pub fn new(c: liuyan_persistence::cases::Case, now: DateTime<Utc>) -> Self {
        CaseView {
            id: c.id,
            message: MessageSummary::new(c.record, true, now),
            note: c.note,
            reply: c.reply,
            featured_at: c.featured_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    pub items: Vec<CaseView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseListQuery {
    /// Region code; a province also matches its cities.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
    pub domain: Option<Domain>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u64>,
}

/// Where a message stands against its deadline (办理时限).
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineView {
    /// The SLA tier counted by (`urgent`, `utilities`, `standard`, or an admin's own).
    pub sla_tier: Option<String>,
    /// When the unit's answer of the current round is due; absent before acceptance.
    pub due_at: Option<DateTime<Utc>>,
    /// Seconds until `due_at` (negative once past); absent when the clock does not run.
    pub seconds_left: Option<i64>,
    /// Past `due_at` and still waiting for the answer.
    pub overdue: bool,
    /// When this round's answer was published.
    pub answered_at: Option<DateTime<Utc>>,
}

impl DeadlineView {
    pub fn new(m: &liuyan_persistence::messages::Message, now: DateTime<Utc>) -> Self {
        let running = liuyan_domain::sla::clock_runs(m.status());
        DeadlineView {
            sla_tier: m.sla_tier.clone(),
            due_at: m.due_at,
            seconds_left: m.due_at.filter(|_| running).map(|d| (d - now).num_seconds()),
            overdue: liuyan_domain::sla::is_overdue(m.status(), m.due_at, now),
            answered_at: m.answered_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpView {
    pub id: i64,
    pub message_id: i64,
    pub round: i32,
    pub question: String,
    pub asked_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InstructionView {
    pub id: i64,
    pub text: String,
    pub priority: Priority,
    /// The deadline the instruction set, if it overrode the SLA.
    pub due_at: Option<DateTime<Utc>>,
    pub author_role: Role,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SupervisionView {
    pub id: i64,
    pub message_id: i64,
    pub round: i32,
    pub unit_id: Option<i64>,
    pub leader_id: i64,
    pub state: SupervisionState,
    /// The missed deadline.
    pub due_at: DateTime<Utc>,
    /// When it escalates to the platform if the message is still unanswered.
    pub escalate_at: DateTime<Utc>,
    pub opened_at: DateTime<Utc>,
    pub escalated_at: Option<DateTime<Utc>>,
    /// The unit's explanation.
    pub response: Option<String>,
    pub responded_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
}

impl From<liuyan_persistence::handling::Supervision> for SupervisionView {
    fn from(s: liuyan_persistence::handling::Supervision) -> Self {
        SupervisionView {
            state: SupervisionState::parse(&s.state).unwrap_or(SupervisionState::Open),
            id: s.id,
            message_id: s.message_id,
            round: s.round,
            unit_id: s.unit_id,
            leader_id: s.leader_id,
            due_at: s.due_at,
            escalate_at: s.escalate_at,
            opened_at: s.opened_at,
            escalated_at: s.escalated_at,
            response: s.response,
            responded_at: s.responded_at,
            closed_at: s.closed_at,
            note: s.note,
        }
    }
}

impl FollowUpView {
    pub fn new(f: liuyan_persistence::handling::FollowUp, public: bool) -> Self {
        FollowUpView {
            id: f.id,
            message_id: f.message_id,
            round: f.round,
            question: text_for(public, f.question),
            asked_at: f.asked_at,
            answer: f.answer.map(|a| text_for(public, a)),
            answered_at: f.answered_at,
        }
    }
}

pub(crate) fn text_for(public: bool, s: String) -> String {
    if public { mask_public_text(&s) } else { s }
}

fn excerpt(body: &str) -> String {
    body.chars().take(120).collect()
}

impl MessageSummary {
    pub fn new(r: MessageRecord, public: bool, now: DateTime<Utc>) -> Self {
        let m = r.message;
        let overdue = liuyan_domain::sla::is_overdue(m.status(), m.due_at, now);
        MessageSummary {
            id: m.id,
            // Masked before it is cut: a number cut in half would no longer be recognised.
            excerpt: excerpt(&text_for(public, m.body.clone())),
            title: text_for(public, m.title.clone()),
            message_type: MessageType::parse(&m.message_type).unwrap_or(MessageType::Consultation),
            domain: Domain::parse(&m.domain).unwrap_or(Domain::Other),
            status: m.status(),
            is_public: m.is_public,
            region: RegionRef { code: r.region.code, name: r.region.name },
            leader: NamedRef { id: r.leader.id, name: r.leader.name },
            unit: r.unit.map(|u| NamedRef { id: u.id, name: u.name }),
            topic_id: m.topic_id,
            created_at: m.created_at,
            updated_at: m.updated_at,
            due_at: m.due_at,
            overdue,
        }
    }
}

impl ReplyView {
    pub fn new(r: Reply, unit_name: Option<String>, staff: bool) -> Self {
        ReplyView {
            unit: unit_name.map(|name| NamedRef { id: r.unit_id, name }),
            status: ReplyStatus::parse(&r.status).unwrap_or(ReplyStatus::Draft),
            return_reason: if staff { r.return_reason } else { None },
            id: r.id,
            message_id: r.message_id,
            round: r.round,
            body: r.body,
            created_at: r.created_at,
            submitted_at: r.submitted_at,
            published_at: r.published_at,
            joint_reply_id: r.joint_reply_id,
        }
    }
}

impl MessageView {
    /// The message as its viewer may see it, with the deadline read at `now`.
    pub fn new(d: MessageDetail, now: DateTime<Utc>) -> Self {
        let public = d.visibility == Visibility::Public;
        let staff = d.audience == Audience::Staff;
        let unit_name = |id: i64| d.units.get(&id).map(|u| u.name.clone());
        let replies = d.replies.into_iter().map(|r| {
            let name = unit_name(r.unit_id);
            ReplyView::new(r, name, staff)
        });
        let replies = replies.map(|mut r| {
            r.body = text_for(public, r.body);
            r
        });
        let timeline = d
            .events
            .into_iter()
            .map(|e| EventView {
                id: e.id,
                kind: EventKind::parse(&e.kind).unwrap_or(EventKind::Submitted),
                actor_role: Role::parse(&e.actor_role),
                at: e.created_at,
                note: e.note.map(|n| text_for(public, n)),
                unit: e.unit_id.and_then(|id| unit_name(id).map(|name| NamedRef { id, name })),
            })
            .collect();
        let ratings = d
            .ratings
            .into_iter()
            .map(|r| RatingView {
                id: r.id,
                reply_id: r.reply_id,
                round: r.round,
                satisfaction: Satisfaction::parse(&r.satisfaction).unwrap_or(Satisfaction::Satisfied),
                speed: r.speed,
                attitude: r.attitude,
                result: r.result,
                comment: text_for(public, r.comment),
                created_at: r.created_at,
            })
            .collect();
        let writer_role = Role::parse(&d.writer.role).unwrap_or(Role::Citizen);
        let follow_ups = d.follow_ups.into_iter().map(|f| FollowUpView::new(f, public)).collect();
        let instructions = d
            .instructions
            .into_iter()
            .map(|i| InstructionView {
                id: i.id,
                text: text_for(public, i.text),
                priority: Priority::parse(&i.priority).unwrap_or(Priority::Normal),
                due_at: i.due_at,
                author_role: Role::parse(&i.author_role).unwrap_or(Role::LeaderOffice),
                created_at: i.created_at,
            })
            .collect();
        let supervision = d.supervision.map(Into::into);
        let m = d.record.message;
        let deadline = DeadlineView::new(&m, now);
        MessageView {
            id: m.id,
            title: text_for(public, m.title.clone()),
            body: text_for(public, m.body.clone()),
            message_type: MessageType::parse(&m.message_type).unwrap_or(MessageType::Consultation),
            domain: Domain::parse(&m.domain).unwrap_or(Domain::Other),
            status: m.status(),
            is_public: m.is_public,
            masked: public,
            region: RegionRef { code: d.record.region.code, name: d.record.region.name },
            leader: NamedRef { id: d.record.leader.id, name: d.record.leader.name },
            unit: d.record.unit.map(|u| NamedRef { id: u.id, name: u.name }),
            topic_id: m.topic_id,
            writer: WriterView {
                role: writer_role,
                enterprise_name: d.writer.enterprise_name.map(|n| text_for(public, n)),
                uscc_masked: d.writer.uscc.as_deref().map(liuyan_domain::uscc::mask),
            },
            round: m.round,
            reopen_count: m.reopen_count,
            created_at: m.created_at,
            updated_at: m.updated_at,
            accepted_at: m.accepted_at,
            closed_at: m.closed_at,
            deadline,
            priority: Priority::parse(&m.priority).unwrap_or(Priority::Normal),
            replies: replies.collect(),
            ratings,
            timeline,
            follow_ups,
            instructions,
            supervision,
            case: d.case.map(|c| CaseNoteView { note: c.note, featured_at: c.featured_at }),
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRequest {
    /// Optional note recorded on the timeline.
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    #[validate(length(max = 500), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub reason: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptRequest {
    /// Optional note recorded on the timeline.
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub note: Option<String>,
    /// The SLA tier to count the deadline by (e.g. `urgent` for an urgent group demand); by default the
    /// admins' rules for the message's type and domain decide, else `standard`. An unknown tier is 422.
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub sla_tier: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    pub unit_id: i64,
    /// A note on the assignment, shown on the timeline.
    #[validate(length(max = 500))]
    #[schema(max_length = 500)]
    pub note: Option<String>,
    /// The leader office's instruction (批办/交办) to the unit.
    #[validate(nested)]
    pub instruction: Option<InstructionRequest>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstructionRequest {
    #[validate(length(max = 1000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 1000, pattern = r"\S")]
    pub text: String,
    /// Default `normal`.
    pub priority: Option<Priority>,
    /// Overrides the SLA deadline; must be in the future.
    pub due_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    pub unit_id: i64,
    /// Why the message belongs to the other unit; public on the timeline.
    #[validate(length(max = 500), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub reason: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyRequest {
    #[validate(length(max = 10000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub body: String,
    /// Submit for review now (default) or keep as a draft. A message has at most one draft: writing
    /// again replaces it.
    #[serde(default = "yes")]
    pub submit: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateReplyRequest {
    #[validate(length(max = 10000), custom(function = "not_blank"))]
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub body: Option<String>,
    /// Submit the draft for review.
    #[serde(default)]
    pub submit: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingRequest {
    pub satisfaction: Satisfaction,
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub speed: i16,
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub attitude: i16,
    #[validate(range(min = 1, max = 5))]
    #[schema(minimum = 1, maximum = 5)]
    pub result: i16,
    #[validate(length(max = 500))]
    #[serde(default)]
    #[schema(max_length = 500)]
    pub comment: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HealthView {
    #[schema(example = "ok")]
    pub status: String,
}

/// Headline counts for the front page.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryView {
    /// Screened public messages.
    pub public_messages: u64,
    /// Of those, answered (a reply was published).
    pub replied_messages: u64,
    pub units: u64,
    pub leaders: u64,
}

// ---------- statistics ----------

/// Whose messages and which part of them: at most one of `region`, `leader`, `unit`, and at most one
/// of `domain`, `type`; periods are whole years (`2024`), months (`2024-03`) or days (`2024-03-05`,
/// kept for all domains and types only), both ends included, China time.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Region code; a province counts its cities too.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
    pub leader: Option<i64>,
    pub unit: Option<i64>,
    pub domain: Option<Domain>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub message_type: Option<MessageType>,
    /// First period: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Without `from` and `to`: the whole history.
    #[param(pattern = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")]
    pub from: Option<String>,
    /// Last period, written like `from`.
    #[param(pattern = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")]
    pub to: Option<String>,
}

/// What a trend is counted by.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StatsGrain {
    /// The whole history (no `from` and `to`); not a trend's grain.
    All,
    Year,
    Month,
    Day,
}

/// What a trend counts by: its points are years, months or days (`StatsGrain` without `all`).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // only its OpenAPI description is used
pub enum TrendGrain {
    Year,
    Month,
    Day,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrendQuery {
    /// Region code; a province counts its cities too.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
    pub leader: Option<i64>,
    pub unit: Option<i64>,
    pub domain: Option<Domain>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub message_type: Option<MessageType>,
    /// Default `month`. Without `from` and `to`: the last 10 years, 12 months or 30 days. (`all` is
    /// refused with 422 `grain`: it is no trend.)
    #[param(value_type = Option<TrendGrain>)]
    pub grain: Option<StatsGrain>,
    /// First period, written in the grain (`2024`, `2024-03`, `2024-03-05`).
    #[param(pattern = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")]
    pub from: Option<String>,
    /// Last period, written like `from`. At most 50 years, 240 months or 366 days.
    #[param(pattern = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")]
    pub to: Option<String>,
}

/// What a breakdown splits by.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StatsBy {
    Domain,
    Type,
    /// The regions under `region` (the provinces without one).
    Region,
    /// The leaders of `region` and its cities (all without one).
    Leader,
    /// The units of `region` and its cities (all without one): the unit ranking.
    Unit,
}

/// What a breakdown is ordered by: counts and rates highest first, handling days lowest first.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum StatsSort {
    Messages,
    ReplyRate,
    OnTimeRate,
    SatisfactionRate,
    AvgHandlingDays,
    MedianHandlingDays,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BreakdownQuery {
    pub by: StatsBy,
    /// Region code; a province counts its cities too.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
    pub leader: Option<i64>,
    pub unit: Option<i64>,
    pub domain: Option<Domain>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub message_type: Option<MessageType>,
    /// First period: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Without `from` and `to`: the whole history.
    #[param(pattern = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")]
    pub from: Option<String>,
    /// Last period, written like `from`.
    #[param(pattern = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$")]
    pub to: Option<String>,
    /// Default `messages`.
    pub sort: Option<StatsSort>,
    /// Leave out rows with fewer messages (default 1), so a ranking by a rate is not led by a unit
    /// with one message.
    pub min_messages: Option<i64>,
    /// 1–1000, default 100.
    #[param(minimum = 1, maximum = 1000, default = 100)]
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthlyReportQuery {
    /// `YYYY-MM`, from `0001-01` on; default this month (China time).
    #[param(pattern = "^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])$")]
    pub month: Option<String>,
}

/// The figures of a set of messages; the README defines each. Rates are fractions (0–1) and are
/// `null` when nothing is there to divide by.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsMeasures {
    /// Messages past screening, written in the period.
    pub messages: i64,
    /// Of which suggestions (建言).
    pub suggestions: i64,
    pub suggestion_share: Option<f64>,
    /// With a published reply.
    pub replied: i64,
    pub reply_rate: Option<f64>,
    /// First reply published by its deadline.
    pub on_time: i64,
    /// on_time / replied.
    pub on_time_rate: Option<f64>,
    /// From writing to the first published reply.
    pub avg_handling_days: Option<f64>,
    /// Over whole days; kept for all domains and types together, so `null` for one domain or type.
    pub median_handling_days: Option<f64>,
    /// Rated by their writers (the latest rating counts).
    pub rated: i64,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub dissatisfied: i64,
    /// (satisfied + basically satisfied) / rated.
    pub satisfaction_rate: Option<f64>,
    pub closed: i64,
}

impl From<liuyan_domain::stats::Measures> for StatsMeasures {
    fn from(m: liuyan_domain::stats::Measures) -> Self {
        let t = m.tally;
        StatsMeasures {
            messages: t.messages,
            suggestions: t.suggestions,
            suggestion_share: m.suggestion_share,
            replied: t.replied,
            reply_rate: m.reply_rate,
            on_time: t.on_time,
            on_time_rate: m.on_time_rate,
            avg_handling_days: m.avg_handling_days,
            median_handling_days: m.median_handling_days,
            rated: t.rated,
            satisfied: t.satisfied,
            basically_satisfied: t.basically_satisfied,
            dissatisfied: t.dissatisfied,
            satisfaction_rate: m.satisfaction_rate,
            closed: t.closed,
        }
    }
}

/// Hot words of everything or a region, in one period.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HotWordsQuery {
    /// Region code; a province counts its cities too. Absent: everything.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
    /// A year (`2024`) or month (`2024-03`), China time. Absent: the whole history.
    #[param(pattern = "^[0-9]{4}(-(0[1-9]|1[0-2]))?$")]
    pub period: Option<String>,
    /// How many words, 1–100; 20 if absent.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
}

/// The words public messages were most about: each counted once per message it is one of the
/// keywords of (jieba TF-IDF over the masked title and text, stop words, places and names left out).
#[derive(Debug, Serialize, ToSchema)]
pub struct HotWords {
    pub region: Option<String>,
    /// Absent for the whole history.
    pub period: Option<String>,
    pub words: Vec<HotWord>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HotWord {
    pub word: String,
    /// Public messages it is a keyword of.
    pub messages: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsSummary {
    pub grain: StatsGrain,
    /// Absent for the whole history.
    pub from: Option<String>,
    pub to: Option<String>,
    pub measures: StatsMeasures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrendPoint {
    pub period: String,
    pub measures: StatsMeasures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsTrend {
    pub grain: StatsGrain,
    pub from: String,
    pub to: String,
    /// Every period of the range in order, empty ones included.
    pub points: Vec<TrendPoint>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BreakdownRow {
    /// 1 for the first row in the chosen order.
    pub rank: u32,
    /// The domain or type, region code, leader id or unit id.
    pub key: String,
    /// Its name (the domain's and type's are their codes; the web app translates them).
    pub label: String,
    pub measures: StatsMeasures,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatsBreakdown {
    pub by: StatsBy,
    pub sort: StatsSort,
    pub grain: StatsGrain,
    /// Absent for the whole history.
    pub from: Option<String>,
    pub to: Option<String>,
    pub rows: Vec<BreakdownRow>,
}

/// A leader's month (月度报告): their messages' figures, against the month before and the year so
/// far, by domain and by type, and the units of their region.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderMonthlyReport {
    pub leader: LeaderView,
    /// `YYYY-MM`.
    pub month: String,
    pub measures: StatsMeasures,
    pub previous_month: StatsMeasures,
    /// January to `month`.
    pub year_to_date: StatsMeasures,
    pub by_domain: Vec<BreakdownRow>,
    pub by_type: Vec<BreakdownRow>,
    /// The units of the leader's region (and its cities, for a province), by messages this month.
    pub units: Vec<BreakdownRow>,
}

// ---------- open data ----------

/// The public list's filters, for an export of every matching message.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Region code; a province also matches its cities.
    #[param(value_type = Option<String>, pattern = "^[0-9]{6}$")]
    pub region: Option<RegionCode>,
    pub leader: Option<i64>,
    pub unit: Option<i64>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub message_type: Option<MessageType>,
    pub domain: Option<Domain>,
    pub status: Option<MessageStatus>,
    /// Topic id (专题).
    pub topic: Option<i64>,
    #[param(schema_with = written_from)]
    pub from: Option<String>,
    #[param(schema_with = written_to)]
    pub to: Option<String>,
}

// ---------- similar messages ----------

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarQuery {
    /// What the writer has written so far (title and text), 1–2000 characters.
    #[param(min_length = 1, max_length = 2000, pattern = r"\S")]
    pub text: String,
    /// 1–20, default 5.
    #[param(minimum = 1, maximum = 20, default = 5)]
    pub limit: Option<u64>,
}

/// A public message asking the same, with its published replies.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarMessage {
    pub message: MessageSummary,
    /// The published replies (masked), oldest first.
    pub replies: Vec<String>,
    /// How much it shares with the text: 2 per telling word in its title, 1 per word only in its text.
    pub score: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarPage {
    pub items: Vec<SimilarMessage>,
    /// The words looked for.
    pub terms: Vec<String>,
}
