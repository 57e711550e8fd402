//! The app's words in zh-CN (default), zh-TW and en. One key set: the `texts!` table gives every key
//! its three translations side by side, so a key missing a language does not compile. The API's
//! enums (types, domains, statuses, events, roles) get their labels here too, by exhaustive matches,
//! so a new enum value in the OpenAPI document breaks the build until it is named.

use crate::api::{
    ApiError, CampaignPhase, Domain, EventKind, MessageStatus, MessageType, Priority, ReplyStatus, ReviewOutcome, Role,
    Satisfaction, SuggestionStatus, TopicWriters,
};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    ZhCn,
    ZhTw,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::ZhCn, Locale::ZhTw, Locale::En];

    /// The BCP 47 tag, also used in localStorage and `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::ZhTw => "zh-TW",
            Locale::En => "en",
        }
    }

    /// The language's own name, for the switcher.
    pub fn name(self) -> &'static str {
        match self {
            Locale::ZhCn => "简体中文",
            Locale::ZhTw => "繁體中文",
            Locale::En => "English",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|l| l.tag() == tag)
    }
}

const STORAGE_KEY: &str = "liuyan.locale";

thread_local! {
    static LOCALE: RwSignal<Locale> = RwSignal::new(
        crate::auth::storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|t| Locale::from_tag(&t))
            .unwrap_or(Locale::ZhCn),
    );
}

pub fn locale() -> RwSignal<Locale> {
    LOCALE.with(|l| *l)
}

/// Switches the language, remembers it and tells the page (`<html lang>` picks the CJK font).
pub fn set_locale(l: Locale) {
    locale().set(l);
    if let Some(s) = crate::auth::storage() {
        let _ = s.set_item(STORAGE_KEY, l.tag());
    }
    apply_lang(l);
}

pub fn apply_lang(l: Locale) {
    if let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = html.set_attribute("lang", l.tag());
    }
}

/// The text for a key in the current language (reactive when read inside a view).
pub fn tr(k: K) -> &'static str {
    k.get(locale().get())
}

/// A reactive text for a view: `{t(K::Home)}`.
pub fn t(k: K) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || tr(k)
}

macro_rules! texts {
    ($($key:ident => $cn:literal, $tw:literal, $en:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(dead_code)] // some keys exist for screens' later use; the table stays one place
        pub enum K { $($key),* }

        impl K {
            #[cfg_attr(not(test), allow(dead_code))] // for the tests
            pub const ALL: &'static [K] = &[$(K::$key),*];

            pub fn get(self, l: Locale) -> &'static str {
                match self {
                    $(K::$key => match l { Locale::ZhCn => $cn, Locale::ZhTw => $tw, Locale::En => $en },)*
                }
            }
        }
    };
}

texts! {
    AppName => "领导留言板", "領導留言板", "Leaders' Message Board";
    AppTagline => "倾听民声 回应民意", "傾聽民聲 回應民意", "Listen to the people, answer in public";
    SkipToContent => "跳到正文", "跳到正文", "Skip to content";
    MainNav => "主导航", "主導覽", "Main navigation";
    NavHome => "首页", "首頁", "Home";
    NavBrowse => "浏览留言", "瀏覽留言", "Browse";
    NavWrite => "我要留言", "我要留言", "Write";
    NavMine => "我的留言", "我的留言", "My messages";
    NavInbox => "工作台", "工作台", "Inbox";
    NavAdmin => "系统管理", "系統管理", "Administration";
    NavLogin => "登录", "登入", "Log in";
    NavRegister => "注册", "註冊", "Register";
    NavLogout => "退出", "登出", "Log out";
    Language => "语言", "語言", "Language";
    Footer => "留言 Liuyan · 开源的领导留言板软件", "留言 Liuyan · 開源的領導留言板軟體", "Liuyan · open-source software for a leaders' message board";
    Loading => "加载中…", "載入中…", "Loading…";
    Working => "提交中…", "提交中…", "Sending…";
    LoadMore => "加载更多", "載入更多", "Load more";
    NoMessages => "暂无留言", "暫無留言", "No messages yet";
    Any => "不限", "不限", "Any";
    All => "全部", "全部", "All";
    Filter => "筛选", "篩選", "Filter";
    Cancel => "取消", "取消", "Cancel";
    ErrorTitle => "出错了", "出錯了", "Something went wrong";
    LoginRequired => "请先登录后再使用此页面。", "請先登入後再使用此頁面。", "Please log in to use this page.";
    NotAllowed => "您的账号无权使用此页面。", "您的帳號無權使用此頁面。", "Your account cannot use this page.";
    NotFoundPage => "页面不存在。", "頁面不存在。", "This page does not exist.";
    BackHome => "返回首页", "返回首頁", "Back to the home page";

    HomeLead => "给各地领导留言，办理单位公开答复，平台审核把关，全程公开可查。", "給各地領導留言，辦理單位公開答覆，平台審核把關，全程公開可查。", "Write to the leaders of a province or city. The handling unit answers in public, the platform checks every answer, and every step can be followed.";
    StatPublic => "公开留言", "公開留言", "Public messages";
    StatReplied => "已回复", "已回覆", "Answered";
    StatLeaders => "领导", "領導", "Leaders";
    StatUnits => "办理单位", "辦理單位", "Handling units";
    LatestAnswered => "最新回复", "最新回覆", "Latest answers";
    MoreMessages => "更多留言", "更多留言", "More messages";
    LeadersByRegion => "按地区找领导", "按地區找領導", "Leaders by region";
    PickProvinceHint => "请选择省份查看领导。", "請選擇省份查看領導。", "Choose a province to see its leaders.";
    NoLeaders => "该地区暂无领导信息。", "該地區暫無領導資訊。", "No leaders listed for this region.";

    Province => "省份", "省份", "Province";
    City => "城市", "城市", "City";
    ChooseProvince => "请选择省份", "請選擇省份", "Choose a province";
    WholeProvince => "全省", "全省", "Whole province";
    Leader => "留言对象", "留言對象", "Leader";
    ChooseLeader => "请选择领导", "請選擇領導", "Choose a leader";
    Region => "地区", "地區", "Region";
    MessageTypeLabel => "留言类型", "留言類型", "Type";
    DomainLabel => "领域", "領域", "Domain";
    StatusLabel => "状态", "狀態", "Status";
    TitleLabel => "标题", "標題", "Title";
    BodyLabel => "留言内容", "留言內容", "Message";
    IsPublicLabel => "公开留言（公开时手机号、身份证号会被遮盖）", "公開留言（公開時手機號、身分證號會被遮蓋）", "Public (phone and ID numbers are masked for the public)";
    Unit => "办理单位", "辦理單位", "Handling unit";
    WrittenAt => "留言时间", "留言時間", "Written";
    AcceptedAt => "受理时间", "受理時間", "Accepted";
    ClosedAt => "办结时间", "辦結時間", "Closed";
    UpdatedAt => "更新时间", "更新時間", "Updated";
    Deadline => "办理时限", "辦理時限", "Deadline";
    DeadlinePending => "受理后开始计时", "受理後開始計時", "Counts from acceptance";
    DueBy => "应于", "應於", "Due";
    DueSuffix => "前答复", "前答覆", "";
    Overdue => "已超期", "已逾期", "Overdue";
    DaysLeft => "剩余 {} 天", "剩餘 {} 天", "{} days left";
    HoursLeft => "剩余 {} 小时", "剩餘 {} 小時", "{} hours left";
    AnsweredInTime => "本轮已答复", "本輪已答覆", "Answered this round";
    SlaTier => "时限类别", "時限類別", "Deadline tier";
    SlaDefault => "按规则自动确定", "按規則自動決定", "By the rules";
    SlaUrgent => "紧急（2 小时）", "緊急（2 小時）", "Urgent (2 hours)";
    SlaUtilities => "水电气暖（24 小时）", "水電氣暖（24 小時）", "Utilities (24 hours)";
    SlaStandard => "一般（15 个工作日）", "一般（15 個工作日）", "Standard (15 working days)";
    PriorityLabel => "优先级", "優先級", "Priority";
    PriorityNormal => "一般", "一般", "Normal";
    PriorityHigh => "重要", "重要", "High";
    PriorityUrgent => "紧急", "緊急", "Urgent";
    Instructions => "领导批示", "領導批示", "Leaders' instructions";
    FollowUps => "追问", "追問", "Follow-up questions";
    FollowUpWaiting => "等待办理单位答复", "等待辦理單位答覆", "Waiting for the unit's answer";
    Round => "办理轮次", "辦理輪次", "Round";
    Writer => "留言人", "留言人", "Written by";
    AnonymousCitizen => "网友", "網友", "A citizen";
    PrivateMessage => "不公开", "不公開", "Private";
    Replies => "答复", "答覆", "Replies";
    NoReplies => "暂无公开答复。", "暫無公開答覆。", "No published reply yet.";
    Ratings => "评价", "評價", "Ratings";
    Timeline => "办理过程", "辦理過程", "Timeline";
    ReturnReason => "退回原因", "退回原因", "Returned because";
    PublishedAt => "发布时间", "發布時間", "Published";
    SubmittedAt => "提交时间", "提交時間", "Submitted";
    Speed => "办理速度", "辦理速度", "Speed";
    Attitude => "办理态度", "辦理態度", "Attitude";
    Result => "办理结果", "辦理結果", "Result";
    Comment => "评价内容", "評價內容", "Comment";
    Satisfaction => "满意度", "滿意度", "Satisfaction";
    Score => "分", "分", "/5";
    ViewMessage => "查看留言", "查看留言", "Open the message";

    ActionsTitle => "办理", "辦理", "Handling";
    ScreenTitle => "审核留言", "審核留言", "Screen the message";
    Accept => "受理", "受理", "Accept";
    Reject => "不予受理", "不予受理", "Reject";
    NoteOptional => "备注（可选）", "備註（可選）", "Note (optional)";
    Reason => "原因", "原因", "Reason";
    RejectReason => "不予受理的原因", "不予受理的原因", "Why it is rejected";
    AssignTitle => "交办", "交辦", "Assign";
    Assign => "交办给该单位", "交辦給該單位", "Assign to this unit";
    Instruction => "批示意见", "批示意見", "Instruction";
    TransferTitle => "转办", "轉辦", "Transfer";
    Transfer => "转办给该单位", "轉辦給該單位", "Transfer to this unit";
    TransferReason => "转办理由", "轉辦理由", "Why it belongs to that unit";
    UnitSearch => "单位名称关键字", "單位名稱關鍵字", "Unit name contains";
    ChooseUnit => "请选择单位", "請選擇單位", "Choose a unit";
    NoUnits => "没有匹配的单位", "沒有符合的單位", "No matching unit";
    DraftReplyTitle => "撰写答复", "撰寫答覆", "Write the reply";
    ReplyBody => "答复内容", "答覆內容", "Reply";
    SaveDraft => "保存草稿", "儲存草稿", "Save draft";
    SubmitReply => "提交审核", "提交審核", "Submit for review";
    DraftSaved => "草稿已保存。", "草稿已儲存。", "Draft saved.";
    ReviewTitle => "审核答复", "審核答覆", "Review the reply";
    Approve => "通过并发布", "通過並發布", "Approve and publish";
    ReturnReply => "退回答复", "退回答覆", "Return the reply";
    ReturnReasonLabel => "退回原因（将告知办理单位）", "退回原因（將告知辦理單位）", "Why it goes back (the unit will see it)";
    RateTitle => "评价答复", "評價答覆", "Rate the reply";
    RateHint => "选择“不满意”将退回重新办理。", "選擇「不滿意」將退回重新辦理。", "“Dissatisfied” sends the message back for another round.";
    SubmitRating => "提交评价", "提交評價", "Submit the rating";
    Done => "操作成功。", "操作成功。", "Done.";
    NothingToDo => "当前状态下您无需操作。", "目前狀態下您無需操作。", "Nothing for you to do at this step.";

    LoginTitle => "登录", "登入", "Log in";
    LoginField => "账号（手机号、邮箱、信用代码或用户名）", "帳號（手機號、郵箱、信用代碼或使用者名稱）", "Account (phone, e-mail, credit code or username)";
    Password => "密码", "密碼", "Password";
    LoginButton => "登录", "登入", "Log in";
    NoAccount => "还没有账号？", "還沒有帳號？", "No account yet?";
    HaveAccount => "已有账号？", "已有帳號？", "Already registered?";
    RegisterTitle => "注册", "註冊", "Register";
    RegisterAs => "注册类型", "註冊類型", "Register as";
    Phone => "手机号", "手機號", "Mobile phone";
    Email => "电子邮箱", "電子郵箱", "E-mail";
    PhoneOrEmailHint => "手机号和邮箱至少填写一项。", "手機號和郵箱至少填寫一項。", "Give a phone number or an e-mail address (at least one).";
    DisplayNameOptional => "昵称（可选）", "暱稱（可選）", "Display name (optional)";
    EnterpriseName => "企业名称", "企業名稱", "Enterprise name";
    Uscc => "统一社会信用代码", "統一社會信用代碼", "Unified social credit code";
    PasswordHint => "8–128 个字符；不要用常见密码，也不要包含手机号、邮箱或名称", "8–128 個字元；不要用常見密碼，也不要包含手機號、郵箱或名稱", "8–128 characters; not a common password, and not your phone, e-mail or name";
    RegisterButton => "注册", "註冊", "Register";

    WriteTitle => "我要留言", "我要留言", "Write a message";
    WriteLead => "留言经平台审核后交由办理单位答复，答复经审核后公开。", "留言經平台審核後交由辦理單位答覆，答覆經審核後公開。", "Your message is screened by the platform and passed to the unit that must answer; the answer is checked before it is published.";
    MatterRegion => "事项所在地", "事項所在地", "Where the matter is";
    SendMessage => "提交留言", "提交留言", "Send the message";
    OnlyWriters => "只有个人和企业用户可以留言。", "只有個人和企業用戶可以留言。", "Only citizens and enterprises write messages.";
    ChooseOption => "请选择", "請選擇", "Choose";

    MineTitle => "我的留言", "我的留言", "My messages";
    InboxTitle => "工作台", "工作台", "Inbox";
    TabScreening => "待审核留言", "待審核留言", "Screening";
    TabReplyReview => "待审核答复", "待審核答覆", "Reply review";
    TabAll => "全部留言", "全部留言", "All messages";

    AdminTitle => "账号管理", "帳號管理", "Accounts";
    CreateStaffTitle => "新建工作人员账号", "新建工作人員帳號", "New staff account";
    Username => "用户名", "使用者名稱", "Username";
    DisplayName => "显示名称", "顯示名稱", "Display name";
    RoleLabel => "角色", "角色", "Role";
    BoundUnit => "所属单位", "所屬單位", "Unit";
    BoundLeader => "所属领导", "所屬領導", "Leader";
    EmailOptional => "电子邮箱（可选）", "電子郵箱（可選）", "E-mail (optional)";
    CreateButton => "创建账号", "建立帳號", "Create the account";
    Created => "账号已创建。", "帳號已建立。", "Account created.";
    Disable => "停用", "停用", "Disable";
    Enable => "启用", "啟用", "Enable";
    AccountDisabled => "已停用", "已停用", "Disabled";
    AccountActive => "正常", "正常", "Active";
    AccountList => "账号列表", "帳號列表", "All accounts";
    LoginName => "登录名", "登入名稱", "Login";
    CreatedAt => "创建时间", "建立時間", "Created";
    Actions => "操作", "操作", "Actions";

    LeaderMessages => "写给该领导的留言", "寫給該領導的留言", "Messages to this leader";
    UnitMessages => "该单位办理的留言", "該單位辦理的留言", "Messages handled by this unit";
    UnitDomains => "主要办理领域", "主要辦理領域", "Usually handles";
    WriteToLeader => "给该领导留言", "給該領導留言", "Write to this leader";

    ErrNetwork => "无法连接服务器，请稍后再试。", "無法連線伺服器，請稍後再試。", "The server cannot be reached; try again later.";
    ErrValidation => "填写的内容有误，请按提示修改。", "填寫的內容有誤，請依提示修改。", "Some fields need fixing.";
    ErrCredentials => "账号或密码错误。", "帳號或密碼錯誤。", "Wrong account or password.";
    ErrAccountExists => "该账号已注册。", "該帳號已註冊。", "This account already exists.";
    ErrState => "留言的当前状态不允许此操作，请刷新后重试。", "留言的目前狀態不允許此操作，請重新整理後再試。", "The message's current state does not allow this step; reload and try again.";
    ErrForbidden => "您没有权限进行此操作。", "您沒有權限進行此操作。", "You may not do this.";
    ErrNotFound => "内容不存在或不公开。", "內容不存在或不公開。", "It does not exist or is not public.";
    ErrDisabled => "该账号已停用。", "該帳號已停用。", "This account is disabled.";
    ErrAlreadyRated => "本轮答复已评价过。", "本輪答覆已評價過。", "This reply has already been rated.";
    ErrSameUnit => "不能转办给当前办理单位。", "不能轉辦給目前辦理單位。", "It is already with that unit.";
    ErrConcurrent => "留言刚被他人更新，请刷新后重试。", "留言剛被他人更新，請重新整理後再試。", "Someone else just changed this message; reload and try again.";
    ErrLogin => "请先登录。", "請先登入。", "Please log in.";
    ErrOther => "请求失败。", "請求失敗。", "The request failed.";
    FieldRequired => "不能为空", "不能為空", "must not be blank";
    FieldEmail => "请输入有效的电子邮箱", "請輸入有效的電子郵箱", "must be an e-mail address";
    FieldMobile => "请输入 11 位大陆手机号", "請輸入 11 位大陸手機號", "must be a mainland mobile number (11 digits)";
    FieldChoose => "请选择", "請選擇", "choose one";
    FieldTooWeak => "密码太容易被猜到，请换用更长、更少见的密码（例如几个不相关的词组合）", "密碼太容易被猜到，請換用更長、更少見的密碼（例如幾個不相關的詞組合）", "is too easy to guess: use a longer, less common password (several unrelated words, say)";
    FieldPersonalInfo => "密码不能包含本账号的手机号、邮箱、登录名、名称或信用代码", "密碼不能包含本帳號的手機號、郵箱、登入名稱、名稱或信用代碼", "must not contain the account's phone number, e-mail, login, name or credit code";
    FieldCurrentPasswordWrong => "当前密码不正确", "目前密碼不正確", "is not the current password";
    FieldConfirmMismatch => "两次输入的新密码不一致", "兩次輸入的新密碼不一致", "does not match the new password";
    FieldLineBreak => "只能填写一行，不能换行", "只能填寫一行，不能換行", "must be one line, without line breaks";
    FieldControlCharacter => "含有控制字符，请删除", "含有控制字元，請刪除", "contains a control character; remove it";
    FieldBidiControl => "含有文字方向控制字符，请删除", "含有文字方向控制字元，請刪除", "contains a bidirectional control character; remove it";
    FieldInvisibleCharacter => "含有不可见字符，请删除", "含有不可見字元，請刪除", "contains an invisible character; remove it";
    FieldNoncharacter => "含有无效字符（非字符码位），请删除", "含有無效字元（非字元碼位），請刪除", "contains a noncharacter; remove it";
    FieldCharacterAt => "第 {} 个字符", "第 {} 個字元", "character {}";
    ErrRateLimited => "操作过于频繁，请 {}后再试。", "操作過於頻繁，請 {}後再試。", "Too many requests: try again in {}.";
    ErrRateLimitedLater => "操作过于频繁，请稍后再试。", "操作過於頻繁，請稍後再試。", "Too many requests: try again later.";
    ErrLoginLocked => "密码错误次数过多，登录已锁定，请 {}后再试。", "密碼錯誤次數過多，登入已鎖定，請 {}後再試。", "Too many wrong passwords: logging in is locked. Try again in {}.";
    ErrLoginLockedLater => "密码错误次数过多，登录已锁定，请稍后再试。", "密碼錯誤次數過多，登入已鎖定，請稍後再試。", "Too many wrong passwords: logging in is locked. Try again later.";
    SecondsN => "{} 秒", "{} 秒", "{} seconds";
    OneSecond => "1 秒", "1 秒", "1 second";
    MinutesN => "{} 分钟", "{} 分鐘", "{} minutes";
    OneMinute => "1 分钟", "1 分鐘", "1 minute";

    NavAccount => "我的账号", "我的帳號", "My account";
    AccountTitle => "我的账号", "我的帳號", "My account";
    AccountLogins => "登录账号", "登入帳號", "Logs in with";
    ChangePasswordTitle => "修改密码", "修改密碼", "Change the password";
    ChangePasswordLead => "修改后，其他设备上的登录都会退出；本机会用新密码自动重新登录。", "修改後，其他裝置上的登入都會登出；本機會用新密碼自動重新登入。", "Every other session of the account ends; this one logs in again with the new password by itself.";
    CurrentPassword => "当前密码", "目前密碼", "Current password";
    NewPassword => "新密码", "新密碼", "New password";
    ConfirmPassword => "确认新密码", "確認新密碼", "New password again";
    ChangePasswordButton => "修改密码", "修改密碼", "Change the password";
    PasswordChanged => "密码已修改，您已用新密码重新登录。", "密碼已修改，您已用新密碼重新登入。", "Password changed; you are logged in with the new one.";

    NavJointReplies => "联合答复", "聯合答覆", "Joint replies";
    NavSupervision => "督办", "督辦", "Supervision";
    NotificationsTitle => "站内通知", "站內通知", "Notifications";
    NotificationsShort => "通知", "通知", "Alerts";
    NotificationsUnreadLabel => "通知（{} 条未读）", "通知（{} 則未讀）", "Notifications ({} unread)";
    UnreadOnly => "只看未读", "只看未讀", "Unread only";
    MarkAllRead => "全部标为已读", "全部標為已讀", "Mark all read";
    MarkRead => "标为已读", "標為已讀", "Mark read";
    Unread => "未读", "未讀", "Unread";
    UnreadCount => "未读 {} 条", "未讀 {} 則", "{} unread";
    NoNotifications => "暂无通知。", "暫無通知。", "No notifications.";

    QuestionPrefix => "问：", "問：", "Q: ";
    AnswerPrefix => "答：", "答：", "A: ";
    AskFollowUpTitle => "追问", "追問", "Ask a follow-up question";
    AskFollowUpHint => "对答复还有疑问可以追问（每条留言最多 3 次），办理单位将公开答复。", "對答覆還有疑問可以追問（每則留言最多 3 次），辦理單位將公開答覆。", "Still unclear? Ask a follow-up question (at most 3 per message); the unit answers in public.";
    FollowUpQuestion => "追问内容", "追問內容", "Your question";
    AskFollowUp => "提交追问", "提交追問", "Ask";
    FollowUpAnswerLabel => "答复追问", "答覆追問", "Answer to the question";
    AnswerFollowUp => "发布答复", "發布答覆", "Publish the answer";
    DeadlineOverride => "办理期限（可选）", "辦理期限（可選）", "Deadline (optional)";
    DeadlineOverrideHint => "填写后替代按时限类别计算的期限。", "填寫後取代按時限類別計算的期限。", "Replaces the deadline the SLA tier gives.";
    PartOfJointReply => "本答复属于一条联合答复，查看全部相关留言", "本答覆屬於一則聯合答覆，檢視全部相關留言", "Part of a joint reply: see every message it answers";
    ReviewOnJointPage => "此答复是联合答复的一部分，请在联合答复页面统一审核。", "此答覆是聯合答覆的一部分，請在聯合答覆頁面統一審核。", "This reply is part of a joint reply; review it once on the joint reply's page.";
    OpenJointReply => "打开联合答复", "開啟聯合答覆", "Open the joint reply";

    JointRepliesTitle => "联合答复（解决一类事）", "聯合答覆（解決一類事）", "Joint replies";
    JointRepliesLead => "办理单位对反映同一问题的多条留言作出的统一答复；每条留言仍由留言人分别评价。", "辦理單位對反映同一問題的多則留言作出的統一答覆；每則留言仍由留言人分別評價。", "One answer from a unit to several messages about the same issue; each message is still rated by its own writer.";
    NoJointReplies => "暂无联合答复。", "暫無聯合答覆。", "No joint replies yet.";
    MessagesCount => "涉及 {} 条留言", "涉及 {} 則留言", "{} messages";
    JointMessages => "涉及的留言", "涉及的留言", "Messages it answers";
    JointRatedEach => "每条留言由其留言人分别评价。", "每則留言由其留言人分別評價。", "Each message is rated by its own writer.";
    ReviewJointTitle => "审核联合答复", "審核聯合答覆", "Review the joint reply";
    NewJointReply => "撰写联合答复", "撰寫聯合答覆", "Write a joint reply";
    NewJointReplyLead => "选择本单位反映同一问题的留言（2–100 条），写一份答复；审核通过后每条留言都得到答复。", "選擇本單位反映同一問題的留言（2–100 則），寫一份答覆；審核通過後每則留言都得到答覆。", "Pick 2–100 of your unit's messages about one issue and write one answer; once approved, every one of them is answered.";
    ChooseMessages => "选择留言", "選擇留言", "Messages";
    ChosenCount => "已选 {} 条", "已選 {} 則", "{} chosen";
    NoOpenMessages => "本单位暂无待答复的留言。", "本單位暫無待答覆的留言。", "Your unit has no message waiting for an answer.";

    SupervisionTitle => "督办", "督辦", "Supervision";
    SupervisionLead => "超过办理期限的留言自动进入督办；办理单位说明情况，平台审核结束督办，答复发布后督办自动结束。", "超過辦理期限的留言自動進入督辦；辦理單位說明情況，平台審核結束督辦，答覆發布後督辦自動結束。", "A message past its deadline is supervised: the unit explains, a moderator closes it, and the published answer closes it too.";
    SvOpen => "督办中", "督辦中", "Open";
    SvResponded => "已说明", "已說明", "Responded";
    SvEscalated => "已升级", "已升級", "Escalated";
    SvClosed => "已结束", "已結束", "Closed";
    NoSupervisions => "暂无督办事项。", "暫無督辦事項。", "Nothing under supervision.";
    MessageNumber => "留言 #{}", "留言 #{}", "Message #{}";
    MissedDeadline => "原定期限", "原定期限", "Was due";
    OpenedAt => "督办时间", "督辦時間", "Opened";
    EscalatesAt => "升级时间", "升級時間", "Escalates";
    UnitResponse => "办理单位说明", "辦理單位說明", "The unit's explanation";
    ClosingNote => "结束说明", "結束說明", "Closing note";
    RespondLabel => "情况说明", "情況說明", "What the unit is doing";
    Respond => "提交说明", "提交說明", "Send the explanation";
    CloseNoteLabel => "结束督办的说明", "結束督辦的說明", "Why it can be closed";
    CloseSupervision => "结束督办", "結束督辦", "Close the supervision";
    TabRouting => "待交办", "待交辦", "To assign";
    RoutingQueueHint => "已受理但没有匹配分办规则的留言在此等待交办。", "已受理但沒有符合分辦規則的留言在此等待交辦。", "Accepted messages that no routing rule matched wait here to be assigned.";

    AdminSections => "管理功能", "管理功能", "Administration";
    AdminAccounts => "账号", "帳號", "Accounts";
    AdminReference => "地区·领导·单位", "地區·領導·單位", "Regions, leaders, units";
    AdminRouting => "分办规则", "分辦規則", "Routing rules";
    AdminSla => "办理时限", "辦理時限", "Deadlines";
    AdminCalendar => "节假日", "節假日", "Holidays";
    AdminWebhooks => "Webhook 推送", "Webhook 推送", "Webhooks";
    Saved => "已保存。", "已儲存。", "Saved.";
    Save => "保存", "儲存", "Save";
    Create => "创建", "建立", "Create";
    Edit => "编辑", "編輯", "Edit";
    Delete => "删除", "刪除", "Delete";
    Refresh => "刷新", "重新整理", "Refresh";
    Register => "注册", "註冊", "Register";
    NameLabel => "名称", "名稱", "Name";
    NameOptional => "名称（可选）", "名稱（可選）", "Name (optional)";
    Code => "代码", "代碼", "Code";

    RoutingTitle => "分办规则", "分辦規則", "Routing rules";
    RoutingLead => "地区 + 领域 + 关键词（可选）→ 办理单位。留言受理时按最具体的匹配规则直接交办；没有匹配时进入待交办队列。", "地區 + 領域 + 關鍵詞（可選）→ 辦理單位。留言受理時按最具體的符合規則直接交辦；沒有符合時進入待交辦佇列。", "Region + domain + optional keywords → unit. On acceptance a message goes straight to the unit of the most specific matching rule; otherwise it waits to be assigned.";
    RoutingList => "现有规则", "現有規則", "Rules";
    NoRules => "暂无规则。", "暫無規則。", "No rules yet.";
    NewRule => "新增分办规则", "新增分辦規則", "New routing rule";
    AddRule => "添加规则", "新增規則", "Add the rule";
    Keywords => "关键词", "關鍵詞", "Keywords";
    KeywordsOptional => "关键词（可选）", "關鍵詞（可選）", "Keywords (optional)";
    KeywordsHint => "用逗号、顿号或空格分隔；标题或正文含任一关键词即匹配。留空则匹配该地区该领域的全部留言。", "用逗號、頓號或空格分隔；標題或內文含任一關鍵詞即符合。留空則符合該地區該領域的全部留言。", "Separate with commas or spaces; any one in the title or text matches. Empty: every message of the region and domain.";
    RuleUnit => "交办给", "交辦給", "Assign to";

    SlaTitle => "办理时限", "辦理時限", "Deadlines";
    SlaTiers => "时限类别", "時限類別", "SLA tiers";
    Duration => "时限", "時限", "Time allowed";
    DurationUnitLabel => "计时方式", "計時方式", "Counted in";
    Hours => "小时", "小時", "hours";
    WorkingDays => "个工作日", "個工作日", "working days";
    Amount => "数量", "數量", "Amount";
    EscalateAfter => "超期后升级", "逾期後升級", "Escalates after";
    EscalateAfterHours => "超期多少小时后升级", "逾期多少小時後升級", "Hours after the deadline to escalate";
    SaveTierTitle => "新增或修改时限类别", "新增或修改時限類別", "Add or change a tier";
    SaveTierHint => "已确定的期限不受影响。", "已確定的期限不受影響。", "Deadlines already set keep their value.";
    SlaRules => "时限规则", "時限規則", "Tier rules";
    SlaRulesHint => "按留言类型和/或领域选择时限类别，最具体的规则优先；没有规则时为一般。", "按留言類型和/或領域選擇時限類別，最具體的規則優先；沒有規則時為一般。", "Choose a tier by message type and/or domain; the most specific rule wins, else standard.";

    CalendarTitle => "节假日安排", "節假日安排", "Holiday calendar";
    CalendarLead => "法定节假日和调休上班日，用于按工作日计算办理期限。每年按国务院公布的安排添加。", "法定節假日和調休上班日，用於按工作日計算辦理期限。每年按國務院公布的安排新增。", "Public holidays and adjusted working days, used to count working-day deadlines. Add each year as the State Council publishes it.";
    Year => "年份", "年份", "Year";
    YearDays => "{} 年的特殊日期", "{} 年的特殊日期", "Special days of {}";
    NoSpecialDays => "该年尚无节假日安排。", "該年尚無節假日安排。", "No special days for this year yet.";
    Date => "日期", "日期", "Date";
    DayKindLabel => "类型", "類型", "Kind";
    Holiday => "放假", "放假", "Holiday";
    AdjustedWorkday => "调休上班", "調休上班", "Adjusted working day";
    AddDay => "添加日期", "新增日期", "Add the day";

    WebhooksTitle => "Webhook 推送", "Webhook 推送", "Webhooks";
    WebhooksLead => "向对接系统推送留言办理事件。每次推送带签名，失败自动重试 48 小时。", "向對接系統推送留言辦理事件。每次推送帶簽章，失敗自動重試 48 小時。", "Send handling events to integrators' systems, signed, retried for 48 hours when they fail.";
    RegisterWebhook => "注册接收地址", "註冊接收位址", "Register an endpoint";
    Url => "接收地址（URL）", "接收位址（URL）", "URL";
    EventTypes => "事件类型", "事件類型", "Event types";
    AllEvents => "全部事件（*）", "全部事件（*）", "All events (*)";
    SecretOnce => "签名密钥只显示这一次，请立即保存：", "簽章金鑰只顯示這一次，請立即保存：", "The signing secret is shown only this once; keep it now:";
    WebhookList => "已注册的地址", "已註冊的位址", "Endpoints";
    NoWebhooks => "暂无接收地址。", "暫無接收位址。", "No endpoints yet.";
    Active => "启用中", "啟用中", "Active";
    Paused => "已暂停", "已暫停", "Paused";
    Pause => "暂停", "暫停", "Pause";
    Resume => "恢复", "恢復", "Resume";
    Deliveries => "推送记录", "推送紀錄", "Deliveries";
    DeliveriesOf => "地址 #{} 的推送记录", "位址 #{} 的推送紀錄", "Deliveries of endpoint #{}";
    NoDeliveries => "暂无推送记录。", "暫無推送紀錄。", "No deliveries yet.";
    DeliveryPending => "待推送", "待推送", "Pending";
    DeliveryDelivered => "已送达", "已送達", "Delivered";
    DeliveryFailed => "失败", "失敗", "Failed";
    AttemptCount => "尝试 {} 次", "嘗試 {} 次", "{} attempts";
    Attempts => "每次尝试", "每次嘗試", "Attempts";
    DeliveredAt => "送达时间", "送達時間", "Delivered";
    NextAttempt => "下次尝试", "下次嘗試", "Next attempt";
    Redeliver => "重新推送", "重新推送", "Redeliver";

    MoveStaffTitle => "调整工作人员所属单位或领导", "調整工作人員所屬單位或領導", "Move a staff account to another unit or leader";
    StaffAccount => "工作人员账号", "工作人員帳號", "Staff account";
    ReferenceTitle => "地区、领导与办理单位", "地區、領導與辦理單位", "Regions, leaders and units";
    NewRegion => "新增地区", "新增地區", "New region";
    RegionCode => "地区代码", "地區代碼", "Region code";
    RegionCodeHint => "6 位 GB/T 2260 代码", "6 位 GB/T 2260 代碼", "6-digit GB/T 2260 code";
    ParentRegionCode => "上级地区代码（省级留空）", "上級地區代碼（省級留空）", "Parent region code (empty for a province)";
    PickRegionToEdit => "选择要管理的地区", "選擇要管理的地區", "Choose a region to manage";
    RenameRegion => "修改地区名称", "修改地區名稱", "Rename the region";
    NewName => "新名称", "新名稱", "New name";
    LeadersOfRegion => "该地区的领导", "該地區的領導", "Leaders of the region";
    NewLeader => "新增领导", "新增領導", "New leader";
    EditLeader => "修改领导", "修改領導", "Change the leader";
    LeaderTitle => "职务", "職務", "Office";
    LeaderTitleHint => "如：市长", "如：市長", "e.g. 市长 (mayor)";
    LeaderName => "全称", "全稱", "Full name";
    LeaderNameHint => "如：广州市市长", "如：廣州市市長", "e.g. 广州市市长";
    UnitsOfRegion => "该地区的办理单位", "該地區的辦理單位", "Handling units of the region";
    NewUnit => "新增办理单位", "新增辦理單位", "New unit";
    EditUnit => "修改办理单位", "修改辦理單位", "Change the unit";
    ParentUnitId => "上级单位编号（可选）", "上級單位編號（可選）", "Parent unit id (optional)";

    TypeConsultation => "咨询", "諮詢", "Consultation";
    TypeHelpRequest => "求助", "求助", "Help request";
    TypeComplaint => "投诉", "投訴", "Complaint";
    TypeSuggestion => "建言", "建言", "Suggestion";

    DomainUrbanConstruction => "城建", "城建", "Urban construction";
    DomainTransport => "交通", "交通", "Transport";
    DomainEducation => "教育", "教育", "Education";
    DomainEmployment => "就业", "就業", "Employment";
    DomainAgricultureRural => "三农", "三農", "Agriculture & rural";
    DomainHealth => "医疗卫生", "醫療衛生", "Health";
    DomainEnvironment => "环保", "環保", "Environment";
    DomainLabourWages => "劳动欠薪", "勞動欠薪", "Labour & wages";
    DomainSocialSecurity => "社保", "社保", "Social security";
    DomainPublicSecurity => "治安", "治安", "Public security";
    DomainBusinessEnvironment => "营商环境", "營商環境", "Business environment";
    DomainCultureTourism => "文旅", "文旅", "Culture & tourism";
    DomainCivilAffairs => "民政", "民政", "Civil affairs";
    DomainUnpaidBills => "账款拖欠", "賬款拖欠", "Unpaid bills";
    DomainPermits => "审批许可", "審批許可", "Permits & approvals";
    DomainOther => "其他", "其他", "Other";

    StatusSubmitted => "待审核", "待審核", "Submitted";
    StatusRejected => "不予受理", "不予受理", "Rejected";
    StatusAccepted => "已受理", "已受理", "Accepted";
    StatusAssigned => "办理中", "辦理中", "Assigned";
    StatusReplyInReview => "答复审核中", "答覆審核中", "Reply in review";
    StatusReplied => "已答复", "已答覆", "Replied";
    StatusReopened => "重新办理", "重新辦理", "Reopened";
    StatusClosed => "已办结", "已辦結", "Closed";

    EventSubmitted => "提交留言", "提交留言", "Message submitted";
    EventAccepted => "平台受理", "平台受理", "Accepted";
    EventRejected => "不予受理", "不予受理", "Rejected";
    EventAssigned => "交办", "交辦", "Assigned";
    EventTransferred => "转办", "轉辦", "Transferred";
    EventReplyDrafted => "起草答复", "起草答覆", "Reply drafted";
    EventReplySubmitted => "答复提交审核", "答覆提交審核", "Reply submitted for review";
    EventReplyReturned => "答复被退回", "答覆被退回", "Reply returned";
    EventReplyPublished => "答复发布", "答覆發布", "Reply published";
    EventRated => "留言人评价", "留言人評價", "Rated";
    EventReopened => "重新办理", "重新辦理", "Reopened";
    EventClosed => "办结", "辦結", "Closed";
    EventInstructed => "领导批示", "領導批示", "Instruction given";
    EventFollowUpAsked => "追问", "追問", "Follow-up question";
    EventFollowUpAnswered => "追问答复", "追問答覆", "Follow-up answered";
    EventSupervisionOpened => "督办", "督辦", "Supervision opened";
    EventSupervisionResponded => "督办回复", "督辦回覆", "Supervision answered";
    EventSupervisionEscalated => "督办升级", "督辦升級", "Supervision escalated";
    EventSupervisionClosed => "督办结束", "督辦結束", "Supervision closed";
    ActorPlatform => "平台", "平台", "Platform";

    RoleCitizen => "个人", "個人", "Citizen";
    RoleEnterprise => "企业", "企業", "Enterprise";
    RoleUnitStaff => "办理单位人员", "辦理單位人員", "Unit staff";
    RoleLeaderOffice => "领导办公室", "領導辦公室", "Leader's office";
    RoleModerator => "平台审核", "平台審核", "Moderator";
    RoleAdmin => "管理员", "管理員", "Admin";

    SatSatisfied => "满意", "滿意", "Satisfied";
    SatBasicallySatisfied => "基本满意", "基本滿意", "Basically satisfied";
    SatDissatisfied => "不满意", "不滿意", "Dissatisfied";

    ReplyDraft => "草稿", "草稿", "Draft";
    ReplyInReview => "审核中", "審核中", "In review";
    ReplyReturned => "已退回", "已退回", "Returned";
    ReplyPublished => "已发布", "已發布", "Published";
    // ---------- campaigns, suggestions, topics ----------
    NavCampaigns => "建言征集", "建言徵集", "Campaigns";
    NavTopics => "专题", "專題", "Topics";
    MySuggestions => "我的建议", "我的建議", "My suggestions";
    ScreenSuggestions => "建议审核", "建議審核", "Screen suggestions";
    SuggestionWork => "建议办理", "建議辦理", "Suggestions to answer";
    CampaignsTitle => "建言征集", "建言徵集", "Suggestion campaigns";
    CampaignsLead => "领导和部门就重要事项公开征集意见建议，欢迎参与、支持好的建议。", "領導和部門就重要事項公開徵集意見建議，歡迎參與、支持好的建議。", "Leaders and departments ask the public for suggestions on matters that count: take part, and support the good ones.";
    NewCampaign => "发起征集", "發起徵集", "New campaign";
    EditCampaign => "修改征集", "修改徵集", "Edit campaign";
    NoCampaigns => "暂无征集活动", "暫無徵集活動", "No campaigns";
    MyCampaigns => "我发起的", "我發起的", "Mine";
    CampaignCountsLine => "{} 条建议 · {} 次支持 · {} 人参与", "{} 條建議 · {} 次支持 · {} 人參與", "{} suggestions · {} supports · {} participants";
    CampaignCounts => "参与情况", "參與情況", "Participation";
    PhaseLabel => "阶段", "階段", "Phase";
    PhaseDraft => "草稿", "草稿", "Draft";
    PhaseUpcoming => "即将开始", "即將開始", "Upcoming";
    PhaseOpen => "征集中", "徵集中", "Open";
    PhaseClosed => "已截止", "已截止", "Closed";
    PhaseResultsPublished => "已公布结果", "已公布結果", "Results published";
    TopicLabel => "专题", "專題", "Topic";
    NoTopic => "不属于专题", "不屬於專題", "No topic";
    CampaignOwner => "发起单位", "發起單位", "Run by";
    OpensAt => "开始时间", "開始時間", "Opens";
    ClosesAt => "截止时间", "截止時間", "Closes";
    WhoTakesPart => "参与对象", "參與對象", "Who takes part";
    CitizensAndEnterprises => "群众和企业", "群眾和企業", "Citizens and enterprises";
    CitizensOnly => "仅限群众", "僅限群眾", "Citizens only";
    EnterprisesOnly => "仅限企业", "僅限企業", "Enterprises only";
    MaxPerAccount => "每个账号最多建议数", "每個帳號最多建議數", "Suggestions per account";
    RealNameRequired => "须实名参与", "須實名參與", "Real name required";
    Yes => "是", "是", "Yes";
    No => "否", "否", "No";
    SupportThreshold => "须回应的支持数", "須回應的支持數", "Supports that oblige an answer";
    SupportThresholdHint => "建议获得这么多支持后，发起单位须公开回应；留空则不设。", "建議獲得這麼多支持後，發起單位須公開回應；留空則不設。", "A suggestion with this many supports must get a public answer; leave empty for none.";
    AllowCitizens => "群众可参与", "群眾可參與", "Citizens may take part";
    AllowEnterprises => "企业可参与", "企業可參與", "Enterprises may take part";
    CampaignDescription => "征集说明", "徵集說明", "Description";
    OwnerSteps => "发起单位操作", "發起單位操作", "Owner's steps";
    DraftHint => "草稿仅发起单位可见；发布后按开始时间接受建议。", "草稿僅發起單位可見；發布後按開始時間接受建議。", "Only the owner sees a draft; once published it takes suggestions from its opening time.";
    OpenCampaign => "发布征集", "發布徵集", "Publish campaign";
    CloseCampaign => "提前截止", "提前截止", "Close now";
    PublishResults => "公布结果", "公布結果", "Publish results";
    PublishResultsHint => "公布后，征集结果向社会公开，采纳情况不再更改。", "公布後，徵集結果向社會公開，採納情況不再更改。", "Once published the outcome report is public and the reviews are final.";
    ResultsFinal => "结果已公布。", "結果已公布。", "The results are published.";
    ResultsSummary => "征集成果", "徵集成果", "Results";
    CampaignReport => "征集结果报告", "徵集結果報告", "Outcome report";
    OwedResponses => "待回应建议", "待回應建議", "Owed responses";
    OwedOnly => "只看待回应的", "只看待回應的", "Owed responses only";
    OwedCount => "待回应建议：{} 条", "待回應建議：{} 條", "Owed responses: {}";
    OwesResponse => "待回应", "待回應", "Owes a response";
    LoginToSuggest => "后即可提出建议。", "後即可提出建議。", "to make a suggestion.";
    SubmitSuggestion => "提出建议", "提出建議", "Make a suggestion";
    SuggestionSent => "建议已提交，审核通过后公开。", "建議已提交，審核通過後公開。", "Sent: it is public once screened.";
    SuggestionBody => "建议内容", "建議內容", "Your suggestion";
    Suggestions => "建议", "建議", "Suggestions";
    NoSuggestions => "暂无建议", "暫無建議", "No suggestions";
    SortLabel => "排序", "排序", "Order";
    SortNewest => "最新", "最新", "Newest";
    SortSupports => "最多支持", "最多支持", "Most supported";
    SupportsN => "{} 人支持", "{} 人支持", "{} supports";
    Support => "支持", "支持", "Support";
    WithdrawSupport => "取消支持", "取消支持", "Withdraw support";
    ReviewNote => "答复意见", "答覆意見", "Owner's note";
    ReviewOutcomeLabel => "采纳情况", "採納情況", "Decision";
    SaveReview => "保存答复", "儲存答覆", "Save decision";
    RejectReasonLabel => "不予公开的理由", "不予公開的理由", "Reason for refusing";
    AcceptSuggestion => "审核通过", "審核通過", "Publish";
    RejectSuggestion => "不予公开", "不予公開", "Refuse";
    ToScreen => "待审核", "待審核", "To screen";
    Count => "数量", "數量", "Count";
    AdoptedSuggestions => "采纳的建议", "採納的建議", "Adopted suggestions";
    TopSupported => "支持最多的建议", "支持最多的建議", "Most supported";
    SugSubmitted => "待审核", "待審核", "Waiting for screening";
    SugRejected => "未通过审核", "未通過審核", "Refused";
    SugPublished => "已公开", "已公開", "Public";
    SugShortlisted => "入围", "入圍", "Shortlisted";
    SugAdopted => "已采纳", "已採納", "Adopted";
    SugAwarded => "获奖", "獲獎", "Awarded";
    SugNotAdopted => "未采纳", "未採納", "Not adopted";
    OpenData => "开放数据：下载符合筛选条件的全部公开留言", "開放數據：下載符合篩選條件的全部公開留言", "Open data: download every public message matching the filters";
    ExportCsv => "CSV", "CSV", "CSV";
    ExportXlsx => "Excel (XLSX)", "Excel (XLSX)", "Excel (XLSX)";
    SimilarTitle => "已有类似留言", "已有類似留言", "Similar messages";
    SimilarLead => "这些公开留言问的可能是同一件事，先看看答复。", "這些公開留言問的可能是同一件事，先看看答覆。", "These public messages may ask the same; see their answers first.";
    NotAnsweredYet => "尚未答复", "尚未答覆", "Not answered yet";
    NavStats => "数据统计", "數據統計", "Statistics";
    StatsTitle => "数据统计", "數據統計", "Statistics";
    StatsLead => "各地、各部门办理留言的数量、速度与满意度，随每条留言的办理实时更新。", "各地、各部門辦理留言的數量、速度與滿意度，隨每條留言的辦理即時更新。", "How many messages each region and body handles, how fast and how well; updated as every message moves.";
    Nationwide => "全国", "全國", "Nationwide";
    AllYears => "全部年份", "全部年份", "All years";
    StatsYear => "年份", "年份", "Year";
    StatMessages => "留言数", "留言數", "Messages";
    StatReplyRate => "回复率", "回覆率", "Reply rate";
    StatOnTimeRate => "按时回复率", "按時回覆率", "On-time rate";
    StatAvgDays => "平均办理天数", "平均辦理天數", "Average days";
    StatMedianDays => "办理天数中位数", "辦理天數中位數", "Median days";
    StatSatisfaction => "满意率", "滿意率", "Satisfaction";
    StatSuggestionShare => "建言占比", "建言佔比", "Suggestions' share";
    StatsTrend => "趋势", "趨勢", "Trend";
    StatsPeriod => "时间", "時間", "Period";
    StatsByDomain => "按领域", "按領域", "By domain";
    StatsByType => "按类型", "按類型", "By type";
    StatsByRegion => "按地区", "按地區", "By region";
    StatsRegion => "地区", "地區", "Region";
    StatsRanking => "办理单位排行", "辦理單位排行", "Unit ranking";
    StatsSortBy => "排序", "排序", "Sort by";
    StatsMinMessages => "至少留言数", "至少留言數", "At least (messages)";
    StatsUnit => "办理单位", "辦理單位", "Unit";
    StatsUnits => "本地区办理单位", "本地區辦理單位", "Units of the region";
    StatsRank => "名次", "名次", "Rank";
    StatsCompare => "对比", "對比", "Compared";
    NoFigures => "暂无数据", "暫無數據", "No figures yet";
    HotWords => "热词", "熱詞", "Hot words";
    HotWordsLead => "公开留言最常谈到的话题词：每条留言计一次，地名、人名与客套话不计。点击可搜索。", "公開留言最常談到的話題詞：每條留言計一次，地名、人名與客套話不計。點擊可搜尋。", "The words public messages are most about: each message counts once; places, names and pleasantries are left out. Select one to search.";
    NavCases => "精选案例", "精選案例", "Cases";
    CasesTitle => "精选案例", "精選案例", "Case library";
    CasesLead => "办理得好的公开留言，附审核人员的推荐语。", "辦理得好的公開留言，附審核人員的推薦語。", "Public messages handled well, with the moderators' note on why.";
    NoCases => "暂无精选案例", "暫無精選案例", "No cases yet";
    CaseNote => "推荐语", "推薦語", "Note";
    CaseReply => "答复", "答覆", "Reply";
    CaseBadge => "精选案例", "精選案例", "Featured case";
    FeatureCase => "设为精选案例", "設為精選案例", "Feature as a case";
    UpdateCaseNote => "更新推荐语", "更新推薦語", "Update the note";
    UnfeatureCase => "撤下精选", "撤下精選", "Withdraw the case";
    CaseSaved => "已保存精选案例", "已儲存精選案例", "The case is saved";
    CaseRemoved => "已撤下", "已撤下", "Withdrawn";
    MonthlyReport => "月度报告", "月度報告", "Monthly report";
    ReportMonth => "月份", "月份", "Month";
    ThisMonth => "本月", "本月", "This month";
    PreviousMonth => "上月", "上月", "Previous month";
    YearToDate => "本年累计", "本年累計", "Year to date";
    DownloadCsv => "下载 CSV", "下載 CSV", "Download CSV";
    TopicsTitle => "专题", "專題", "Topics";
    TopicsLead => "围绕重点工作开设的专题与政企直通车。", "圍繞重點工作開設的專題與政企直通車。", "Columns on the matters in focus, and the enterprise channel.";
    NoTopics => "暂无专题", "暫無專題", "No topics";
    TopicMessages => "专题留言", "專題留言", "Messages in this topic";
    WriteInTopic => "在此专题留言", "在此專題留言", "Write in this topic";
    TopicActive => "开放中", "開放中", "Open";
    TopicClosed => "已关闭", "已關閉", "Closed";
    AdminTopics => "专题管理", "專題管理", "Topics";
    AdminTopicsLead => "专题汇集留言和征集；仅限企业的专题即政企直通车。专题只可关闭，不可删除。", "專題匯集留言和徵集；僅限企業的專題即政企直通車。專題只可關閉，不可刪除。", "Topics group messages and campaigns; one only enterprises write to is an enterprise channel. Topics are closed, never deleted.";
    NewTopic => "新建专题", "新建專題", "New topic";
    EditTopic => "修改专题", "修改專題", "Edit topic";
    TopicName => "专题名称", "專題名稱", "Name";
    TopicSlug => "链接名", "連結名", "Slug";
    TopicSlugHint => "小写字母、数字和连字符，如 business-environment", "小寫字母、數字和連字號，如 business-environment", "Lower-case letters, digits and hyphens, e.g. business-environment";
    TopicDescription => "专题说明", "專題說明", "Description";
    TopicWritersLabel => "谁可留言", "誰可留言", "Who may write";
    WritersEveryone => "所有人", "所有人", "Everyone";
    WritersEnterprises => "仅限企业（政企直通车）", "僅限企業（政企直通車）", "Enterprises only (enterprise channel)";
    TopicDomains => "可选领域", "可選領域", "Domains";
    TopicDomainsHint => "不选则不限领域。", "不選則不限領域。", "None chosen: any domain.";
    SortOrder => "排序号", "排序號", "Order";
    CloseTopic => "关闭", "關閉", "Close";
    ReopenTopic => "重新开放", "重新開放", "Reopen";
    EnterpriseChannelHint => "政企直通车仅限企业账号留言。", "政企直通車僅限企業帳號留言。", "Only enterprise accounts write in the enterprise channel.";
    MayRunCampaigns => "可发起征集", "可發起徵集", "May run campaigns";
    GrantCampaigns => "允许发起征集", "允許發起徵集", "Allow campaigns";
    RevokeCampaigns => "取消征集权限", "取消徵集權限", "Revoke campaigns";
    Search => "搜索", "搜尋", "Search";
    SearchLabel => "搜索留言", "搜尋留言", "Search messages";
    SearchPlaceholder => "输入关键词，如：噪音、欠薪、拆迁", "輸入關鍵詞，如：噪音、欠薪、拆遷", "Words to find, e.g. 噪音 (noise)";
    NoResults => "没有找到相关留言", "沒有找到相關留言", "No messages found";
    ErrCampaignNotOpen => "征集不在进行中", "徵集不在進行中", "The campaign is not taking suggestions";
    ErrCampaignRules => "按征集规则，您不能参与", "按徵集規則，您不能參與", "The campaign's rules keep you out";
    ErrSuggestionLimit => "已达到每个账号的建议上限", "已達到每個帳號的建議上限", "You made as many suggestions as allowed";
    ErrResultsNotPublished => "结果尚未公布", "結果尚未公布", "The results are not published yet";
}

pub fn message_type(v: MessageType) -> K {
    match v {
        MessageType::Consultation => K::TypeConsultation,
        MessageType::HelpRequest => K::TypeHelpRequest,
        MessageType::Complaint => K::TypeComplaint,
        MessageType::Suggestion => K::TypeSuggestion,
    }
}

pub fn domain(v: Domain) -> K {
    match v {
        Domain::UrbanConstruction => K::DomainUrbanConstruction,
        Domain::Transport => K::DomainTransport,
        Domain::Education => K::DomainEducation,
        Domain::Employment => K::DomainEmployment,
        Domain::AgricultureRural => K::DomainAgricultureRural,
        Domain::Health => K::DomainHealth,
        Domain::Environment => K::DomainEnvironment,
        Domain::LabourWages => K::DomainLabourWages,
        Domain::SocialSecurity => K::DomainSocialSecurity,
        Domain::PublicSecurity => K::DomainPublicSecurity,
        Domain::BusinessEnvironment => K::DomainBusinessEnvironment,
        Domain::CultureTourism => K::DomainCultureTourism,
        Domain::CivilAffairs => K::DomainCivilAffairs,
        Domain::UnpaidBills => K::DomainUnpaidBills,
        Domain::Permits => K::DomainPermits,
        Domain::Other => K::DomainOther,
    }
}

pub fn status(v: MessageStatus) -> K {
    match v {
        MessageStatus::Submitted => K::StatusSubmitted,
        MessageStatus::Rejected => K::StatusRejected,
        MessageStatus::Accepted => K::StatusAccepted,
        MessageStatus::Assigned => K::StatusAssigned,
        MessageStatus::ReplyInReview => K::StatusReplyInReview,
        MessageStatus::Replied => K::StatusReplied,
        MessageStatus::Reopened => K::StatusReopened,
        MessageStatus::Closed => K::StatusClosed,
    }
}

pub fn event(v: EventKind) -> K {
    match v {
        EventKind::Submitted => K::EventSubmitted,
        EventKind::Accepted => K::EventAccepted,
        EventKind::Rejected => K::EventRejected,
        EventKind::Assigned => K::EventAssigned,
        EventKind::Transferred => K::EventTransferred,
        EventKind::ReplyDrafted => K::EventReplyDrafted,
        EventKind::ReplySubmitted => K::EventReplySubmitted,
        EventKind::ReplyReturned => K::EventReplyReturned,
        EventKind::ReplyPublished => K::EventReplyPublished,
        EventKind::Rated => K::EventRated,
        EventKind::Reopened => K::EventReopened,
        EventKind::Closed => K::EventClosed,
        EventKind::Instructed => K::EventInstructed,
        EventKind::FollowUpAsked => K::EventFollowUpAsked,
        EventKind::FollowUpAnswered => K::EventFollowUpAnswered,
        EventKind::SupervisionOpened => K::EventSupervisionOpened,
        EventKind::SupervisionResponded => K::EventSupervisionResponded,
        EventKind::SupervisionEscalated => K::EventSupervisionEscalated,
        EventKind::SupervisionClosed => K::EventSupervisionClosed,
    }
}

pub fn role(v: Role) -> K {
    match v {
        Role::Citizen => K::RoleCitizen,
        Role::Enterprise => K::RoleEnterprise,
        Role::UnitStaff => K::RoleUnitStaff,
        Role::LeaderOffice => K::RoleLeaderOffice,
        Role::Moderator => K::RoleModerator,
        Role::Admin => K::RoleAdmin,
    }
}

pub fn priority(v: Priority) -> K {
    match v {
        Priority::Normal => K::PriorityNormal,
        Priority::High => K::PriorityHigh,
        Priority::Urgent => K::PriorityUrgent,
    }
}

/// The built-in SLA tiers by name; an admin's own tier is shown by its code.
pub fn sla_tier(code: &str) -> Option<K> {
    match code {
        "urgent" => Some(K::SlaUrgent),
        "utilities" => Some(K::SlaUtilities),
        "standard" => Some(K::SlaStandard),
        _ => None,
    }
}

/// "3 days left" / "5 hours left" for a deadline still ahead.
pub fn time_left(seconds: i64, l: Locale) -> String {
    let (k, n) =
        if seconds >= 86_400 { (K::DaysLeft, seconds / 86_400) } else { (K::HoursLeft, (seconds + 3599) / 3600) };
    k.get(l).replace("{}", &n.to_string())
}

pub fn satisfaction(v: Satisfaction) -> K {
    match v {
        Satisfaction::Satisfied => K::SatSatisfied,
        Satisfaction::BasicallySatisfied => K::SatBasicallySatisfied,
        Satisfaction::Dissatisfied => K::SatDissatisfied,
    }
}

pub fn reply_status(v: ReplyStatus) -> K {
    match v {
        ReplyStatus::Draft => K::ReplyDraft,
        ReplyStatus::InReview => K::ReplyInReview,
        ReplyStatus::Returned => K::ReplyReturned,
        ReplyStatus::Published => K::ReplyPublished,
    }
}

pub fn campaign_phase(v: CampaignPhase) -> K {
    match v {
        CampaignPhase::Draft => K::PhaseDraft,
        CampaignPhase::Upcoming => K::PhaseUpcoming,
        CampaignPhase::Open => K::PhaseOpen,
        CampaignPhase::Closed => K::PhaseClosed,
        CampaignPhase::ResultsPublished => K::PhaseResultsPublished,
    }
}

pub fn suggestion_status(v: SuggestionStatus) -> K {
    match v {
        SuggestionStatus::Submitted => K::SugSubmitted,
        SuggestionStatus::Rejected => K::SugRejected,
        SuggestionStatus::Published => K::SugPublished,
        SuggestionStatus::Shortlisted => K::SugShortlisted,
        SuggestionStatus::Adopted => K::SugAdopted,
        SuggestionStatus::Awarded => K::SugAwarded,
        SuggestionStatus::NotAdopted => K::SugNotAdopted,
    }
}

pub fn review_outcome(v: ReviewOutcome) -> K {
    match v {
        ReviewOutcome::Shortlisted => K::SugShortlisted,
        ReviewOutcome::Adopted => K::SugAdopted,
        ReviewOutcome::Awarded => K::SugAwarded,
        ReviewOutcome::NotAdopted => K::SugNotAdopted,
    }
}

pub fn topic_writers(v: TopicWriters) -> K {
    match v {
        TopicWriters::Everyone => K::WritersEveryone,
        TopicWriters::Enterprises => K::WritersEnterprises,
    }
}

/// A problem's headline in the user's language, from its stable `code`. The one table of codes to
/// words; [`problem_text`] adds the wait of a 429.
pub fn problem(e: &ApiError) -> K {
    match e.code() {
        "network" => K::ErrNetwork,
        "validation_failed" => K::ErrValidation,
        "invalid_credentials" => K::ErrCredentials,
        "account_exists" => K::ErrAccountExists,
        "not_allowed_in_state" | "reply_not_draft" | "reply_not_in_review" => K::ErrState,
        "forbidden" => K::ErrForbidden,
        "not_found" => K::ErrNotFound,
        "account_disabled" => K::ErrDisabled,
        "already_rated" => K::ErrAlreadyRated,
        "same_unit" => K::ErrSameUnit,
        "concurrent_update" => K::ErrConcurrent,
        "campaign_not_open" => K::ErrCampaignNotOpen,
        "campaign_rules" => K::ErrCampaignRules,
        "suggestion_limit" => K::ErrSuggestionLimit,
        "results_not_published" => K::ErrResultsNotPublished,
        "unauthenticated" | "invalid_token" | "token_expired" => K::ErrLogin,
        "login_locked" => K::ErrLoginLockedLater,
        "rate_limited" | "http_429" => K::ErrRateLimitedLater,
        _ => K::ErrOther,
    }
}

/// A problem's headline as the user reads it: [`problem`]'s words, with the wait filled in for a 429
/// (`retry_after`, seconds): a locked login in whole minutes, rounded up; other limits in seconds
/// under a minute, else in minutes.
pub fn problem_text(e: &ApiError, l: Locale) -> String {
    let k = problem(e);
    let Some(secs) = e.retry_after().filter(|s| *s > 0) else { return k.get(l).to_string() };
    let count = |n: i64, one: K, many: K| {
        if n == 1 { one.get(l).to_string() } else { many.get(l).replace("{}", &n.to_string()) }
    };
    let minutes = count((secs + 59) / 60, K::OneMinute, K::MinutesN);
    let (with_wait, wait) = match k {
        K::ErrLoginLockedLater => (K::ErrLoginLocked, minutes),
        K::ErrRateLimitedLater if secs < 60 => (K::ErrRateLimited, count(secs, K::OneSecond, K::SecondsN)),
        K::ErrRateLimitedLater => (K::ErrRateLimited, minutes),
        _ => return k.get(l).to_string(),
    };
    with_wait.get(l).replace("{}", &wait)
}

/// Whether the headline says all there is: a validation problem's details stand under its fields, and
/// a 429's English detail only repeats the wait.
pub fn headline_says_all(e: &ApiError) -> bool {
    matches!(problem(e), K::ErrValidation | K::ErrLoginLockedLater | K::ErrRateLimitedLater)
}

/// A field error's message in the user's language. Reasons with a code of their own (the password
/// policy, the text rules, a wrong current password) are worded here from the code, in every language;
/// the API's other English messages follow a few patterns (see crates/http/src/error.rs `describe`),
/// translated from those; anything else is shown as sent.
pub fn field_message(field: &str, code: &str, message: &str, l: Locale) -> String {
    let worded = match (field, code) {
        // In English the server's words carry zxcvbn's advice for this very password.
        (_, "too_weak") if l == Locale::En && !message.is_empty() => None,
        (_, "too_weak") => Some(K::FieldTooWeak),
        (_, "personal_info") => Some(K::FieldPersonalInfo),
        ("current_password", "mismatch") => Some(K::FieldCurrentPasswordWrong),
        ("password_confirm", "mismatch") => Some(K::FieldConfirmMismatch),
        _ => None,
    };
    if let Some(k) = worded {
        return k.get(l).to_string();
    }
    if let Some(text) = text_rule_message(code, message, l) {
        return text;
    }
    if l == Locale::En {
        return message.to_string();
    }
    let chars = if l == Locale::ZhCn { "个字符" } else { "個字元" };
    let nums: Vec<&str> = message.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect();
    match (code, message) {
        (_, "must not be blank") => K::FieldRequired.get(l).to_string(),
        (_, "must be an e-mail address") => K::FieldEmail.get(l).to_string(),
        (_, m) if m.starts_with("must be a mainland mobile number") => K::FieldMobile.get(l).to_string(),
        ("length", m) if m.starts_with("must be between") && nums.len() == 2 => {
            let fmt = if l == Locale::ZhCn { "长度应为" } else { "長度應為" };
            format!("{fmt} {}–{} {chars}", nums[0], nums[1])
        }
        ("length", m) if m.starts_with("must be at most") && nums.len() == 1 => {
            let fmt = if l == Locale::ZhCn { "不能超过" } else { "不能超過" };
            format!("{fmt} {} {chars}", nums[0])
        }
        ("length", m) if m.starts_with("must be at least") && nums.len() == 1 => format!("至少 {} {chars}", nums[0]),
        ("range", m) if m.starts_with("must be between") && nums.len() == 2 => {
            let (fmt, between) = if l == Locale::ZhCn { ("应在", "之间") } else { ("應在", "之間") };
            format!("{fmt} {}–{} {between}", nums[0], nums[1])
        }
        _ => message.to_string(),
    }
}

/// The text rules' reasons (crates/domain/src/text.rs): the reason from the code, then which character
/// it is, when the message names it (`… U+202E at position 2`, counted from 0; people count from 1).
fn text_rule_message(code: &str, message: &str, l: Locale) -> Option<String> {
    let k = match code {
        "line_break" => K::FieldLineBreak,
        "control_character" => K::FieldControlCharacter,
        "bidi_control" => K::FieldBidiControl,
        "invisible_character" => K::FieldInvisibleCharacter,
        "noncharacter" => K::FieldNoncharacter,
        _ => return None,
    };
    let code_point = (code != "line_break")
        .then(|| message.split_whitespace().find(|w| w.starts_with("U+") && w.len() > 2))
        .flatten();
    let position = message
        .split_whitespace()
        .skip_while(|w| *w != "position")
        .nth(1)
        .and_then(|n| n.parse::<u64>().ok())
        .map(|n| K::FieldCharacterAt.get(l).replace("{}", &(n + 1).to_string()));
    let which: Vec<String> = code_point.map(str::to_string).into_iter().chain(position).collect();
    let text = k.get(l);
    Some(match (which.is_empty(), l) {
        (true, _) => text.to_string(),
        (false, Locale::En) => format!("{text} ({})", which.join(", ")),
        (false, _) => format!("{text}（{}）", which.join("，")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_text_in_every_language() {
        for k in K::ALL {
            for l in Locale::ALL {
                // A Chinese word order needs a suffix English does without.
                if *k == K::DueSuffix && l == Locale::En {
                    continue;
                }
                assert!(!k.get(l).trim().is_empty(), "{k:?} is empty in {}", l.tag());
            }
        }
    }

    #[test]
    fn the_apis_field_messages_read_in_chinese() {
        let cn = Locale::ZhCn;
        assert_eq!(field_message("title", "required", "must not be blank", cn), "不能为空");
        assert_eq!(
            field_message("password", "length", "must be between 8 and 128 characters", cn),
            "长度应为 8–128 个字符"
        );
        assert_eq!(
            field_message("title", "length", "must be at most 100 characters", Locale::ZhTw),
            "不能超過 100 個字元"
        );
        assert_eq!(field_message("score", "range", "must be between 1 and 5", cn), "应在 1–5 之间");
        assert_eq!(field_message("x", "format", "something new", cn), "something new");
        assert_eq!(
            field_message("title", "length", "must be at most 100 characters", Locale::En),
            "must be at most 100 characters"
        );
    }

    #[test]
    fn password_reasons_are_worded_from_their_codes() {
        let weak = "is too easy to guess: This is a top-10 common password.";
        assert!(field_message("password", "too_weak", weak, Locale::ZhCn).contains("太容易被猜到"));
        assert!(field_message("password", "too_weak", weak, Locale::ZhTw).contains("太容易被猜到"));
        assert_eq!(field_message("password", "too_weak", weak, Locale::En), weak);
        assert!(field_message("password", "personal_info", "whatever", Locale::ZhCn).contains("手机号"));
        assert_eq!(field_message("current_password", "mismatch", "x", Locale::ZhTw), "目前密碼不正確");
        assert_eq!(field_message("code", "mismatch", "the code must match", Locale::En), "the code must match");
    }

    #[test]
    fn text_rules_name_the_character_counting_from_one() {
        let m = "contains the bidirectional control character U+202E at position 2";
        assert_eq!(
            field_message("title", "bidi_control", m, Locale::ZhCn),
            "含有文字方向控制字符，请删除（U+202E，第 3 个字符）"
        );
        assert_eq!(
            field_message("title", "bidi_control", m, Locale::En),
            "contains a bidirectional control character; remove it (U+202E, character 3)"
        );
        let line = "contains the line break U+000A at position 5";
        assert_eq!(field_message("title", "line_break", line, Locale::ZhTw), "只能填寫一行，不能換行（第 6 個字元）");
        assert_eq!(field_message("name", "invisible_character", "", Locale::ZhCn), "含有不可见字符，请删除");
    }

    fn problem(code: &str, retry_after: Option<i64>) -> ApiError {
        ApiError::Problem(crate::api::Problem { code: code.into(), status: 429, retry_after, ..Default::default() })
    }

    #[test]
    fn a_429_says_how_long_to_wait() {
        let locked = problem("login_locked", Some(150));
        assert_eq!(problem_text(&locked, Locale::ZhCn), "密码错误次数过多，登录已锁定，请 3 分钟后再试。");
        assert_eq!(problem_text(&locked, Locale::ZhTw), "密碼錯誤次數過多，登入已鎖定，請 3 分鐘後再試。");
        assert_eq!(
            problem_text(&problem("login_locked", Some(60)), Locale::En),
            "Too many wrong passwords: logging in is locked. Try again in 1 minute."
        );
        assert_eq!(problem_text(&problem("rate_limited", Some(42)), Locale::ZhCn), "操作过于频繁，请 42 秒后再试。");
        assert_eq!(problem_text(&problem("rate_limited", Some(361)), Locale::ZhCn), "操作过于频繁，请 7 分钟后再试。");
        assert_eq!(
            problem_text(&problem("rate_limited", Some(1)), Locale::En),
            "Too many requests: try again in 1 second."
        );
        assert_eq!(problem_text(&problem("rate_limited", None), Locale::ZhTw), "操作過於頻繁，請稍後再試。");
        assert!(headline_says_all(&locked));
        assert!(!headline_says_all(&problem("not_found", None)));
    }

    #[test]
    fn time_left_counts_days_then_hours() {
        assert_eq!(time_left(3 * 86_400 + 5, Locale::ZhCn), "剩余 3 天");
        assert_eq!(time_left(3_601, Locale::En), "2 hours left");
    }

    #[test]
    fn chinese_variants_are_not_english() {
        // A format's name reads the same in every language.
        const SAME_EVERYWHERE: &[K] = &[K::ExportCsv, K::ExportXlsx];
        for k in K::ALL.iter().filter(|k| !SAME_EVERYWHERE.contains(k)) {
            if k.get(Locale::ZhCn) == k.get(Locale::En) && k.get(Locale::En).chars().any(|c| c.is_ascii_alphabetic()) {
                panic!("{k:?} is not translated into Chinese");
            }
        }
    }
}
