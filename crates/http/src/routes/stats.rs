//! The public statistics: figures of a scope over a range, trends, breakdowns and unit rankings, and a
//! leader's monthly report as JSON or CSV. Read from the maintained cells (`liuyan_persistence::stats`).

use actix_web::{HttpResponse, get, web};
use liuyan_domain::calendar::china;
use liuyan_domain::stats::{Facet, Grain, PeriodRange, RangeError, RankBy, Ranking, Scope};
use liuyan_domain::{Domain, MessageType};
use liuyan_persistence::reference;
use liuyan_persistence::stats::{self, Breakdown};

use crate::dto::{
    BreakdownQuery, BreakdownRow, HotWord, HotWords, HotWordsQuery, LeaderMonthlyReport, LeaderView,
    MonthlyReportQuery, RegionCode, StatsBreakdown, StatsBy, StatsGrain, StatsMeasures, StatsQuery, StatsSort,
    StatsSummary, StatsTrend, TrendPoint, TrendQuery,
};
use crate::error::{ApiError, ApiResult, NotFound, Unprocessable};
use crate::extract::known_region;
use crate::state::AppState;

fn grain_dto(g: Grain) -> StatsGrain {
    match g {
        Grain::All => StatsGrain::All,
        Grain::Year => StatsGrain::Year,
        Grain::Month => StatsGrain::Month,
        Grain::Day => StatsGrain::Day,
    }
}

fn grain_of(g: StatsGrain) -> Grain {
    match g {
        StatsGrain::All => Grain::All,
        StatsGrain::Year => Grain::Year,
        StatsGrain::Month => Grain::Month,
        StatsGrain::Day => Grain::Day,
    }
}

/// At most one of region, leader and unit; each must exist.
async fn scope(
    state: &AppState,
    region: Option<&RegionCode>,
    leader: Option<i64>,
    unit: Option<i64>,
) -> ApiResult<Scope> {
    let given = usize::from(region.is_some()) + usize::from(leader.is_some()) + usize::from(unit.is_some());
    if given > 1 {
        return Err(ApiError::field("region", "one_scope", "give at most one of region, leader and unit"));
    }
    let conn = &state.db.read;
    if let Some(code) = region {
        known_region(&state.db, code.as_str()).await?;
        return Ok(Scope::Region(code.0.clone()));
    }
    if let Some(id) = leader {
        reference::get_leader(conn, id).await.map_err(|_| ApiError::field("leader", "unknown", "no such leader"))?;
        return Ok(Scope::Leader(id));
    }
    if let Some(id) = unit {
        reference::get_unit(conn, id).await.map_err(|_| ApiError::field("unit", "unknown", "no such unit"))?;
        return Ok(Scope::Unit(id));
    }
    Ok(Scope::All)
}

fn facet(domain: Option<Domain>, message_type: Option<MessageType>) -> ApiResult<Facet> {
    match (domain, message_type) {
        (Some(_), Some(_)) => Err(ApiError::field("domain", "one_facet", "give at most one of domain and type")),
        (Some(d), None) => Ok(Facet::Domain(d)),
        (None, Some(t)) => Ok(Facet::Type(t)),
        (None, None) => Ok(Facet::All),
    }
}

fn range_error(e: RangeError) -> ApiError {
    let field = match e {
        RangeError::Malformed(f) => f,
        RangeError::MixedGrains | RangeError::Backwards | RangeError::TooLong { .. } => "to",
    };
    let code = match e {
        RangeError::Malformed(_) => "format",
        RangeError::MixedGrains => "mixed_grains",
        RangeError::Backwards => "backwards",
        RangeError::TooLong { .. } => "too_long",
    };
    ApiError::field(field, code, e.to_string())
}

fn today(state: &AppState) -> chrono::NaiveDate {
    state.db.now().with_timezone(&china()).date_naive()
}

/// `from`–`to` as given (both or neither), else the whole history.
fn range(from: &Option<String>, to: &Option<String>) -> ApiResult<PeriodRange> {
    match (from, to) {
        (Some(f), Some(t)) => PeriodRange::parse(f, t).map_err(range_error),
        (None, None) => Ok(PeriodRange::all()),
        (Some(_), None) => Err(ApiError::field("to", "required", "give to with from")),
        (None, Some(_)) => Err(ApiError::field("from", "required", "give from with to")),
    }
}

/// The range's first and last periods as answered: none for the whole history.
fn ends(range: &PeriodRange) -> (Option<String>, Option<String>) {
    match range.grain {
        Grain::All => (None, None),
        _ => (Some(range.from.clone()), Some(range.to.clone())),
    }
}

/// Figures of one scope (everything, a region with its cities, a leader or a unit), optionally one
/// domain or type, over a range of periods.
#[utoipa::path(tag = "statistics", params(StatsQuery), responses(
    (status = 200, description = "The figures", body = StatsSummary),
    (status = 422, response = Unprocessable),
))]
#[get("/stats/summary")]
pub async fn stats_summary(
    state: web::Data<AppState>,
    q: web::Query<StatsQuery>,
) -> ApiResult<web::Json<StatsSummary>> {
    let scope = scope(&state, q.region.as_ref(), q.leader, q.unit).await?;
    let facet = facet(q.domain, q.message_type)?;
    let range = range(&q.from, &q.to)?;
    let m = stats::measures(&state.db, &scope, &facet, &range).await?;
    let (from, to) = ends(&range);
    Ok(web::Json(StatsSummary { grain: grain_dto(range.grain), from, to, measures: m.into() }))
}

/// The hot words (热词) of everything or a region in a year, a month or the whole history: the
/// words most public messages were about.
#[utoipa::path(tag = "statistics", params(HotWordsQuery), responses(
    (status = 200, description = "The words, the most messages first", body = HotWords),
    (status = 422, response = Unprocessable),
))]
#[get("/stats/hot-words")]
pub async fn hot_words(state: web::Data<AppState>, q: web::Query<HotWordsQuery>) -> ApiResult<web::Json<HotWords>> {
    let scope = scope(&state, q.region.as_ref(), None, None).await?;
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::field("limit", "range", "limit must be 1 to 100"));
    }
    let (grain, period) = match &q.period {
        None => (Grain::All, "*".to_owned()),
        Some(p) => {
            let range = PeriodRange::parse(p, p)
                .map_err(|_| ApiError::field("period", "format", "period must be a year (2024) or month (2024-03)"))?;
            (range.grain, range.from)
        }
    };
    let words = stats::hot_words(&state.db, &scope, grain, &period, u64::from(limit)).await?;
    Ok(web::Json(HotWords {
        region: q.region.as_ref().map(|r| r.0.clone()),
        period: q.period.clone(),
        words: words.into_iter().map(|w| HotWord { word: w.word, messages: w.messages }).collect(),
    }))
}

/// Figures for each year, month or day of a range, empty periods included.
#[utoipa::path(tag = "statistics", params(TrendQuery), responses(
    (status = 200, description = "The series", body = StatsTrend),
    (status = 422, response = Unprocessable),
))]
#[get("/stats/trend")]
pub async fn trend(state: web::Data<AppState>, q: web::Query<TrendQuery>) -> ApiResult<web::Json<StatsTrend>> {
    let scope = scope(&state, q.region.as_ref(), q.leader, q.unit).await?;
    let facet = facet(q.domain, q.message_type)?;
    let grain = grain_of(q.grain.unwrap_or(StatsGrain::Month));
    let (count, most) = match grain {
        Grain::All => return Err(ApiError::field("grain", "all", "a trend is by year, month or day")),
        Grain::Year => (10, 50),
        Grain::Month => (12, 240),
        Grain::Day => (30, 366),
    };
    let range = match (&q.from, &q.to) {
        (None, None) => PeriodRange::last(grain, count, today(&state)),
        _ => range(&q.from, &q.to)?,
    };
    if range.grain != grain {
        return Err(ApiError::field(
            "from",
            "grain",
            format!("write the periods as {}s, as grain says", grain.as_str()),
        ));
    }
    let periods = range.periods(most).map_err(range_error)?;
    let points = stats::series(&state.db, &scope, &facet, &range, &periods).await?;
    Ok(web::Json(StatsTrend {
        grain: grain_dto(grain),
        from: range.from,
        to: range.to,
        points: points.into_iter().map(|(period, m)| TrendPoint { period, measures: m.into() }).collect(),
    }))
}

fn rank_by(sort: StatsSort) -> RankBy {
    match sort {
        StatsSort::Messages => RankBy::Messages,
        StatsSort::ReplyRate => RankBy::ReplyRate,
        StatsSort::OnTimeRate => RankBy::OnTimeRate,
        StatsSort::SatisfactionRate => RankBy::SatisfactionRate,
        StatsSort::AvgHandlingDays => RankBy::AvgHandlingDays,
        StatsSort::MedianHandlingDays => RankBy::MedianHandlingDays,
    }
}

fn numbered(rows: Vec<stats::BreakdownRow>) -> Vec<BreakdownRow> {
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| BreakdownRow { rank: i as u32 + 1, key: r.key, label: r.label, measures: r.measures.into() })
        .collect()
}

fn breakdown_of(by: StatsBy) -> Breakdown {
    match by {
        StatsBy::Domain => Breakdown::Domain,
        StatsBy::Type => Breakdown::Type,
        StatsBy::Region => Breakdown::Region,
        StatsBy::Leader => Breakdown::Leader,
        StatsBy::Unit => Breakdown::Unit,
    }
}

/// Figures split by domain, type, region, leader or unit, over a range; with `by=unit` and a `sort`
/// it is the unit ranking. Only rows with messages are listed.
#[utoipa::path(tag = "statistics", params(BreakdownQuery), responses(
    (status = 200, description = "The rows, ranked", body = StatsBreakdown),
    (status = 400, response = crate::error::BadRequest),
    (status = 422, response = Unprocessable),
))]
#[get("/stats/breakdown")]
pub async fn breakdown(
    state: web::Data<AppState>,
    q: web::Query<BreakdownQuery>,
) -> ApiResult<web::Json<StatsBreakdown>> {
    let scope = scope(&state, q.region.as_ref(), q.leader, q.unit).await?;
    let facet = facet(q.domain, q.message_type)?;
    let range = range(&q.from, &q.to)?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::field("limit", "range", "must be between 1 and 1000"));
    }
    let sort = q.sort.unwrap_or(StatsSort::Messages);
    let ranking =
        Ranking { by: rank_by(sort), min_messages: q.min_messages.unwrap_or(1).max(1), limit: limit as usize };
    let mut rows = stats::breakdown(&state.db, breakdown_of(q.by), &scope, &facet, &range, &ranking).await?;
    stats::add_labels(&state.db, &mut rows).await?;
    Ok(web::Json(StatsBreakdown {
        by: q.by,
        sort,
        grain: grain_dto(range.grain),
        from: ends(&range).0,
        to: ends(&range).1,
        rows: numbered(rows),
    }))
}

async fn monthly_report(state: &AppState, leader_id: i64, month: &Option<String>) -> ApiResult<LeaderMonthlyReport> {
    let leader = reference::get_leader(&state.db.read, leader_id).await?;
    let month = month.clone().unwrap_or_else(|| Grain::Month.period_of(today(state)));
    // From 0001-01 on: the report compares with the month before, which year 0 has none of.
    let bad_month = || ApiError::field("month", "format", "must be a month from 0001-01 on: YYYY-MM");
    let this = PeriodRange::parse(&month, &month)
        .ok()
        .filter(|r| r.grain == Grain::Month && !month.starts_with("0000"))
        .ok_or_else(bad_month)?;
    let previous =
        PeriodRange::previous_month(&month).and_then(|p| PeriodRange::parse(&p, &p).ok()).ok_or_else(bad_month)?;
    let year_to_date = PeriodRange::parse(&format!("{}-01", &month[..4]), &month).map_err(range_error)?;
    let db = &state.db;
    let scope = Scope::Leader(leader.id);
    let all = Ranking { by: RankBy::Messages, min_messages: 1, limit: 1000 };
    let region = Scope::Region(leader.region_code.clone());
    // Six reads of their own cells: at once, each on its own connection.
    let (measures, previous_month, ytd, by_domain, by_type, units) = futures::try_join!(
        stats::measures(db, &scope, &Facet::All, &this),
        stats::measures(db, &scope, &Facet::All, &previous),
        stats::measures(db, &scope, &Facet::All, &year_to_date),
        stats::breakdown(db, Breakdown::Domain, &scope, &Facet::All, &this, &all),
        stats::breakdown(db, Breakdown::Type, &scope, &Facet::All, &this, &all),
        stats::breakdown(db, Breakdown::Unit, &region, &Facet::All, &this, &all),
    )?;
    Ok(LeaderMonthlyReport {
        measures: measures.into(),
        previous_month: previous_month.into(),
        year_to_date: ytd.into(),
        by_domain: numbered(by_domain),
        by_type: numbered(by_type),
        units: numbered(units),
        month,
        leader: LeaderView::from(leader),
    })
}

/// A leader's monthly report (月度报告).
#[utoipa::path(tag = "statistics", params(("id" = i64, Path, description = "Leader id"), MonthlyReportQuery),
    responses(
        (status = 200, description = "The report", body = LeaderMonthlyReport),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ))]
#[get("/stats/leaders/{id}/monthly")]
pub async fn leader_monthly(
    state: web::Data<AppState>,
    id: web::Path<i64>,
    q: web::Query<MonthlyReportQuery>,
) -> ApiResult<web::Json<LeaderMonthlyReport>> {
    Ok(web::Json(monthly_report(&state, id.into_inner(), &q.month).await?))
}

const CSV_HEADER: [&str; 17] = [
    "section",
    "key",
    "label",
    "messages",
    "suggestions",
    "suggestion_share",
    "replied",
    "reply_rate",
    "on_time",
    "on_time_rate",
    "avg_handling_days",
    "median_handling_days",
    "rated",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "satisfaction_rate",
];

fn csv_record(section: &str, key: &str, label: &str, m: &StatsMeasures) -> Vec<String> {
    let rate = |v: Option<f64>| v.map(|x| format!("{x:.4}")).unwrap_or_default();
    let days = |v: Option<f64>| v.map(|x| format!("{x:.2}")).unwrap_or_default();
    vec![
        section.into(),
        key.into(),
        liuyan_domain::spreadsheet::csv_cell(label).into_owned(),
        m.messages.to_string(),
        m.suggestions.to_string(),
        rate(m.suggestion_share),
        m.replied.to_string(),
        rate(m.reply_rate),
        m.on_time.to_string(),
        rate(m.on_time_rate),
        days(m.avg_handling_days),
        days(m.median_handling_days),
        m.rated.to_string(),
        m.satisfied.to_string(),
        m.basically_satisfied.to_string(),
        m.dissatisfied.to_string(),
        rate(m.satisfaction_rate),
    ]
}

/// The same report as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese):
/// one row per figure set, the `section` column saying which (`month`, `previous_month`,
/// `year_to_date`, `domain`, `type`, `unit`).
#[utoipa::path(tag = "statistics", params(("id" = i64, Path, description = "Leader id"), MonthlyReportQuery),
    responses(
        (status = 200, description = "The report", content_type = "text/csv", body = String),
        (status = 404, response = NotFound),
        (status = 422, response = Unprocessable),
    ))]
#[get("/stats/leaders/{id}/monthly.csv")]
pub async fn leader_monthly_csv(
    state: web::Data<AppState>,
    id: web::Path<i64>,
    q: web::Query<MonthlyReportQuery>,
) -> ApiResult<HttpResponse> {
    let r = monthly_report(&state, id.into_inner(), &q.month).await?;
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let internal = |e: csv::Error| ApiError::Internal(e.to_string());
    w.write_record(CSV_HEADER).map_err(internal)?;
    w.write_record(csv_record("month", &r.month, &r.leader.name, &r.measures)).map_err(internal)?;
    let previous = PeriodRange::previous_month(&r.month).unwrap_or_default();
    w.write_record(csv_record("previous_month", &previous, &r.leader.name, &r.previous_month)).map_err(internal)?;
    w.write_record(csv_record("year_to_date", &r.month[..4], &r.leader.name, &r.year_to_date)).map_err(internal)?;
    for (section, rows) in [("domain", &r.by_domain), ("type", &r.by_type), ("unit", &r.units)] {
        for row in rows {
            w.write_record(csv_record(section, &row.key, &row.label, &row.measures)).map_err(internal)?;
        }
    }
    let body = w.into_inner().map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"leader-{}-{}.csv\"", r.leader.id, r.month),
        ))
        .body(body))
}
