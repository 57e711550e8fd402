//! The public statistics (统计): what one message counts for, and the measures read from the counts.
//!
//! Every message past screening counts in the period it was written (China time), in cells: its scope
//! (everything, its province, its city, its leader, its current unit) × its facet (all, its domain, its
//! type) × the year, month and day. Daily cells are kept for the all-facet only. A cell holds a
//! [`Tally`] and a histogram of handling days. When a message changes, the store takes away what it
//! counted before and adds what it counts now ([`changes`]), so the counts follow every event without
//! rescanning messages; a rebuild adds every message's cells from scratch.
//!
//! Definitions (the README repeats them for readers of the figures):
//! - **messages**: messages past screening (rejected and unscreened ones are not counted; private ones
//!   are, as numbers only).
//! - **replied**: those with a published reply. **Reply rate** = replied / messages.
//! - **on time**: the first reply was published by the deadline in force then. **On-time rate** =
//!   on time / replied.
//! - **handling days**: from writing to the first published reply. **Average** = total / replied;
//!   **median** over whole days (the time cut down to days), the mean of the middle two for an even count.
//! - **rated**: those whose writer has rated a reply; the latest rating is the one that counts.
//!   **Satisfaction rate** = (satisfied + basically satisfied) / rated.
//! - **suggestions' share** = messages of type suggestion / messages.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use crate::calendar::china;
use crate::message::{Domain, MessageType, Satisfaction};

const DAY_SECONDS: i64 = 86_400;

/// What the statistics need to know about one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatFacts {
    pub created_at: DateTime<Utc>,
    /// Past screening.
    pub counted: bool,
    pub message_type: MessageType,
    pub domain: Domain,
    pub province_code: String,
    pub region_code: String,
    pub leader_id: i64,
    pub unit_id: Option<i64>,
    pub first_answered_at: Option<DateTime<Utc>>,
    pub first_answer_on_time: bool,
    /// The latest rating's verdict.
    pub satisfaction: Option<Satisfaction>,
    pub closed: bool,
    /// On the public board (public and past screening): only these count for hot words.
    pub listed: bool,
    /// Its keywords (`words::keywords`), for hot words.
    pub keywords: Vec<String>,
}

/// The counts of a cell. Every measure is read from these (and the handling-days histogram).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub messages: i64,
    pub suggestions: i64,
    pub replied: i64,
    pub on_time: i64,
    pub handling_seconds: i64,
    pub rated: i64,
    pub satisfied: i64,
    pub basically_satisfied: i64,
    pub dissatisfied: i64,
    pub closed: i64,
}

impl Tally {
    /// What one message counts.
    pub fn of(f: &StatFacts) -> Tally {
        if !f.counted {
            return Tally::default();
        }
        let one = |b: bool| i64::from(b);
        let answered = f.first_answered_at.map(|at| (at - f.created_at).num_seconds().max(0));
        Tally {
            messages: 1,
            suggestions: one(f.message_type == MessageType::Suggestion),
            replied: one(answered.is_some()),
            on_time: one(answered.is_some() && f.first_answer_on_time),
            handling_seconds: answered.unwrap_or(0),
            rated: one(f.satisfaction.is_some()),
            satisfied: one(f.satisfaction == Some(Satisfaction::Satisfied)),
            basically_satisfied: one(f.satisfaction == Some(Satisfaction::BasicallySatisfied)),
            dissatisfied: one(f.satisfaction == Some(Satisfaction::Dissatisfied)),
            closed: one(f.closed),
        }
    }

    pub fn add(&mut self, o: &Tally, sign: i64) {
        self.messages += sign * o.messages;
        self.suggestions += sign * o.suggestions;
        self.replied += sign * o.replied;
        self.on_time += sign * o.on_time;
        self.handling_seconds += sign * o.handling_seconds;
        self.rated += sign * o.rated;
        self.satisfied += sign * o.satisfied;
        self.basically_satisfied += sign * o.basically_satisfied;
        self.dissatisfied += sign * o.dissatisfied;
        self.closed += sign * o.closed;
    }

    pub fn is_zero(&self) -> bool {
        *self == Tally::default()
    }
}

/// Whole days from writing to the first published reply, for the median.
pub fn handling_days(f: &StatFacts) -> Option<i64> {
    f.counted.then_some(())?;
    f.first_answered_at.map(|at| (at - f.created_at).num_seconds().max(0) / DAY_SECONDS)
}

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grain {
    /// The whole history: one cell per scope and facet, so all-time figures and rankings read a row
    /// per key instead of summing years.
    All,
    Year,
    Month,
    Day,
}

impl Grain {
    pub const ALL: [Grain; 4] = [Grain::All, Grain::Year, Grain::Month, Grain::Day];

    /// The one-letter code stored with a cell.
    pub fn code(self) -> &'static str {
        match self {
            Grain::All => "a",
            Grain::Year => "y",
            Grain::Month => "m",
            Grain::Day => "d",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Grain::All => "all",
            Grain::Year => "year",
            Grain::Month => "month",
            Grain::Day => "day",
        }
    }

    pub fn parse(s: &str) -> Option<Grain> {
        Grain::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The period (`*`, `2024`, `2024-03`, `2024-03-05`) a day falls in.
    pub fn period_of(self, day: NaiveDate) -> String {
        match self {
            Grain::All => "*".into(),
            Grain::Year => day.format("%Y").to_string(),
            Grain::Month => day.format("%Y-%m").to_string(),
            Grain::Day => day.format("%Y-%m-%d").to_string(),
        }
    }

    /// The grain a period is written in, and its first day.
    fn read(period: &str) -> Option<(Grain, NaiveDate)> {
        let (grain, day) = match period.len() {
            4 => (Grain::Year, format!("{period}-01-01")),
            7 => (Grain::Month, format!("{period}-01")),
            10 => (Grain::Day, period.to_owned()),
            _ => return None,
        };
        let first = NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()?;
        // Reject `2024-3` or `+2024`: the period must be written the one way we write it.
        (grain.period_of(first) == period).then_some((grain, first))
    }

    fn next(self, day: NaiveDate) -> Option<NaiveDate> {
        match self {
            Grain::All => None,
            Grain::Year => day.with_year(day.year() + 1),
            Grain::Month => day.checked_add_months(Months::new(1)),
            Grain::Day => day.succ_opt(),
        }
    }
}

/// Whose messages a figure counts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    All,
    /// A province or city with the cities under it.
    Region(String),
    Leader(i64),
    Unit(i64),
}

impl Scope {
    pub fn key(&self) -> String {
        match self {
            Scope::All => "*".into(),
            Scope::Region(code) => format!("r:{code}"),
            Scope::Leader(id) => format!("l:{id}"),
            Scope::Unit(id) => format!("u:{id}"),
        }
    }
}

/// Which part of a scope's messages a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    All,
    Domain(Domain),
    Type(MessageType),
}

impl Facet {
    pub fn key(&self) -> String {
        match self {
            Facet::All => "*".into(),
            Facet::Domain(d) => format!("d:{d}"),
            Facet::Type(t) => format!("t:{t}"),
        }
    }

    /// Whether handling-days histograms (and so medians) are kept: for the all-facet only, as a
    /// histogram per domain and type would multiply the rows for a figure few read.
    pub fn keeps_days(&self) -> bool {
        *self == Facet::All
    }
}

/// Whether cells of this scope, facet and grain are kept. Daily cells are kept for everything and for
/// regions, all domains and types: per-day rows for each leader, unit or domain would be mostly rows
/// of one message.
pub fn kept(scope: &Scope, facet: &Facet, grain: Grain) -> bool {
    grain != Grain::Day || (*facet == Facet::All && matches!(scope, Scope::All | Scope::Region(_)))
}

/// One cell of the statistics.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    pub scope: String,
    pub facet: String,
    pub grain: Grain,
    pub period: String,
}

/// The cells one message counts in (none before screening).
pub fn cells(f: &StatFacts) -> Vec<CellKey> {
    if !f.counted {
        return Vec::new();
    }
    let mut scopes = vec![Scope::All, Scope::Region(f.province_code.clone())];
    if f.region_code != f.province_code {
        scopes.push(Scope::Region(f.region_code.clone()));
    }
    scopes.push(Scope::Leader(f.leader_id));
    if let Some(unit) = f.unit_id {
        scopes.push(Scope::Unit(unit));
    }
    let facets = [Facet::All, Facet::Domain(f.domain), Facet::Type(f.message_type)];
    let day = f.created_at.with_timezone(&china()).date_naive();
    let mut out = Vec::with_capacity(scopes.len() * 7);
    for scope in &scopes {
        for facet in &facets {
            for grain in Grain::ALL.into_iter().filter(|g| kept(scope, facet, *g)) {
                out.push(CellKey { scope: scope.key(), facet: facet.key(), grain, period: grain.period_of(day) });
            }
        }
    }
    out
}

/// Grains hot words are counted by: a day's messages are too few to have hot words.
pub const WORD_GRAINS: [Grain; 3] = [Grain::All, Grain::Year, Grain::Month];

/// One count of a hot word: the messages of a scope (everything or a region) and period it is a
/// keyword of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WordKey {
    pub scope: String,
    pub grain: Grain,
    pub period: String,
    pub word: String,
}

/// The hot-word counts a message adds to: its keywords, in everything, its province and its city,
/// by the period it was written — if it is on the public board (private messages' words are theirs).
pub fn word_cells(f: &StatFacts) -> Vec<WordKey> {
    if !f.listed || f.keywords.is_empty() {
        return Vec::new();
    }
    let mut scopes = vec![Scope::All, Scope::Region(f.province_code.clone())];
    if f.region_code != f.province_code {
        scopes.push(Scope::Region(f.region_code.clone()));
    }
    let day = f.created_at.with_timezone(&china()).date_naive();
    let mut out = Vec::with_capacity(scopes.len() * WORD_GRAINS.len() * f.keywords.len());
    for scope in &scopes {
        for grain in WORD_GRAINS {
            for word in &f.keywords {
                out.push(WordKey { scope: scope.key(), grain, period: grain.period_of(day), word: word.clone() });
            }
        }
    }
    out
}

/// What to add to the cells when a message goes from `before` (None: it is new) to `after`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub tallies: BTreeMap<CellKey, Tally>,
    /// (cell, whole handling days) → messages to add.
    pub days: BTreeMap<(CellKey, i64), i64>,
    /// Hot-word count → messages to add.
    pub words: BTreeMap<WordKey, i64>,
}

impl Changes {
    /// Adds `sign` times what `f` counts.
    pub fn count(&mut self, f: &StatFacts, sign: i64) {
        for word in word_cells(f) {
            *self.words.entry(word).or_default() += sign;
        }
        let tally = Tally::of(f);
        if tally.is_zero() {
            return;
        }
        let days = handling_days(f);
        for cell in cells(f) {
            if let Some(d) = days.filter(|_| cell.facet == "*") {
                *self.days.entry((cell.clone(), d)).or_default() += sign;
            }
            self.tallies.entry(cell).or_default().add(&tally, sign);
        }
    }

    /// Drops the cells whose changes cancel out.
    pub fn settle(mut self) -> Changes {
        self.tallies.retain(|_, t| !t.is_zero());
        self.days.retain(|_, n| *n != 0);
        self.words.retain(|_, n| *n != 0);
        self
    }
}

pub fn changes(before: Option<&StatFacts>, after: &StatFacts) -> Changes {
    let mut c = Changes::default();
    if let Some(b) = before {
        c.count(b, -1);
    }
    c.count(after, 1);
    c.settle()
}

/// The figures people read, from a tally and its handling-days histogram.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Measures {
    pub tally: Tally,
    pub suggestion_share: Option<f64>,
    pub reply_rate: Option<f64>,
    pub on_time_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    pub avg_handling_days: Option<f64>,
    pub median_handling_days: Option<f64>,
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Measures {
    /// `days`: (whole handling days, messages), in any order.
    pub fn new(tally: Tally, days: &[(i64, i64)]) -> Measures {
        Measures {
            suggestion_share: ratio(tally.suggestions, tally.messages),
            reply_rate: ratio(tally.replied, tally.messages),
            on_time_rate: ratio(tally.on_time, tally.replied),
            satisfaction_rate: ratio(tally.satisfied + tally.basically_satisfied, tally.rated),
            avg_handling_days: ratio(tally.handling_seconds, tally.replied * DAY_SECONDS),
            median_handling_days: median(days),
            tally,
        }
    }
}

/// The median of a histogram of whole days: the middle value, or the mean of the middle two.
pub fn median(days: &[(i64, i64)]) -> Option<f64> {
    let mut merged: BTreeMap<i64, i64> = BTreeMap::new();
    for (d, n) in days {
        *merged.entry(*d).or_default() += n;
    }
    merged.retain(|_, n| *n > 0);
    let total: i64 = merged.values().sum();
    if total == 0 {
        return None;
    }
    // The 0-based positions of the middle one or two values.
    let (lo, hi) = ((total - 1) / 2, total / 2);
    let mut seen = 0;
    let (mut at_lo, mut at_hi) = (None, None);
    for (d, n) in merged {
        if at_lo.is_none() && lo < seen + n {
            at_lo = Some(d);
        }
        if hi < seen + n {
            at_hi = Some(d);
            break;
        }
        seen += n;
    }
    Some((at_lo? + at_hi?) as f64 / 2.0)
}

/// What a ranking (排名) orders rows by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankBy {
    Messages,
    ReplyRate,
    OnTimeRate,
    SatisfactionRate,
    AvgHandlingDays,
    MedianHandlingDays,
}

impl RankBy {
    /// The value ranked, larger first: days are negated, so the fastest lead.
    pub fn value(self, m: &Measures) -> Option<f64> {
        match self {
            RankBy::Messages => Some(m.tally.messages as f64),
            RankBy::ReplyRate => m.reply_rate,
            RankBy::OnTimeRate => m.on_time_rate,
            RankBy::SatisfactionRate => m.satisfaction_rate,
            RankBy::AvgHandlingDays => m.avg_handling_days.map(|d| -d),
            RankBy::MedianHandlingDays => m.median_handling_days.map(|d| -d),
        }
    }
}

/// A ranking: the rows with at least `min_messages`, ordered by the measure (rows without it last),
/// then more messages first, then the key; the first `limit` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranking {
    pub by: RankBy,
    pub min_messages: i64,
    pub limit: usize,
}

impl Ranking {
    /// Every row with messages, most first.
    pub const ALL_BY_MESSAGES: Ranking = Ranking { by: RankBy::Messages, min_messages: 1, limit: usize::MAX };

    pub fn rank<T>(&self, rows: Vec<T>, measures: impl Fn(&T) -> &Measures, key: impl Fn(&T) -> &str) -> Vec<T> {
        let mut rows: Vec<T> = rows.into_iter().filter(|r| measures(r).tally.messages >= self.min_messages).collect();
        rows.sort_by(|a, b| {
            let (ma, mb) = (measures(a), measures(b));
            let (x, y) = (self.by.value(ma), self.by.value(mb));
            // Descending; `None` (no replies, no ratings) sorts below every value.
            y.partial_cmp(&x)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(mb.tally.messages.cmp(&ma.tally.messages))
                .then(key(a).cmp(key(b)))
        });
        rows.truncate(self.limit);
        rows
    }
}

/// A span of whole periods of one grain, both ends included: `2024`–`2025`, `2024-01`–`2024-06`,
/// `2024-03-01`–`2024-03-31`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodRange {
    pub grain: Grain,
    pub from: String,
    pub to: String,
}

/// Why a period range was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    /// Not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Malformed(&'static str),
    /// `from` and `to` written in different grains.
    MixedGrains,
    /// `to` before `from`.
    Backwards,
    /// More periods than one answer lists.
    TooLong { most: usize },
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RangeError::Malformed(field) => {
                write!(f, "{field} must be a year (2024), month (2024-03) or day (2024-03-05)")
            }
            RangeError::MixedGrains => f.write_str("from and to must be written alike: both years, months or days"),
            RangeError::Backwards => f.write_str("to must not be before from"),
            RangeError::TooLong { most } => write!(f, "at most {most} periods at a time"),
        }
    }
}

impl PeriodRange {
    pub fn parse(from: &str, to: &str) -> Result<PeriodRange, RangeError> {
        let (grain, first) = Grain::read(from).ok_or(RangeError::Malformed("from"))?;
        let (to_grain, last) = Grain::read(to).ok_or(RangeError::Malformed("to"))?;
        if grain != to_grain {
            return Err(RangeError::MixedGrains);
        }
        if last < first {
            return Err(RangeError::Backwards);
        }
        Ok(PeriodRange { grain, from: from.to_owned(), to: to.to_owned() })
    }

    /// The whole history.
    pub fn all() -> PeriodRange {
        PeriodRange { grain: Grain::All, from: "*".into(), to: "*".into() }
    }

    /// The `n` periods of `grain` ending with the one holding `day`.
    pub fn last(grain: Grain, n: u32, day: NaiveDate) -> PeriodRange {
        let first = match grain {
            Grain::All => return PeriodRange::all(),
            Grain::Year => day.with_year(day.year() - (n as i32 - 1)),
            Grain::Month => day.checked_sub_months(Months::new(n - 1)),
            Grain::Day => day.checked_sub_days(chrono::Days::new(u64::from(n - 1))),
        }
        .unwrap_or(day);
        PeriodRange { grain, from: grain.period_of(first), to: grain.period_of(day) }
    }

    /// Every period of the range in order, for series without gaps; refused past `most`.
    pub fn periods(&self, most: usize) -> Result<Vec<String>, RangeError> {
        if self.grain == Grain::All {
            return Ok(vec!["*".into()]);
        }
        let (_, mut day) = Grain::read(&self.from).ok_or(RangeError::Malformed("from"))?;
        let mut out = Vec::new();
        loop {
            let p = self.grain.period_of(day);
            if p > self.to {
                return Ok(out);
            }
            if out.len() == most {
                return Err(RangeError::TooLong { most });
            }
            out.push(p);
            match self.grain.next(day) {
                Some(next) => day = next,
                None => return Ok(out),
            }
        }
    }

    /// The month before `month` (`YYYY-MM`).
    pub fn previous_month(month: &str) -> Option<String> {
        let (grain, first) = Grain::read(month)?;
        (grain == Grain::Month).then_some(())?;
        Some(Grain::Month.period_of(first.checked_sub_months(Months::new(1))?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn facts() -> StatFacts {
        StatFacts {
            // 23:30 UTC on 31 December 2023 is already 1 January 2024 in China.
            created_at: Utc.with_ymd_and_hms(2023, 12, 31, 23, 30, 0).unwrap(),
            counted: true,
            message_type: MessageType::Complaint,
            domain: Domain::Environment,
            province_code: "440000".into(),
            region_code: "440100".into(),
            leader_id: 7,
            unit_id: Some(9),
            first_answered_at: None,
            first_answer_on_time: false,
            satisfaction: None,
            closed: false,
            listed: true,
            keywords: vec!["噪音".into(), "扰民".into()],
        }
    }

    #[test]
    fn hot_words_count_public_messages_by_region_and_period() {
        let words = word_cells(&facts());
        // 2 words × (everything, province, city) × (all time, year, month).
        assert_eq!(words.len(), 2 * 3 * 3);
        assert!(words.contains(&WordKey {
            scope: "r:440100".into(),
            grain: Grain::Month,
            period: "2024-01".into(),
            word: "噪音".into()
        }));
        assert!(word_cells(&StatFacts { listed: false, ..facts() }).is_empty());
        // Answering a public message leaves its words' counts as they were.
        let answered = StatFacts { first_answered_at: Some(facts().created_at), ..facts() };
        assert!(changes(Some(&facts()), &answered).words.is_empty());
        // Screening one in adds them, once each.
        let c = changes(Some(&StatFacts { listed: false, counted: false, ..facts() }), &facts());
        assert_eq!(c.words.len(), 18);
        assert!(c.words.values().all(|n| *n == 1));
    }

    #[test]
    fn a_message_counts_in_the_china_period_it_was_written() {
        let cells = cells(&facts());
        // 5 scopes × 3 facets × (all time, year, month), and days for everything and the two regions.
        assert_eq!(cells.len(), 5 * 9 + 3);
        let key = |scope: &str, facet: &str, grain, period: &str| CellKey {
            scope: scope.into(),
            facet: facet.into(),
            grain,
            period: period.into(),
        };
        assert!(cells.contains(&key("*", "*", Grain::Day, "2024-01-01")));
        assert!(cells.contains(&key("r:440100", "d:environment", Grain::Month, "2024-01")));
        assert!(cells.contains(&key("u:9", "t:complaint", Grain::Year, "2024")));
        assert!(cells.contains(&key("l:7", "*", Grain::All, "*")));
        assert!(!cells.iter().any(|c| c.grain == Grain::Day && (c.facet != "*" || c.scope.starts_with(['l', 'u']))));
    }

    #[test]
    fn a_province_level_message_counts_its_region_once() {
        let f = StatFacts { region_code: "440000".into(), unit_id: None, ..facts() };
        assert_eq!(cells(&f).len(), 3 * 9 + 2);
    }

    #[test]
    fn unscreened_messages_count_nothing() {
        let f = StatFacts { counted: false, ..facts() };
        assert!(cells(&f).is_empty());
        assert!(Tally::of(&f).is_zero());
        assert!(changes(None, &f).tallies.is_empty());
    }

    #[test]
    fn an_answer_moves_replied_and_the_histogram_only() {
        let before = facts();
        let after = StatFacts {
            first_answered_at: Some(before.created_at + chrono::Duration::hours(24 * 3 + 5)),
            first_answer_on_time: true,
            ..before.clone()
        };
        let c = changes(Some(&before), &after);
        assert_eq!(c.tallies.len(), 48);
        let t = c.tallies.values().next().unwrap();
        assert_eq!((t.messages, t.replied, t.on_time, t.handling_seconds), (0, 1, 1, (3 * 24 + 5) * 3600));
        // Histograms for the all-facet only: 5 scopes × 3 grains + 3 daily ones.
        assert_eq!(c.days.len(), 18);
        assert!(c.days.keys().all(|(k, d)| *d == 3 && k.facet == "*"));
    }

    #[test]
    fn a_transfer_moves_the_counts_between_units() {
        let before = facts();
        let after = StatFacts { unit_id: Some(10), ..before.clone() };
        let c = changes(Some(&before), &after);
        assert!(c.tallies.keys().all(|k| k.scope == "u:9" || k.scope == "u:10"));
        assert!(c.tallies.iter().all(|(k, t)| t.messages == if k.scope == "u:9" { -1 } else { 1 }));
    }

    #[test]
    fn measures_follow_the_definitions() {
        let t = Tally {
            messages: 10,
            suggestions: 2,
            replied: 4,
            on_time: 3,
            handling_seconds: 4 * DAY_SECONDS * 5 / 2,
            rated: 3,
            satisfied: 1,
            basically_satisfied: 1,
            dissatisfied: 1,
            closed: 2,
        };
        let m = Measures::new(t, &[(1, 1), (2, 1), (3, 1), (4, 1)]);
        assert_eq!(m.suggestion_share, Some(0.2));
        assert_eq!(m.reply_rate, Some(0.4));
        assert_eq!(m.on_time_rate, Some(0.75));
        assert_eq!(m.satisfaction_rate, Some(2.0 / 3.0));
        assert_eq!(m.avg_handling_days, Some(2.5));
        assert_eq!(m.median_handling_days, Some(2.5));
        let empty = Measures::new(Tally::default(), &[]);
        assert_eq!((empty.reply_rate, empty.median_handling_days), (None, None));
    }

    #[test]
    fn rankings_put_rows_without_the_measure_last_and_break_ties_by_messages_then_key() {
        let row = |key: &'static str, messages: i64, replied: i64| {
            (key, Measures::new(Tally { messages, replied, ..Tally::default() }, &[]))
        };
        let rows = vec![row("4", 2, 1), row("1", 0, 0), row("3", 4, 2), row("2", 3, 0), row("5", 1, 1), row("6", 4, 2)];
        let ranked = |by, min_messages, limit| -> Vec<&str> {
            Ranking { by, min_messages, limit }.rank(rows.clone(), |r| &r.1, |r| r.0).into_iter().map(|r| r.0).collect()
        };
        assert_eq!(ranked(RankBy::ReplyRate, 1, 10), ["5", "3", "6", "4", "2"]);
        assert_eq!(ranked(RankBy::ReplyRate, 3, 10), ["3", "6", "2"]);
        assert_eq!(ranked(RankBy::ReplyRate, 1, 2), ["5", "3"]);
        // No replies, no average: last, whatever the messages.
        assert_eq!(ranked(RankBy::AvgHandlingDays, 1, 10), ["3", "6", "4", "5", "2"]);
        assert_eq!(ranked(RankBy::Messages, 1, 10), ["3", "6", "2", "4", "5"]);
    }

    #[test]
    fn medians_of_histograms() {
        assert_eq!(median(&[(5, 1)]), Some(5.0));
        assert_eq!(median(&[(9, 1), (1, 2)]), Some(1.0));
        assert_eq!(median(&[(1, 1), (3, 1), (0, 0)]), Some(2.0));
        assert_eq!(median(&[(2, 2), (2, 1), (7, 3)]), Some(4.5));
        assert_eq!(median(&[(2, 0)]), None);
    }

    #[test]
    fn ranges_are_whole_periods_of_one_grain() {
        let r = PeriodRange::parse("2024-11", "2025-02").unwrap();
        assert_eq!(r.grain, Grain::Month);
        assert_eq!(r.periods(100).unwrap(), ["2024-11", "2024-12", "2025-01", "2025-02"]);
        assert_eq!(PeriodRange::parse("2024", "2024").unwrap().periods(10).unwrap(), ["2024"]);
        assert_eq!(PeriodRange::parse("2024-02-28", "2024-03-01").unwrap().periods(10).unwrap().len(), 3);
        assert_eq!(PeriodRange::parse("2024", "2024-05"), Err(RangeError::MixedGrains));
        assert_eq!(PeriodRange::parse("2025", "2024"), Err(RangeError::Backwards));
        assert_eq!(PeriodRange::parse("2024-3", "2024-04"), Err(RangeError::Malformed("from")));
        assert_eq!(PeriodRange::parse("2024-02-30", "2024-03-01"), Err(RangeError::Malformed("from")));
        assert_eq!(
            PeriodRange::parse("2000-01-01", "2024-01-01").unwrap().periods(366),
            Err(RangeError::TooLong { most: 366 })
        );
        let day = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(PeriodRange::last(Grain::Month, 12, day), PeriodRange::parse("2025-04", "2026-03").unwrap());
        assert_eq!(PeriodRange::previous_month("2026-01").as_deref(), Some("2025-12"));
    }
}
