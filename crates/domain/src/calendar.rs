//! The working-day calendar deadlines are counted on: weekends and public holidays are off, and the
//! adjusted working days (调休) — a Saturday or Sunday worked to bridge a holiday — are on.
//! Dates are China's (UTC+8, no daylight saving).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

/// The official 2025 and 2026 schedules, exported from the `chinese-calendar` package (see the NOTICE
/// beside it and `scripts/refdata/regen.sh`). Admins add later years through the API.
pub const BUILT_IN_HOLIDAYS_CSV: &str = include_str!("../data/holidays.csv");

/// China Standard Time.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A public holiday: no work.
    Holiday,
    /// A weekend day worked instead (调休).
    Workday,
}

impl DayKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::Workday => "workday",
        }
    }

    pub fn parse(s: &str) -> Option<DayKind> {
        match s {
            "holiday" => Some(DayKind::Holiday),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

/// One special day of the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// Parses `date,kind,name` lines (with a header).
pub fn parse_special_days(csv: &str) -> Result<Vec<SpecialDay>, String> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let mut cols = line.splitn(3, ',');
            let (Some(date), Some(kind), name) = (cols.next(), cols.next(), cols.next()) else {
                return Err(format!("line {}: expected date,kind,name", i + 2));
            };
            let date =
                NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|e| format!("line {}: {e}", i + 2))?;
            let kind = DayKind::parse(kind.trim())
                .ok_or_else(|| format!("line {}: kind must be holiday or workday", i + 2))?;
            Ok(SpecialDay { date, kind, name: name.unwrap_or_default().trim().to_owned() })
        })
        .collect()
}

#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    special: BTreeMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    pub fn new(days: impl IntoIterator<Item = SpecialDay>) -> Self {
        WorkCalendar { special: days.into_iter().map(|d| (d.date, d.kind)).collect() }
    }

    /// The built-in 2025–2026 schedule.
    pub fn built_in() -> Self {
        WorkCalendar::new(parse_special_days(BUILT_IN_HOLIDAYS_CSV).expect("the built-in holiday file parses"))
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.special.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`th working day after `date` (not counting `date` itself).
    pub fn nth_working_day_after(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }
}

/// How long a unit has to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlaDuration {
    /// Clock hours, weekends and holidays included: emergencies do not wait for Monday.
    Hours(u32),
    /// Working days after the day of acceptance; due at the end (24:00, China time) of the last one.
    WorkingDays(u32),
}

/// When a message accepted (or reopened) at `start` is due.
pub fn due_at(start: DateTime<Utc>, duration: SlaDuration, calendar: &WorkCalendar) -> DateTime<Utc> {
    match duration {
        SlaDuration::Hours(h) => start + chrono::Duration::hours(h as i64),
        SlaDuration::WorkingDays(n) => {
            let local_day = start.with_timezone(&china()).date_naive();
            let last = calendar.nth_working_day_after(local_day, n);
            let end = (last + Days::new(1)).and_time(NaiveTime::MIN);
            china().from_local_datetime(&end).single().expect("UTC+8 has no gaps").with_timezone(&Utc)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn local(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_2026_national_day_week_and_its_working_weekend_days() {
        let cal = WorkCalendar::built_in();
        for day in ["2026-10-01", "2026-10-05", "2026-10-07", "2026-09-25", "2026-09-27"] {
            assert!(!cal.is_working_day(d(day)), "{day} is a holiday");
        }
        assert!(cal.is_working_day(d("2026-09-20")), "Sunday 20 September 2026 is worked");
        assert!(cal.is_working_day(d("2026-10-10")), "Saturday 10 October 2026 is worked");
        assert!(!cal.is_working_day(d("2026-10-11")), "an ordinary Sunday");
        assert!(cal.is_working_day(d("2026-10-09")));
    }

    #[test]
    fn a_deadline_across_national_day_and_its_adjusted_saturday() {
        let cal = WorkCalendar::built_in();
        // Accepted Wednesday 30 September 2026, 10:00 China time. Working days after it:
        // 1 Oct–7 Oct holiday; Thu 8 (1), Fri 9 (2), Sat 10 worked (3), Mon 12 (4), Tue 13 (5).
        let due = due_at(local("2026-09-30T10:00:00+08:00"), SlaDuration::WorkingDays(5), &cal);
        assert_eq!(due, local("2026-10-14T00:00:00+08:00"));
        // The standard 15 working days from the same moment.
        let due = due_at(local("2026-09-30T10:00:00+08:00"), SlaDuration::WorkingDays(15), &cal);
        assert_eq!(due, local("2026-10-28T00:00:00+08:00"));
        // Without the calendar the same count ends a week earlier: the holiday matters.
        let plain = due_at(local("2026-09-30T10:00:00+08:00"), SlaDuration::WorkingDays(5), &WorkCalendar::default());
        assert_eq!(plain, local("2026-10-08T00:00:00+08:00"));
    }

    #[test]
    fn the_local_day_decides_not_the_utc_day() {
        let cal = WorkCalendar::built_in();
        // 23:30 UTC on Friday 9 October is already Saturday 10 October in China: a worked Saturday.
        let due = due_at(local("2026-10-09T23:30:00Z"), SlaDuration::WorkingDays(1), &cal);
        assert_eq!(due, local("2026-10-13T00:00:00+08:00"));
    }

    #[test]
    fn hour_tiers_ignore_the_calendar() {
        let cal = WorkCalendar::built_in();
        let start = local("2026-10-01T09:00:00+08:00");
        assert_eq!(due_at(start, SlaDuration::Hours(2), &cal), local("2026-10-01T11:00:00+08:00"));
        assert_eq!(due_at(start, SlaDuration::Hours(24), &cal), local("2026-10-02T09:00:00+08:00"));
    }

    #[test]
    fn built_in_file_parses_and_rejects_garbage() {
        let days = parse_special_days(BUILT_IN_HOLIDAYS_CSV).unwrap();
        assert!(days.iter().any(|s| s.date == d("2025-10-08") && s.kind == DayKind::Holiday));
        assert!(parse_special_days("date,kind,name\n2026-13-01,holiday,x").is_err());
        assert!(parse_special_days("date,kind,name\n2026-01-01,party,x").is_err());
    }

    proptest! {
        #[test]
        fn deadlines_land_on_working_days_and_grow_with_n(days in 0i64..800, n in 1u32..30) {
            let cal = WorkCalendar::built_in();
            let start = local("2025-01-01T12:00:00+08:00") + chrono::Duration::days(days);
            let due = due_at(start, SlaDuration::WorkingDays(n), &cal);
            let last_day = (due - chrono::Duration::seconds(1)).with_timezone(&china()).date_naive();
            prop_assert!(cal.is_working_day(last_day));
            prop_assert!(due > start);
            prop_assert!(due_at(start, SlaDuration::WorkingDays(n + 1), &cal) > due);
        }
    }
}
