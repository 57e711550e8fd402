//! The authorization matrix: every role against every operation that reads or acts on an object that
//! is not the caller's own, on both stores. One world per store (one server, one set of accounts); each
//! row (an operation) gets a target in the state where the right role succeeds. The refused cells run
//! first, all on that one target; then the allowed cells, the first on the same target (so it also
//! proves that no refusal changed it), every further one on a fresh target of its own. The cells of
//! one step run concurrently, and a few rows at a time. A cell that reads a list or a field says
//! whether the object (or the secret part of it) shows.
//!
//! The rule for 404 (README, "Errors"): a message that is private or not yet screened, and a reply that
//! is not published, are "not found" to anyone who may not see them; a caller who may see the object
//! but not take the step gets 403.
//!
// Found by this matrix and fixed: a supervision stayed with the unit that held the message when it
// went overdue, so after a transfer the old unit still listed and answered it and the new unit could
// not (`RespondAfterTransfer`, `ListedAfterTransfer`).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};
use chrono::{DateTime, Duration, Utc};
use futures::future::join_all;
use futures::{StreamExt, stream};
use liuyan_api_tests::{Backend, Options, PASSWORD, Resp, TestApp, User, on_both_databases, phone, spawn_app_with};
use liuyan_domain::Role;
use liuyan_persistence::accounts::{self, NewAccount};
use liuyan_persistence::{Clock, ManualClock};
use serde_json::{Value, json};

on_both_databases!(authorization_matrix);

/// The roles of the matrix, in the order of its columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// No token.
    Visitor,
    /// The citizen who wrote the messages (and the suggestions).
    Writer,
    /// Another citizen.
    Citizen,
    Enterprise,
    /// Staff of the unit handling the messages (住建局), who may also run its campaigns.
    Unit,
    /// Staff of another unit (交通运输局), who may run that unit's campaigns.
    OtherUnit,
    /// The office of the leader the messages are written to (广东省省长).
    Office,
    /// The office of another leader of the same province (广东省委书记).
    OtherOffice,
    Moderator,
    Admin,
}

const EVERYONE: [Who; 10] = [
    Who::Visitor,
    Who::Writer,
    Who::Citizen,
    Who::Enterprise,
    Who::Unit,
    Who::OtherUnit,
    Who::Office,
    Who::OtherOffice,
    Who::Moderator,
    Who::Admin,
];

/// What a cell expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Allowed, with this status.
    Ok(u16),
    /// Refused with this status and problem code.
    No(u16, &'static str),
    /// 200, and the object (or its secret part) is in the answer.
    Shows,
    /// 200, without it.
    Hides,
}

const O200: Expect = Expect::Ok(200);
const O201: Expect = Expect::Ok(201);
const O202: Expect = Expect::Ok(202);
const O204: Expect = Expect::Ok(204);
const N401: Expect = Expect::No(401, "unauthenticated");
const N403: Expect = Expect::No(403, "forbidden");
const N404: Expect = Expect::No(404, "not_found");
/// Campaign rules keep the caller out (own suggestion, or not a citizen or enterprise).
const RULE: Expect = Expect::No(403, "campaign_rules");
/// The report of a campaign whose results are not published, to someone who neither runs it nor moderates.
const EARLY: Expect = Expect::No(409, "results_not_published");
const SEE: Expect = Expect::Shows;
const HIDE: Expect = Expect::Hides;

/// Only admins: visitors 401, everyone else 403.
const fn admin_only(ok: Expect) -> [Expect; 10] {
    [N401, N403, N403, N403, N403, N403, N403, N403, N403, ok]
}

/// What a cell got.
#[derive(Debug)]
struct Got {
    status: u16,
    code: Option<String>,
    /// For cells that look for something in a 200 answer.
    seen: Option<bool>,
    text: String,
}

impl Got {
    fn of(r: Resp) -> Got {
        let code = if r.status < 400 {
            None
        } else if r.content_type == "application/problem+json" {
            r.body["code"].as_str().map(str::to_owned)
        } else {
            Some(format!("(not problem+json: {})", r.content_type))
        };
        Got { status: r.status, code, seen: None, text: r.text.chars().take(300).collect() }
    }

    /// A 200 answer is looked into; anything else is kept as it is. `look` answers an error when the
    /// answer lacks what must be there whoever asks (the test's own control).
    fn seen(r: Resp, look: impl FnOnce(&Value) -> Result<bool, String>) -> Got {
        if r.status != 200 {
            return Got::of(r);
        }
        match look(&r.body) {
            Ok(seen) => Got { status: 200, code: None, seen: Some(seen), text: String::new() },
            Err(why) => Got { status: 200, code: Some(why), seen: None, text: r.text.chars().take(300).collect() },
        }
    }

    fn matches(&self, e: Expect) -> bool {
        match e {
            Expect::Ok(s) => self.status == s && self.seen.is_none() && self.code.is_none(),
            Expect::No(s, code) => self.status == s && self.code.as_deref() == Some(code),
            Expect::Shows => self.seen == Some(true),
            Expect::Hides => self.seen == Some(false),
        }
    }

    fn succeeded(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Every operation of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    // Reading messages and what they hold.
    ReadPrivate,
    ReadUnscreened,
    ReadRejected,
    ReadPublic,
    ReadPrivateAfterTransfer,
    UnmaskedText,
    DraftInDetail,
    ReturnInTimeline,
    SupervisionInDetail,
    InboxEntry,
    InboxUnscreened,
    MyMessages,
    ReplayIdempotencyKey,
    WriteInEnterpriseChannel,
    PublicBoard,
    Search,
    Similar,
    Export,
    SearchDraftText,
    // Reading replies.
    ReadDraftReply,
    ReadReplyInReview,
    ReadReturnedReply,
    ReadPrivateReply,
    // Screening, assigning, transferring.
    Accept,
    Reject,
    Assign,
    AssignPrivate,
    Transfer,
    TransferPrivate,
    // Replies.
    WriteReply,
    SaveDraft,
    WriteReplyPrivate,
    EditDraft,
    SubmitDraft,
    EditDraftPrivate,
    EditDraftAfterTransfer,
    Approve,
    Return,
    ApprovePrivate,
    // Rating and follow-ups.
    Rate,
    RatePrivate,
    AskFollowUp,
    AskFollowUpPrivate,
    AnswerFollowUp,
    AnswerFollowUpPrivate,
    // Joint replies.
    CreateJointReply,
    ReadJointInReview,
    JointInReviewListed,
    ApproveJoint,
    ReturnJoint,
    // Supervision (of private messages).
    SupervisionListed,
    RespondSupervision,
    CloseSupervision,
    RespondAfterTransfer,
    ListedAfterTransfer,
    // Notifications (the writer's).
    ReadNotification,
    NotificationListed,
    // Campaigns: the handling unit's, and the leader's.
    ReadDraftCampaign,
    ManagedHasDraft,
    UpdateDraft,
    OpenDraft,
    CloseCampaign,
    PublishResults,
    ReportEarly,
    ReportOfDraft,
    CampaignListHasDraft,
    UpdateLeaderDraft,
    CloseLeaderCampaign,
    // Suggestions (the writer's, in the unit's open campaign).
    SubmitSuggestion,
    SubmitToDraftCampaign,
    ReadUnscreenedSuggestion,
    CampaignListUnscreened,
    WorkListUnscreened,
    AcceptSuggestion,
    RejectSuggestion,
    ReviewSuggestion,
    Support,
    WithdrawSupport,
    SupportUnscreened,
    // Topics, case library.
    CreateTopic,
    UpdateTopic,
    FeatureCase,
    UnfeatureCase,
    // Webhooks.
    CreateWebhook,
    ListWebhooks,
    UpdateWebhook,
    ListDeliveries,
    Redeliver,
    // Accounts and reference data.
    ListAccounts,
    CreateAccount,
    UpdateAccount,
    CreateRegion,
    RenameRegion,
    CreateLeader,
    UpdateLeader,
    CreateUnit,
    UpdateUnit,
    ListRoutingRules,
    CreateRoutingRule,
    DeleteRoutingRule,
    ListSlaTiers,
    PutSlaTier,
    ListSlaRules,
    CreateSlaRule,
    DeleteSlaRule,
    GetCalendar,
    PutCalendar,
}

/// The matrix. Columns: visitor, writer, another citizen, enterprise, the handling unit's staff, another
/// unit's staff, the addressed leader's office, another leader's office, moderator, admin.
#[rustfmt::skip]
fn matrix() -> Vec<(Op, [Expect; 10])> {
    use Op::*;
    vec![
        //                          visitor writer citizen enterpr unit  unit2  office office2 moder admin
        // A private message (assigned) and one not screened yet: 404 to whoever may not see them.
        (ReadPrivate,               [N404, O200, N404, N404, O200, N404, O200, N404, O200, O200]),
        (ReadUnscreened,            [N404, O200, N404, N404, N404, N404, O200, N404, O200, O200]),
        (ReadRejected,              [N404, O200, N404, N404, N404, N404, O200, N404, O200, O200]),
        (ReadPublic,                [O200, O200, O200, O200, O200, O200, O200, O200, O200, O200]),
        // Transferred from the unit to the other one: the old unit no longer sees it.
        (ReadPrivateAfterTransfer,  [N404, O200, N404, N404, N404, O200, O200, N404, O200, O200]),
        // What the public does not see of a public message: the unmasked phone number, a draft reply,
        // the staff's events (a returned reply), the supervision.
        (UnmaskedText,              [HIDE, SEE,  HIDE, HIDE, SEE,  HIDE, SEE,  HIDE, SEE,  SEE ]),
        (DraftInDetail,             [HIDE, HIDE, HIDE, HIDE, SEE,  HIDE, SEE,  HIDE, SEE,  SEE ]),
        (ReturnInTimeline,          [HIDE, HIDE, HIDE, HIDE, SEE,  HIDE, SEE,  HIDE, SEE,  SEE ]),
        (SupervisionInDetail,       [N404, HIDE, N404, N404, SEE,  N404, SEE,  N404, SEE,  SEE ]),
        // Working lists.
        (InboxEntry,                [N401, N403, N403, N403, SEE,  HIDE, SEE,  HIDE, SEE,  SEE ]),
        (InboxUnscreened,           [N401, N403, N403, N403, HIDE, HIDE, SEE,  HIDE, SEE,  SEE ]),
        (MyMessages,                [N401, SEE,  HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE]),
        // The writer's Idempotency-Key, sent again with the same request: the writer gets its message
        // back (200); anyone else writes a new one (201), never gets the writer's.
        (ReplayIdempotencyKey,      [N401, O200, O201, O201, N403, N403, N403, N403, N403, N403]),
        // Only enterprises write in the enterprise channel (政企直通车).
        (WriteInEnterpriseChannel,  [N401, N403, N403, O201, N403, N403, N403, N403, N403, N403]),
        // The public board, search, similar messages and the open data never hold private or
        // unscreened messages, whoever asks.
        (PublicBoard,               [HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE]),
        (Search,                    [HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE]),
        (Similar,                   [HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE]),
        (Export,                    [HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE]),
        // Nor does search find a public message by the words of its unpublished (draft) reply.
        (SearchDraftText,           [HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE]),
        // Unpublished replies of a public message exist only for the staff (the leader's office and the
        // platform included); a published reply of a private message for whoever sees the message.
        (ReadDraftReply,            [N404, N404, N404, N404, O200, N404, O200, N404, O200, O200]),
        (ReadReplyInReview,         [N404, N404, N404, N404, O200, N404, O200, N404, O200, O200]),
        (ReadReturnedReply,         [N404, N404, N404, N404, O200, N404, O200, N404, O200, O200]),
        (ReadPrivateReply,          [N404, O200, N404, N404, O200, N404, O200, N404, O200, O200]),
        // Screening (a public message not screened yet: hidden from the public and from units).
        (Accept,                    [N401, N403, N404, N404, N404, N404, N403, N404, O200, O200]),
        (Reject,                    [N401, N403, N404, N404, N404, N404, N403, N404, O200, O200]),
        // Assigning (public: the caller sees it and is refused; private: not found).
        (Assign,                    [N401, N403, N403, N403, N403, N403, O200, N403, O200, O200]),
        (AssignPrivate,             [N401, N403, N404, N404, N404, N404, O200, N404, O200, O200]),
        // Transfer to the other unit; the unit giving a private message away no longer sees it (204).
        (Transfer,                  [N401, N403, N403, N403, O200, N403, O200, N403, O200, O200]),
        (TransferPrivate,           [N401, N403, N404, N404, O204, N404, O200, N404, O200, O200]),
        // Replies: the unit holding the message writes, edits and submits; moderators review. Acting on
        // an unpublished reply of a message the caller sees answers 403, not 404 (as `permissions.rs`
        // asserts and `messages::load_reply` says), although reading that reply answers 404.
        (WriteReply,                [N401, N403, N403, N403, O201, N403, N403, N403, N403, N403]),
        (SaveDraft,                 [N401, N403, N403, N403, O201, N403, N403, N403, N403, N403]),
        (WriteReplyPrivate,         [N401, N403, N404, N404, O201, N404, N403, N404, N403, N403]),
        (EditDraft,                 [N401, N403, N403, N403, O200, N403, N403, N403, N403, N403]),
        (SubmitDraft,               [N401, N403, N403, N403, O200, N403, N403, N403, N403, N403]),
        (EditDraftPrivate,          [N401, N403, N404, N404, O200, N404, N403, N404, N403, N403]),
        (EditDraftAfterTransfer,    [N401, N403, N404, N404, N404, O200, N403, N404, N403, N403]),
        (Approve,                   [N401, N403, N403, N403, N403, N403, N403, N403, O200, O200]),
        (Return,                    [N401, N403, N403, N403, N403, N403, N403, N403, O200, O200]),
        (ApprovePrivate,            [N401, N403, N404, N404, N403, N404, N403, N404, O200, O200]),
        // The writer rates and asks; the unit answers.
        (Rate,                      [N401, O201, N403, N403, N403, N403, N403, N403, N403, N403]),
        (RatePrivate,               [N401, O201, N404, N404, N403, N404, N403, N404, N403, N403]),
        (AskFollowUp,               [N401, O201, N403, N403, N403, N403, N403, N403, N403, N403]),
        (AskFollowUpPrivate,        [N401, O201, N404, N404, N403, N404, N403, N404, N403, N403]),
        (AnswerFollowUp,            [N401, N403, N403, N403, O200, N403, N403, N403, N403, N403]),
        (AnswerFollowUpPrivate,     [N401, N403, N404, N404, O200, N404, N403, N404, N403, N403]),
        // Joint replies: the unit writes one for two of its public messages; moderators review it; in
        // review it exists for the unit and the platform only.
        (CreateJointReply,          [N401, N403, N403, N403, O201, N403, N403, N403, N403, N403]),
        (ReadJointInReview,         [N404, N404, N404, N404, O200, N404, N404, N404, O200, O200]),
        (JointInReviewListed,       [HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, SEE,  SEE ]),
        (ApproveJoint,              [N401, N403, N403, N403, N403, N403, N403, N403, O200, O200]),
        (ReturnJoint,               [N401, N403, N403, N403, N403, N403, N403, N403, O200, O200]),
        // Supervision of an overdue private message: the unit responds, moderators close.
        (SupervisionListed,         [N401, N403, N403, N403, SEE,  HIDE, SEE,  HIDE, SEE,  SEE ]),
        (RespondSupervision,        [N401, N403, N404, N404, O200, N404, N403, N404, N403, N403]),
        (CloseSupervision,          [N401, N403, N404, N404, N403, N404, N403, N404, O200, O200]),
        // … after the leader's office transferred the message from the unit to the other unit.
        (RespondAfterTransfer,      [N401, N403, N404, N404, N404, O200, N403, N404, N403, N403]),
        (ListedAfterTransfer,       [N401, N403, N403, N403, HIDE, SEE,  SEE,  HIDE, SEE,  SEE ]),
        // One of the writer's notifications, by id.
        (ReadNotification,          [N401, O200, N404, N404, N404, N404, N404, N404, N404, N404]),
        (NotificationListed,        [N401, SEE,  HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE]),
        // The unit's campaigns: a draft exists for those who run it (and the platform).
        (ReadDraftCampaign,         [N404, N404, N404, N404, O200, N404, N404, N404, O200, O200]),
        (ManagedHasDraft,           [N401, HIDE, HIDE, HIDE, SEE,  HIDE, HIDE, HIDE, HIDE, SEE ]),
        (UpdateDraft,               [N401, N404, N404, N404, O200, N404, N404, N404, N403, O200]),
        (OpenDraft,                 [N401, N404, N404, N404, O200, N404, N404, N404, N403, O200]),
        (CloseCampaign,             [N401, N403, N403, N403, O200, N403, N403, N403, N403, O200]),
        (PublishResults,            [N401, N403, N403, N403, O200, N403, N403, N403, N403, O200]),
        (ReportEarly,               [EARLY, EARLY, EARLY, EARLY, O200, EARLY, EARLY, EARLY, O200, O200]),
        (ReportOfDraft,             [N404, N404, N404, N404, O200, N404, N404, N404, O200, O200]),
        (CampaignListHasDraft,      [HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE, HIDE]),
        // The leader's campaigns.
        (UpdateLeaderDraft,         [N401, N404, N404, N404, N404, N404, O200, N404, N403, O200]),
        (CloseLeaderCampaign,       [N401, N403, N403, N403, N403, N403, O200, N403, N403, O200]),
        // Suggestions: unscreened ones for the author, the owner and the platform; moderators screen;
        // the owner reviews; citizens and enterprises support others' public ones.
        (SubmitSuggestion,          [N401, O201, O201, O201, RULE, RULE, RULE, RULE, RULE, RULE]),
        // No one suggests in a draft; those who may not see it do not learn it exists.
        (SubmitToDraftCampaign,     [N401, N404, N404, N404, RULE, N404, N404, N404, RULE, RULE]),
        (ReadUnscreenedSuggestion,  [N404, O200, N404, N404, O200, N404, N404, N404, O200, O200]),
        (CampaignListUnscreened,    [HIDE, SEE,  HIDE, HIDE, SEE,  HIDE, HIDE, HIDE, SEE,  SEE ]),
        (WorkListUnscreened,        [N401, SEE,  HIDE, HIDE, SEE,  HIDE, HIDE, HIDE, SEE,  SEE ]),
        (AcceptSuggestion,          [N401, N403, N404, N404, N403, N404, N404, N404, O200, O200]),
        (RejectSuggestion,          [N401, N403, N404, N404, N403, N404, N404, N404, O200, O200]),
        (ReviewSuggestion,          [N401, N403, N403, N403, O200, N403, N403, N403, N403, O200]),
        (Support,                   [N401, RULE, O201, O201, RULE, RULE, RULE, RULE, RULE, RULE]),
        (WithdrawSupport,           [N401, RULE, O200, O200, RULE, RULE, RULE, RULE, RULE, RULE]),
        (SupportUnscreened,         [N401, RULE, N404, N404, RULE, N404, N404, N404, RULE, RULE]),
        // Topics and the case library.
        (CreateTopic,               admin_only(O201)),
        (UpdateTopic,               admin_only(O200)),
        (FeatureCase,               [N401, N403, N403, N403, N403, N403, N403, N403, O201, O201]),
        (UnfeatureCase,             [N401, N403, N403, N403, N403, N403, N403, N403, O204, O204]),
        // Webhooks, accounts and reference data: admins only.
        (CreateWebhook,             admin_only(O201)),
        (ListWebhooks,              admin_only(O200)),
        (UpdateWebhook,             admin_only(O200)),
        (ListDeliveries,            admin_only(O200)),
        (Redeliver,                 admin_only(O202)),
        (ListAccounts,              admin_only(O200)),
        (CreateAccount,             admin_only(O201)),
        (UpdateAccount,             admin_only(O200)),
        (CreateRegion,              admin_only(O201)),
        (RenameRegion,              admin_only(O200)),
        (CreateLeader,              admin_only(O201)),
        (UpdateLeader,              admin_only(O200)),
        (CreateUnit,                admin_only(O201)),
        (UpdateUnit,                admin_only(O200)),
        (ListRoutingRules,          admin_only(O200)),
        (CreateRoutingRule,         admin_only(O201)),
        (DeleteRoutingRule,         admin_only(O204)),
        (ListSlaTiers,              admin_only(O200)),
        (PutSlaTier,                admin_only(O200)),
        (ListSlaRules,              admin_only(O200)),
        (CreateSlaRule,             admin_only(O201)),
        (DeleteSlaRule,             admin_only(O204)),
        (GetCalendar,               admin_only(O200)),
        (PutCalendar,               admin_only(O200)),
    ]
}

impl Op {
    /// Whether an allowed cell changes its target (then every further allowed cell gets a fresh one).
    fn mutates(self) -> bool {
        use Op::*;
        !matches!(
            self,
            ReadPrivate
                | ReadUnscreened
                | ReadRejected
                | ReadPublic
                | ReadPrivateAfterTransfer
                | UnmaskedText
                | DraftInDetail
                | ReturnInTimeline
                | SupervisionInDetail
                | InboxEntry
                | InboxUnscreened
                | MyMessages
                | PublicBoard
                | Search
                | Similar
                | Export
                | SearchDraftText
                | ReadDraftReply
                | ReadReplyInReview
                | ReadReturnedReply
                | ReadPrivateReply
                | ReadJointInReview
                | JointInReviewListed
                | SupervisionListed
                | ListedAfterTransfer
                | NotificationListed
                | ReadDraftCampaign
                | ManagedHasDraft
                | ReportEarly
                | ReportOfDraft
                | CampaignListHasDraft
                | ReadUnscreenedSuggestion
                | CampaignListUnscreened
                | WorkListUnscreened
                | ListWebhooks
                | ListDeliveries
                | ListAccounts
                | ListRoutingRules
                | ListSlaTiers
                | ListSlaRules
                | GetCalendar
        )
    }
}

/// The phone number in every message's text: unmasked only for those who handle the message.
const PHONE: &str = "13912345678";

/// Where a message is taken to before a row acts on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Submitted,
    Rejected,
    Accepted,
    Assigned,
    /// Assigned, with the unit's draft reply.
    Draft,
    InReview,
    /// The reply was returned to the unit.
    Returned,
    /// The reply is published.
    Replied,
    /// Replied, and the writer asked a follow-up question.
    Asked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CampaignStage {
    Draft,
    Open,
    Closed,
}

/// A row's target: the object acted on and what goes with it.
#[derive(Debug, Clone, Copy, Default)]
struct Target {
    a: i64,
    b: i64,
    c: i64,
}

struct Msg {
    id: i64,
    reply: i64,
    follow_up: i64,
}

/// The fixture world of one store.
struct World<'a> {
    clock: Arc<ManualClock>,
    users: Vec<User<'a>>,
    leader: i64,
    housing: i64,
    transport: i64,
    /// The unit's open campaign the writer suggests in.
    campaign_id: i64,
    topic: i64,
    /// The enterprise channel topic (政企直通车).
    channel: i64,
    webhook: i64,
    hook_url: String,
    /// A private message, a public unscreened one and a public assigned one (the control), all about the
    /// same parrot, for the public lists.
    parrots: Target,
    /// (supervision, message) of overdue private messages held by the unit, one per row that needs one.
    supervised: Mutex<Vec<(i64, i64)>>,
    next: AtomicI64,
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn id_of(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {v}"))
}

/// Whether a page's items (or their `message`) include `id`.
fn lists(page: &Value, id: i64) -> bool {
    page["items"].as_array().is_some_and(|items| items.iter().any(|i| i["id"] == id || i["message"]["id"] == id))
}

/// Every page of a list (`path` has a query already), as one answer with all the items.
async fn every_page(u: &User<'_>, path: &str) -> Resp {
    let mut items = vec![];
    let mut next = String::new();
    loop {
        let r = u.get(&format!("{path}{next}")).await;
        if r.status != 200 {
            return r;
        }
        items.extend(r.body["items"].as_array().cloned().unwrap_or_default());
        match r.body["next_cursor"].as_str() {
            Some(cursor) => next = format!("&cursor={cursor}"),
            None => {
                let body = json!({ "items": items });
                return Resp {
                    status: 200,
                    headers: r.headers,
                    content_type: r.content_type,
                    text: body.to_string(),
                    body,
                };
            }
        }
    }
}

/// Accounts stored directly with one password hash and given access tokens signed with the server's
/// key, as login does (like `TestApp::many_citizens`): ten argon2 hashes and logins would be most of
/// the test's time.
async fn accounts_of<'a>(
    app: &'a TestApp,
    leader: i64,
    other_leader: i64,
    housing: i64,
    transport: i64,
) -> Vec<User<'a>> {
    let hash = liuyan::hash_password_blocking(PASSWORD).unwrap();
    let secret = accounts::setting_or_init(&app.db, "jwt_secret", String::new).await.expect("jwt secret");
    let keys = liuyan_http::AuthKeys::new(secret.as_bytes(), 900, 3600);
    let first17 = "91440100000000017";
    let uscc = format!("{first17}{}", liuyan_domain::uscc::check_char(first17.as_bytes()).unwrap());
    let mut users = vec![app.anonymous()];
    for who in &EVERYONE[1..] {
        let (role, unit_id, leader_id) = match who {
            Who::Writer | Who::Citizen => (Role::Citizen, None, None),
            Who::Enterprise => (Role::Enterprise, None, None),
            Who::Unit => (Role::UnitStaff, Some(housing), None),
            Who::OtherUnit => (Role::UnitStaff, Some(transport), None),
            Who::Office => (Role::LeaderOffice, None, Some(leader)),
            Who::OtherOffice => (Role::LeaderOffice, None, Some(other_leader)),
            Who::Moderator => (Role::Moderator, None, None),
            Who::Admin => (Role::Admin, None, None),
            Who::Visitor => unreachable!(),
        };
        let staff = role.is_staff();
        let account = accounts::create(
            &app.db,
            NewAccount {
                role,
                display_name: format!("{who:?}"),
                username: staff.then(|| format!("authz-{who:?}").to_lowercase()),
                phone: (role == Role::Citizen).then(phone),
                email: None,
                enterprise_name: (role == Role::Enterprise).then(|| "广州鹦鹉科技有限公司".to_owned()),
                uscc: (role == Role::Enterprise).then(|| uscc.clone()),
                password_hash: hash.clone(),
                unit_id,
                leader_id,
                can_run_campaigns: role == Role::UnitStaff,
            },
        )
        .await
        .expect("account");
        let token = keys.access_token(&account, "minted-by-the-test").expect("token");
        users.push(User { app, token, refresh: String::new(), id: account.id });
    }
    users
}

/// An integrator's endpoint that takes every delivery.
async fn receiver() -> (String, actix_web::dev::ServerHandle) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let server = HttpServer::new(|| App::new().default_service(web::to(|| async { HttpResponse::Ok().finish() })))
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    tokio::spawn(server);
    (url, handle)
}

/// Polls `check` until it answers something, for at most 15 seconds (the jobs run every 50 ms).
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + StdDuration::from_secs(15);
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
}

impl<'a> World<'a> {
    async fn new(app: &'a TestApp, clock: Arc<ManualClock>, hook_url: String) -> World<'a> {
        let leader = app.leader("440000", "省长").await;
        let other_leader = app.leader("440000", "省委书记").await;
        let housing = app.unit("440100", "住房和城乡建设局").await;
        let transport = app.unit("440100", "交通运输局").await;
        let users = accounts_of(app, leader, other_leader, housing, transport).await;
        let mut w = World {
            clock,
            users,
            leader,
            housing,
            transport,
            campaign_id: 0,
            topic: 0,
            channel: 0,
            webhook: 0,
            hook_url,
            parrots: Target::default(),
            supervised: Mutex::new(vec![]),
            next: AtomicI64::new(1),
        };

        // Overdue private messages: accepted as urgent (2 hours), then the clock moves 3 hours on, before
        // the second deadline (2 hours more).
        let mut overdue = vec![];
        for _ in 0..10 {
            let id = w.write(false, "urban_construction", "积水严重", "雨后积水").await;
            w.user(Who::Moderator)
                .post(&format!("/api/v1/messages/{id}/accept"), json!({"sla_tier": "urgent"}))
                .await
                .expect(200);
            w.user(Who::Office).assigns(id, housing, "请处理").await.expect(200);
            overdue.push(id);
        }
        w.clock.advance(Duration::hours(3));
        let moderator = w.user(Who::Moderator);
        let found = eventually("a supervision for every overdue message", || async {
            let page = moderator.get("/api/v1/supervisions?limit=100").await.expect(200);
            let found: Vec<(i64, i64)> = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| (id_of(s), s["message_id"].as_i64().unwrap()))
                .filter(|(_, m)| overdue.contains(m))
                .collect();
            (found.len() == overdue.len()).then_some(found)
        })
        .await;
        *w.supervised.lock().unwrap() = found;

        let admin = w.user(Who::Admin);
        let campaign_id = w.campaign(Who::Unit, CampaignStage::Open).await;
        let topic = id_of(
            &admin.post("/api/v1/topics", json!({"slug": "authz-topic", "name": "授权测试专题"})).await.expect(201),
        );
        let webhook = id_of(
            &admin
                .post("/api/v1/webhooks", json!({"url": w.hook_url, "event_types": ["message.created"]}))
                .await
                .expect(201),
        );
        let (title, body) = ("楼上鹦鹉每天叫到深夜", "邻居家的鹦鹉叫声影响休息。");
        let private = w.write(false, "environment", title, body).await;
        w.user(Who::Moderator).accepts(private).await.expect(200);
        let unscreened = w.write(true, "environment", title, body).await;
        let control = w.write(true, "environment", title, body).await;
        w.user(Who::Moderator).accepts(control).await.expect(200);
        let topics = w.user(Who::Visitor).get("/api/v1/topics").await.expect(200);
        let channel = topics.as_array().unwrap().iter().find(|t| t["slug"] == "enterprise-channel").map(id_of);
        (w.campaign_id, w.topic, w.channel, w.webhook) = (campaign_id, topic, channel.expect("the channel"), webhook);
        w.parrots = Target { a: private, b: unscreened, c: control };
        w
    }

    fn user(&self, who: Who) -> &User<'a> {
        &self.users[who as usize]
    }

    fn serial(&self) -> i64 {
        self.next.fetch_add(1, Ordering::Relaxed)
    }

    /// The writer writes a message to the leader about Guangzhou.
    async fn write(&self, public: bool, domain: &str, title: &str, body: &str) -> i64 {
        let r = self
            .user(Who::Writer)
            .post(
                "/api/v1/messages",
                json!({"leader_id": self.leader, "region_code": "440100", "message_type": "complaint",
                       "domain": domain, "title": title, "body": format!("{body}联系电话{PHONE}。"),
                       "is_public": public}),
            )
            .await;
        id_of(&r.expect(201))
    }

    /// `u` writes the `n`th keyed private message, with the Idempotency-Key `authz-n`.
    async fn keyed(&self, u: &User<'_>, n: i64) -> Resp {
        let body = json!({"leader_id": self.leader, "region_code": "440100", "message_type": "complaint",
                          "domain": "urban_construction", "title": format!("夜间施工噪音{n}"),
                          "body": format!("工地夜间施工，联系电话{PHONE}。"), "is_public": false});
        let mut req = u.app.client.post(u.app.url("/api/v1/messages")).header("Idempotency-Key", format!("authz-{n}"));
        if !u.token.is_empty() {
            req = req.bearer_auth(&u.token);
        }
        u.app.send(req.json(&body)).await
    }

    /// A message of the writer's, taken to `stage` by the moderator, the office and the unit.
    async fn message(&self, public: bool, stage: Stage) -> Msg {
        let n = self.serial();
        let id = self.write(public, "urban_construction", &format!("小区道路破损{n}"), "路面坑洼多处。").await;
        let mut m = Msg { id, reply: 0, follow_up: 0 };
        let (moderator, office, unit) = (self.user(Who::Moderator), self.user(Who::Office), self.user(Who::Unit));
        match stage {
            Stage::Submitted => return m,
            Stage::Rejected => {
                moderator
                    .post(&format!("/api/v1/messages/{id}/reject"), json!({"reason": "重复留言"}))
                    .await
                    .expect(200);
                return m;
            }
            _ => moderator.accepts(id).await.expect(200),
        };
        if stage == Stage::Accepted {
            return m;
        }
        office.assigns(id, self.housing, "请核实办理").await.expect(200);
        if stage == Stage::Assigned {
            return m;
        }
        if stage == Stage::Draft {
            let draft = unit
                .post(&format!("/api/v1/messages/{id}/replies"), json!({"body": "初稿：正在核实。", "submit": false}))
                .await;
            m.reply = id_of(&draft.expect(201));
            return m;
        }
        m.reply = id_of(&unit.replies(id, "已安排维修，本周内完成。").await.expect(201));
        match stage {
            Stage::InReview => return m,
            Stage::Returned => {
                moderator.returns(m.reply, "答复不具体").await.expect(200);
                return m;
            }
            _ => moderator.approves(m.reply).await.expect(200),
        };
        if stage == Stage::Asked {
            let f = self
                .user(Who::Writer)
                .post(&format!("/api/v1/messages/{id}/follow-ups"), json!({"question": "具体哪天完工？"}))
                .await;
            m.follow_up = id_of(&f.expect(201));
        }
        m
    }

    /// A campaign run by the unit or the leader's office.
    async fn campaign(&self, by: Who, stage: CampaignStage) -> i64 {
        let owner = self.user(by);
        let now = self.clock.now();
        let id = id_of(
            &owner
                .post(
                    "/api/v1/campaigns",
                    json!({"title": format!("城市更新金点子征集{}", self.serial()), "description": "请提出建议。",
                           "opens_at": now, "closes_at": now + Duration::days(30), "max_per_account": 100}),
                )
                .await
                .expect(201),
        );
        if stage >= CampaignStage::Open {
            owner.post(&format!("/api/v1/campaigns/{id}/open"), json!({})).await.expect(200);
        }
        if stage >= CampaignStage::Closed {
            owner.post(&format!("/api/v1/campaigns/{id}/close"), json!({})).await.expect(200);
        }
        id
    }

    /// The writer's suggestion in the unit's open campaign, screened in if `published`.
    async fn suggestion(&self, published: bool) -> i64 {
        let s = self
            .user(Who::Writer)
            .post(
                &format!("/api/v1/campaigns/{}/suggestions", self.campaign_id),
                json!({"title": format!("增设口袋公园{}", self.serial()), "body": "利用边角地建设口袋公园。"}),
            )
            .await;
        let id = id_of(&s.expect(201));
        if published {
            self.user(Who::Moderator).post(&format!("/api/v1/suggestions/{id}/accept"), json!({})).await.expect(200);
        }
        id
    }

    /// The unit's joint reply, in review, to two of its public messages.
    async fn joint_reply(&self) -> i64 {
        let (a, b) = (self.message(true, Stage::Assigned).await.id, self.message(true, Stage::Assigned).await.id);
        let j = self
            .user(Who::Unit)
            .post(
                "/api/v1/joint-replies",
                json!({"title": "关于道路破损的统一答复", "body": "已统一安排维修。", "message_ids": [a, b]}),
            )
            .await;
        id_of(&j.expect(201))
    }

    /// An overdue private message's open supervision, as (supervision, message).
    fn supervision(&self) -> Target {
        let (s, m) = self.supervised.lock().unwrap().pop().expect("enough overdue messages prepared");
        Target { a: s, b: m, c: 0 }
    }

    async fn transfer_away(&self, message: i64) {
        self.user(Who::Office).transfers(message, self.transport, "属交通部门职责").await.expect(200);
    }
}

/// Brings about the state in which the row's allowed roles succeed.
async fn setup(w: &World<'_>, op: Op) -> Target {
    use Op::*;
    let admin = w.user(Who::Admin);
    let msg = |public, stage| w.message(public, stage);
    let t = |a| Target { a, b: 0, c: 0 };
    match op {
        ReadPrivate | MyMessages | TransferPrivate | WriteReplyPrivate => t(msg(false, Stage::Assigned).await.id),
        ReadUnscreened | InboxUnscreened | Accept | Reject => t(msg(true, Stage::Submitted).await.id),
        ReadRejected => t(msg(true, Stage::Rejected).await.id),
        ReadPublic | UnmaskedText | InboxEntry | Transfer | WriteReply | SaveDraft => {
            t(msg(true, Stage::Assigned).await.id)
        }
        ReadPrivateAfterTransfer => {
            let m = msg(false, Stage::Assigned).await;
            w.transfer_away(m.id).await;
            t(m.id)
        }
        DraftInDetail => {
            let m = msg(true, Stage::Draft).await;
            Target { a: m.id, b: m.reply, c: 0 }
        }
        ReturnInTimeline => t(msg(true, Stage::Returned).await.id),
        SupervisionInDetail | SupervisionListed | RespondSupervision | CloseSupervision => w.supervision(),
        RespondAfterTransfer | ListedAfterTransfer => {
            let s = w.supervision();
            w.transfer_away(s.b).await;
            s
        }
        PublicBoard | Search | Similar | Export => w.parrots,
        SearchDraftText => {
            // The same word in one message's draft and in another's published reply (the control).
            let (unit, moderator) = (w.user(Who::Unit), w.user(Who::Moderator));
            let drafted = msg(true, Stage::Assigned).await.id;
            let draft = json!({"body": "拟协调园林部门移栽银杏树。", "submit": false});
            unit.post(&format!("/api/v1/messages/{drafted}/replies"), draft).await.expect(201);
            let published = msg(true, Stage::Assigned).await.id;
            let reply = id_of(&unit.replies(published, "已协调园林部门移栽银杏树。").await.expect(201));
            moderator.approves(reply).await.expect(200);
            Target { a: drafted, b: 0, c: published }
        }
        ReadDraftReply | EditDraft | SubmitDraft => t(msg(true, Stage::Draft).await.reply),
        EditDraftPrivate => t(msg(false, Stage::Draft).await.reply),
        EditDraftAfterTransfer => {
            let m = msg(false, Stage::Draft).await;
            w.transfer_away(m.id).await;
            t(m.reply)
        }
        ReadReplyInReview | Approve | Return => t(msg(true, Stage::InReview).await.reply),
        ApprovePrivate => t(msg(false, Stage::InReview).await.reply),
        ReadReturnedReply => t(msg(true, Stage::Returned).await.reply),
        ReadPrivateReply => t(msg(false, Stage::Replied).await.reply),
        Assign => t(msg(true, Stage::Accepted).await.id),
        AssignPrivate => t(msg(false, Stage::Accepted).await.id),
        Rate | AskFollowUp | FeatureCase => t(msg(true, Stage::Replied).await.id),
        RatePrivate | AskFollowUpPrivate => t(msg(false, Stage::Replied).await.id),
        AnswerFollowUp => t(msg(true, Stage::Asked).await.follow_up),
        AnswerFollowUpPrivate => t(msg(false, Stage::Asked).await.follow_up),
        UnfeatureCase => {
            let id = msg(true, Stage::Replied).await.id;
            let path = format!("/api/v1/cases/{id}");
            w.user(Who::Moderator).send_put(&path, json!({"note": "办理及时"})).await.expect(201);
            t(id)
        }
        CreateJointReply => {
            let (a, b) = (msg(true, Stage::Assigned).await.id, msg(true, Stage::Assigned).await.id);
            Target { a, b, c: 0 }
        }
        ReadJointInReview | JointInReviewListed | ApproveJoint | ReturnJoint => t(w.joint_reply().await),
        ReadNotification | NotificationListed => {
            let id = msg(true, Stage::Accepted).await.id;
            let mine = every_page(w.user(Who::Writer), "/api/v1/me/notifications?limit=100").await.expect(200);
            let n = mine["items"].as_array().unwrap().iter().find(|n| n["message_id"] == id && n["kind"] == "accepted");
            t(id_of(n.expect("the writer is told of the acceptance")))
        }
        ReplayIdempotencyKey => {
            let n = w.serial();
            let r = w.keyed(w.user(Who::Writer), n).await;
            Target { a: id_of(&r.expect(201)), b: n, c: 0 }
        }
        WriteInEnterpriseChannel => t(w.channel),
        SubmitSuggestion => t(w.campaign_id),
        ReadDraftCampaign
        | ManagedHasDraft
        | UpdateDraft
        | OpenDraft
        | ReportOfDraft
        | CampaignListHasDraft
        | SubmitToDraftCampaign => t(w.campaign(Who::Unit, CampaignStage::Draft).await),
        CloseCampaign | ReportEarly => t(w.campaign(Who::Unit, CampaignStage::Open).await),
        PublishResults => t(w.campaign(Who::Unit, CampaignStage::Closed).await),
        UpdateLeaderDraft => t(w.campaign(Who::Office, CampaignStage::Draft).await),
        CloseLeaderCampaign => t(w.campaign(Who::Office, CampaignStage::Open).await),
        ReadUnscreenedSuggestion
        | CampaignListUnscreened
        | WorkListUnscreened
        | AcceptSuggestion
        | RejectSuggestion
        | SupportUnscreened => t(w.suggestion(false).await),
        ReviewSuggestion | Support => t(w.suggestion(true).await),
        WithdrawSupport => {
            let id = w.suggestion(true).await;
            for who in [Who::Citizen, Who::Enterprise] {
                w.user(who).post(&format!("/api/v1/suggestions/{id}/supports"), json!({})).await.expect(201);
            }
            t(id)
        }
        Redeliver => {
            let path = format!("/api/v1/webhooks/{}/deliveries?state=delivered", w.webhook);
            t(eventually("a delivered delivery", || async {
                admin.get(&path).await.expect(200)["items"][0]["id"].as_i64()
            })
            .await)
        }
        UpdateLeader => {
            let l = admin
                .post(
                    "/api/v1/admin/leaders",
                    json!({"region_code": "440000", "title": "副省长", "name": "广东省副省长"}),
                )
                .await;
            t(id_of(&l.expect(201)))
        }
        UpdateUnit => {
            let u = admin
                .post("/api/v1/admin/units", json!({"region_code": "440100", "name": format!("测试局{}", w.serial())}))
                .await;
            t(id_of(&u.expect(201)))
        }
        DeleteRoutingRule => {
            let r = admin
                .post(
                    "/api/v1/admin/routing-rules",
                    json!({"region_code": "110000", "domain": "education", "keywords": ["校车"], "unit_id": w.housing}),
                )
                .await;
            t(id_of(&r.expect(201)))
        }
        DeleteSlaRule => {
            let r = admin
                .post(
                    "/api/v1/admin/sla/rules",
                    json!({"message_type": "help_request", "domain": "culture_tourism", "tier": "standard"}),
                )
                .await;
            t(id_of(&r.expect(201)))
        }
        CreateTopic | CreateAccount | CreateUnit => t(w.serial()),
        UpdateTopic | CreateWebhook | ListWebhooks | UpdateWebhook | ListDeliveries | ListAccounts | UpdateAccount
        | CreateRegion | RenameRegion | CreateLeader | ListRoutingRules | CreateRoutingRule | ListSlaTiers
        | PutSlaTier | ListSlaRules | CreateSlaRule | GetCalendar | PutCalendar => Target::default(),
    }
}

/// One cell: `u` tries `op` on `t`.
async fn act(w: &World<'_>, op: Op, u: &User<'_>, t: Target) -> Got {
    use Op::*;
    let id = t.a;
    let message = |id: i64| format!("/api/v1/messages/{id}");
    let parrots = |page: &Value| {
        let Target { a: private, b: unscreened, c: control } = w.parrots;
        if !lists(page, control) {
            return Err("(the public control message is missing)".to_owned());
        }
        Ok(lists(page, private) || lists(page, unscreened))
    };
    match op {
        ReadPrivate | ReadUnscreened | ReadRejected | ReadPublic | ReadPrivateAfterTransfer => {
            Got::of(u.get(&message(id)).await)
        }
        UnmaskedText => Got::seen(u.get(&message(id)).await, |m| Ok(m["body"].as_str().unwrap().contains(PHONE))),
        DraftInDetail => Got::seen(u.get(&message(id)).await, |m| {
            Ok(m["replies"].as_array().unwrap().iter().any(|r| r["id"] == t.b))
        }),
        ReturnInTimeline => Got::seen(u.get(&message(id)).await, |m| {
            Ok(m["timeline"].as_array().unwrap().iter().any(|e| e["kind"] == "reply_returned"))
        }),
        SupervisionInDetail => Got::seen(u.get(&message(t.b)).await, |m| Ok(m["supervision"]["id"] == t.a)),
        InboxEntry | InboxUnscreened => Got::seen(every_page(u, "/api/v1/inbox?limit=100").await, |p| Ok(lists(p, id))),
        MyMessages => Got::seen(every_page(u, "/api/v1/me/messages?limit=100").await, |p| Ok(lists(p, id))),
        ReplayIdempotencyKey => {
            let r = w.keyed(u, t.b).await;
            let writers = r.body["id"] == t.a;
            let mut got = Got::of(r);
            if got.succeeded() && writers != (u.id == w.user(Who::Writer).id) {
                got.code = Some("(not the caller's own message)".into());
            }
            got
        }
        WriteInEnterpriseChannel => Got::of(
            u.post(
                "/api/v1/messages",
                json!({"leader_id": w.leader, "region_code": "440100", "message_type": "complaint",
                       "domain": "business_environment", "topic_id": id, "title": "审批材料反复补正",
                       "body": "同一份材料要求补正三次。"}),
            )
            .await,
        ),
        PublicBoard => Got::seen(u.get("/api/v1/messages?domain=environment&limit=100").await, parrots),
        Search => Got::seen(u.get("/api/v1/messages/search?q=鹦鹉&domain=environment&limit=100").await, parrots),
        Similar => Got::seen(u.get("/api/v1/messages/similar?text=楼上鹦鹉每天叫到深夜&limit=20").await, parrots),
        Export => {
            let r = u.get("/api/v1/exports/messages.csv?domain=environment").await;
            let csv = r.text.clone();
            let row = |id: i64| csv.lines().any(|l| l.trim_start_matches('\u{feff}').starts_with(&format!("{id},")));
            Got::seen(r, |_| {
                let Target { a: private, b: unscreened, c: control } = w.parrots;
                if !row(control) {
                    return Err("(the public control message is missing)".to_owned());
                }
                Ok(row(private) || row(unscreened))
            })
        }
        SearchDraftText => Got::seen(u.get("/api/v1/messages/search?q=银杏树&limit=100").await, |p| {
            if !lists(p, t.c) {
                return Err("(the published reply's message is missing)".to_owned());
            }
            Ok(lists(p, t.a))
        }),
        ReadDraftReply | ReadReplyInReview | ReadReturnedReply | ReadPrivateReply => {
            Got::of(u.get(&format!("/api/v1/replies/{id}")).await)
        }
        Accept => Got::of(u.accepts(id).await),
        Reject => Got::of(u.post(&format!("{}/reject", message(id)), json!({"reason": "重复留言"})).await),
        Assign | AssignPrivate => Got::of(u.assigns(id, w.housing, "请核实办理").await),
        Transfer | TransferPrivate => Got::of(u.transfers(id, w.transport, "属交通部门职责").await),
        WriteReply | WriteReplyPrivate => Got::of(u.replies(id, "已安排维修。").await),
        SaveDraft => {
            Got::of(u.post(&format!("{}/replies", message(id)), json!({"body": "草稿", "submit": false})).await)
        }
        EditDraft | EditDraftPrivate | EditDraftAfterTransfer => {
            Got::of(u.patch(&format!("/api/v1/replies/{id}"), json!({"body": "修改后的答复"})).await)
        }
        SubmitDraft => Got::of(u.patch(&format!("/api/v1/replies/{id}"), json!({"submit": true})).await),
        Approve | ApprovePrivate => Got::of(u.approves(id).await),
        Return => Got::of(u.returns(id, "答复不具体").await),
        Rate | RatePrivate => Got::of(u.rates(id, "satisfied").await),
        AskFollowUp | AskFollowUpPrivate => {
            Got::of(u.post(&format!("{}/follow-ups", message(id)), json!({"question": "何时完工？"})).await)
        }
        AnswerFollowUp | AnswerFollowUpPrivate => {
            Got::of(u.post(&format!("/api/v1/follow-ups/{id}/answer"), json!({"answer": "下周完工。"})).await)
        }
        CreateJointReply => Got::of(
            u.post(
                "/api/v1/joint-replies",
                json!({"title": "统一答复", "body": "已统一安排维修。", "message_ids": [t.a, t.b]}),
            )
            .await,
        ),
        ReadJointInReview => Got::of(u.get(&format!("/api/v1/joint-replies/{id}")).await),
        JointInReviewListed => Got::seen(every_page(u, "/api/v1/joint-replies?limit=100").await, |p| Ok(lists(p, id))),
        ApproveJoint => Got::of(u.post(&format!("/api/v1/joint-replies/{id}/approve"), json!({})).await),
        ReturnJoint => {
            Got::of(u.post(&format!("/api/v1/joint-replies/{id}/return"), json!({"reason": "不具体"})).await)
        }
        SupervisionListed | ListedAfterTransfer => {
            Got::seen(every_page(u, "/api/v1/supervisions?limit=100").await, |p| Ok(lists(p, id)))
        }
        RespondSupervision | RespondAfterTransfer => {
            Got::of(u.post(&format!("/api/v1/supervisions/{id}/respond"), json!({"text": "正在抽排积水"})).await)
        }
        CloseSupervision => {
            Got::of(u.post(&format!("/api/v1/supervisions/{id}/close"), json!({"text": "已督促"})).await)
        }
        ReadNotification => Got::of(u.post(&format!("/api/v1/me/notifications/{id}/read"), json!({})).await),
        NotificationListed => {
            Got::seen(every_page(u, "/api/v1/me/notifications?limit=100").await, |p| Ok(lists(p, id)))
        }
        ReadDraftCampaign => Got::of(u.get(&format!("/api/v1/campaigns/{id}")).await),
        ManagedHasDraft => {
            Got::seen(every_page(u, "/api/v1/campaigns?managed=true&limit=100").await, |p| Ok(lists(p, id)))
        }
        UpdateDraft | UpdateLeaderDraft => {
            Got::of(u.patch(&format!("/api/v1/campaigns/{id}"), json!({"title": "改过的标题"})).await)
        }
        OpenDraft => Got::of(u.post(&format!("/api/v1/campaigns/{id}/open"), json!({})).await),
        CloseCampaign | CloseLeaderCampaign => {
            Got::of(u.post(&format!("/api/v1/campaigns/{id}/close"), json!({})).await)
        }
        PublishResults => Got::of(
            u.post(&format!("/api/v1/campaigns/{id}/publish-results"), json!({"summary": "共收到建议若干条。"})).await,
        ),
        CampaignListHasDraft => Got::seen(every_page(u, "/api/v1/campaigns?limit=100").await, |p| Ok(lists(p, id))),
        SubmitSuggestion | SubmitToDraftCampaign => Got::of(
            u.post(
                &format!("/api/v1/campaigns/{id}/suggestions"),
                json!({"title": "增设公交线路", "body": "建议增设夜班公交。"}),
            )
            .await,
        ),
        ReportEarly | ReportOfDraft => Got::of(u.get(&format!("/api/v1/campaigns/{id}/report")).await),
        ReadUnscreenedSuggestion => Got::of(u.get(&format!("/api/v1/suggestions/{id}")).await),
        CampaignListUnscreened => {
            Got::seen(every_page(u, &format!("/api/v1/campaigns/{}/suggestions?limit=100", w.campaign_id)).await, |p| {
                Ok(lists(p, id))
            })
        }
        WorkListUnscreened => Got::seen(every_page(u, "/api/v1/suggestions?limit=100").await, |p| Ok(lists(p, id))),
        AcceptSuggestion => Got::of(u.post(&format!("/api/v1/suggestions/{id}/accept"), json!({})).await),
        RejectSuggestion => {
            Got::of(u.post(&format!("/api/v1/suggestions/{id}/reject"), json!({"reason": "与主题无关"})).await)
        }
        ReviewSuggestion => Got::of(
            u.post(&format!("/api/v1/suggestions/{id}/review"), json!({"outcome": "shortlisted", "note": "入围"}))
                .await,
        ),
        Support | SupportUnscreened => Got::of(u.post(&format!("/api/v1/suggestions/{id}/supports"), json!({})).await),
        WithdrawSupport => Got::of(u.delete(&format!("/api/v1/suggestions/{id}/supports")).await),
        CreateTopic => {
            Got::of(u.post("/api/v1/topics", json!({"slug": format!("authz-{id}"), "name": "新专题"})).await)
        }
        UpdateTopic => Got::of(u.patch(&format!("/api/v1/topics/{}", w.topic), json!({"description": "说明"})).await),
        FeatureCase => Got::of(u.send_put(&format!("/api/v1/cases/{id}"), json!({"note": "办理及时"})).await),
        UnfeatureCase => Got::of(u.delete(&format!("/api/v1/cases/{id}")).await),
        CreateWebhook => {
            Got::of(u.post("/api/v1/webhooks", json!({"url": w.hook_url, "event_types": ["message.closed"]})).await)
        }
        ListWebhooks => Got::of(u.get("/api/v1/webhooks").await),
        UpdateWebhook => Got::of(u.patch(&format!("/api/v1/webhooks/{}", w.webhook), json!({"active": true})).await),
        ListDeliveries => Got::of(u.get(&format!("/api/v1/webhooks/{}/deliveries", w.webhook)).await),
        Redeliver => Got::of(u.post(&format!("/api/v1/webhooks/deliveries/{id}/redeliver"), json!({})).await),
        ListAccounts => Got::of(u.get("/api/v1/admin/accounts").await),
        CreateAccount => Got::of(
            u.post(
                "/api/v1/admin/accounts",
                json!({"role": "moderator", "username": format!("authz-new-{id}"), "display_name": "新审核员",
                       "password": PASSWORD}),
            )
            .await,
        ),
        UpdateAccount => Got::of(
            u.patch(&format!("/api/v1/admin/accounts/{}", w.user(Who::Writer).id), json!({"display_name": "网友"}))
                .await,
        ),
        CreateRegion => Got::of(u.post("/api/v1/admin/regions", json!({"code": "990000", "name": "测试省"})).await),
        RenameRegion => Got::of(u.patch("/api/v1/admin/regions/440100", json!({"name": "广州市"})).await),
        CreateLeader => Got::of(
            u.post(
                "/api/v1/admin/leaders",
                json!({"region_code": "440000", "title": "秘书长", "name": "广东省秘书长"}),
            )
            .await,
        ),
        UpdateLeader => {
            Got::of(u.patch(&format!("/api/v1/admin/leaders/{id}"), json!({"name": "广东省常务副省长"})).await)
        }
        CreateUnit => Got::of(
            u.post("/api/v1/admin/units", json!({"region_code": "440100", "name": format!("新设局{id}")})).await,
        ),
        UpdateUnit => {
            Got::of(u.patch(&format!("/api/v1/admin/units/{id}"), json!({"name": format!("改名局{id}")})).await)
        }
        ListRoutingRules => Got::of(u.get("/api/v1/admin/routing-rules").await),
        CreateRoutingRule => Got::of(
            u.post(
                "/api/v1/admin/routing-rules",
                json!({"region_code": "110000", "domain": "education", "keywords": ["学区"], "unit_id": w.housing}),
            )
            .await,
        ),
        DeleteRoutingRule => Got::of(u.delete(&format!("/api/v1/admin/routing-rules/{id}")).await),
        ListSlaTiers => Got::of(u.get("/api/v1/admin/sla/tiers").await),
        PutSlaTier => Got::of(
            u.send_put(
                "/api/v1/admin/sla/tiers/authz",
                json!({"code": "authz", "name": "测试时限", "unit": "hours", "amount": 5, "escalate_after_hours": 5}),
            )
            .await,
        ),
        ListSlaRules => Got::of(u.get("/api/v1/admin/sla/rules").await),
        CreateSlaRule => Got::of(
            u.post(
                "/api/v1/admin/sla/rules",
                json!({"message_type": "consultation", "domain": "culture_tourism", "tier": "standard"}),
            )
            .await,
        ),
        DeleteSlaRule => Got::of(u.delete(&format!("/api/v1/admin/sla/rules/{id}")).await),
        GetCalendar => Got::of(u.get("/api/v1/admin/calendar/2099").await),
        PutCalendar => Got::of(u.send_put("/api/v1/admin/calendar/2099", json!({"days": []})).await),
    }
}

/// One row: the refused cells (and every cell of a read) at once, on one target; then the allowed cells
/// of a move at once, the first on that same target, the others on fresh ones.
async fn run_row(w: &World<'_>, i: usize, op: Op, row: [Expect; 10]) -> Vec<(usize, Op, Who, Expect, Got)> {
    let mut shared = setup(w, op).await;
    let (allowed, first): (Vec<Who>, Vec<Who>) =
        EVERYONE.into_iter().partition(|who| op.mutates() && matches!(row[*who as usize], Expect::Ok(_)));
    let gots = join_all(first.iter().map(|who| act(w, op, w.user(*who), shared))).await;
    if op.mutates() && gots.iter().any(Got::succeeded) {
        // A leak changed the target: the allowed cells get one as it should be.
        shared = setup(w, op).await;
    }
    let mut out: Vec<_> = first.into_iter().zip(gots).map(|(who, got)| (i, op, who, row[who as usize], got)).collect();
    let mut targets = vec![shared];
    targets.extend(join_all((1..allowed.len()).map(|_| setup(w, op))).await);
    let gots = join_all(allowed.iter().zip(&targets).map(|(who, t)| act(w, op, w.user(*who), *t))).await;
    out.extend(allowed.into_iter().zip(gots).map(|(who, got)| (i, op, who, row[who as usize], got)));
    out
}

async fn authorization_matrix(backend: Backend) {
    let started = Instant::now();
    let clock = Arc::new(ManualClock::new(at("2026-09-01T10:00:00+08:00")));
    let app = spawn_app_with(backend, Options { clock: Some(clock.clone()), ..Default::default() }).await;
    let server_ready = started.elapsed();
    let (hook_url, receiver) = receiver().await;
    let w = World::new(&app, clock, hook_url).await;
    let world_ready = started.elapsed();

    // A few rows at a time: their targets are their own, and the lists they read are read whole.
    let mut results: Vec<(usize, Op, Who, Expect, Got)> =
        stream::iter(matrix().into_iter().enumerate().map(|(i, (op, row))| run_row(&w, i, op, row)))
            .buffer_unordered(4)
            .flat_map(stream::iter)
            .collect()
            .await;
    results.sort_by_key(|(i, _, who, _, _)| (*i, *who as usize));
    let cells = results.len();
    let failures: Vec<String> = results
        .iter()
        .filter(|(_, _, _, expect, got)| !got.matches(*expect))
        .map(|(_, op, who, expect, Got { status, code, seen, text })| {
            format!("  {op:?} × {who:?}: expected {expect:?}, got {status} {code:?} seen={seen:?} {text}")
        })
        .collect();
    receiver.stop(false).await;

    println!("authorization matrix: {cells} cells checked on {backend:?}");
    println!(
        "authorization matrix on {backend:?}: server in {server_ready:.1?}, world in {:.1?}, all in {:.1?}",
        world_ready - server_ready,
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} of {cells} cells of the authorization matrix failed on {backend:?}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
