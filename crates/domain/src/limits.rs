//! Abuse limits: how many times an IP address or an account may do one thing in a period, and how long
//! a login stays locked after wrong passwords. The arithmetic lives here; the counters live in the
//! database, so every instance of the server agrees on them.

use std::fmt;
use std::str::FromStr;

/// At most `count` times per `period_ms`, with bursts up to `count` (the generic cell rate algorithm:
/// each hit pushes a "theoretical arrival time" one interval further; a hit is allowed while that time
/// stays within one period of now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub period_ms: i64,
}

impl Rate {
    pub const fn per_minute(count: u32) -> Rate {
        Rate { count, period_ms: 60_000 }
    }

    pub const fn per_hour(count: u32) -> Rate {
        Rate { count, period_ms: 3_600_000 }
    }

    /// The time one hit uses up.
    pub fn interval_ms(self) -> i64 {
        (self.period_ms / i64::from(self.count.max(1))).max(1)
    }

    /// Whether a hit at `now` is allowed given the stored arrival time `tat` (none: never hit), and the
    /// arrival time to store when it is.
    pub fn hit(self, tat: Option<i64>, now: i64) -> Result<i64, RetryAfter> {
        let start = tat.map_or(now, |t| t.max(now));
        let allowed_until = now + self.period_ms - self.interval_ms();
        if start <= allowed_until { Ok(start + self.interval_ms()) } else { Err(RetryAfter::ms(start - allowed_until)) }
    }
}

/// `10/1m`, `5/1h`, `100/30s`, `20/1d`.
impl FromStr for Rate {
    type Err = String;

    fn from_str(s: &str) -> Result<Rate, String> {
        let (count, period) = s.split_once('/').ok_or_else(|| format!("`{s}`: expected COUNT/PERIOD, e.g. 10/1m"))?;
        let count: u32 = count.trim().parse().map_err(|_| format!("`{s}`: the count must be a whole number"))?;
        if count == 0 {
            return Err(format!("`{s}`: the count must be at least 1 (use `off` to lift a limit)"));
        }
        let period = period.trim();
        let split = period.find(|c: char| !c.is_ascii_digit()).unwrap_or(period.len());
        let (n, unit) = period.split_at(split);
        let n: i64 = if n.is_empty() { 1 } else { n.parse().map_err(|_| format!("`{s}`: bad period"))? };
        let unit_ms = match unit {
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => return Err(format!("`{s}`: the period's unit must be s, m, h or d")),
        };
        if n == 0 {
            return Err(format!("`{s}`: the period must be longer than zero"));
        }
        Ok(Rate { count, period_ms: n * unit_ms })
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match self.period_ms {
            p if p % 86_400_000 == 0 => (p / 86_400_000, "d"),
            p if p % 3_600_000 == 0 => (p / 3_600_000, "h"),
            p if p % 60_000 == 0 => (p / 60_000, "m"),
            p => (p / 1000, "s"),
        };
        write!(f, "{}/{n}{unit}", self.count)
    }
}

/// How long to wait before trying again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RetryAfter {
    pub ms: i64,
}

impl RetryAfter {
    pub fn ms(ms: i64) -> RetryAfter {
        RetryAfter { ms: ms.max(1) }
    }

    /// Whole seconds, rounded up, as the `Retry-After` header says it.
    pub fn seconds(self) -> i64 {
        (self.ms + 999) / 1000
    }
}

/// Locking logins after wrong passwords: after `free` failures in a row the login is locked for
/// `base_ms`, and each further failure doubles that, at most `max_ms`. Failures older than `forget_ms` (since
/// the last one) are forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    pub free: u32,
    pub base_ms: i64,
    pub max_ms: i64,
    pub forget_ms: i64,
}

/// What is remembered of one login's (or one address's) failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Failures {
    pub count: u32,
    pub last_at: i64,
    pub locked_until: i64,
}

impl Lockout {
    /// Whether trying at `now` is refused because of earlier failures.
    pub fn check(self, failures: Option<Failures>, now: i64) -> Result<(), RetryAfter> {
        match failures {
            Some(f) if f.locked_until > now => Err(RetryAfter::ms(f.locked_until - now)),
            _ => Ok(()),
        }
    }

    /// What to remember after a failure at `now`.
    pub fn fail(self, failures: Option<Failures>, now: i64) -> Failures {
        let count = match failures {
            Some(f) if now - f.last_at < self.forget_ms => f.count.saturating_add(1),
            _ => 1,
        };
        let locked_until = if count >= self.free {
            let doublings = (count - self.free).min(30);
            now + self.base_ms.saturating_mul(1 << doublings).min(self.max_ms)
        } else {
            0
        };
        Failures { count, last_at: now, locked_until }
    }
}

/// What is limited. Every write the API takes is one of these; reads are not limited but for the two
/// that cost the database most (search, exports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Login,
    Register,
    Message,
    FollowUp,
    Suggestion,
    Support,
    Search,
    Export,
    /// Any other write (replies, ratings, staff steps, admin changes).
    Write,
}

impl Action {
    pub const ALL: [Action; 9] = [
        Action::Login,
        Action::Register,
        Action::Message,
        Action::FollowUp,
        Action::Suggestion,
        Action::Support,
        Action::Search,
        Action::Export,
        Action::Write,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Register => "register",
            Action::Message => "message",
            Action::FollowUp => "follow_up",
            Action::Suggestion => "suggestion",
            Action::Support => "support",
            Action::Search => "search",
            Action::Export => "export",
            Action::Write => "write",
        }
    }
}

/// Whom a limit counts: the client's address or the signed-in account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Ip,
    Account,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Ip => "ip",
            Scope::Account => "account",
        }
    }
}

/// Every limit of an instance. `None` is no limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    rates: Vec<((Action, Scope), Option<Rate>)>,
    pub lockout_account: Option<Lockout>,
    pub lockout_ip: Option<Lockout>,
}

const fn lockout(free: u32) -> Lockout {
    Lockout { free, base_ms: 60_000, max_ms: 3_600_000, forget_ms: 3_600_000 }
}

impl Default for Limits {
    /// Generous for people, tight for scripts. Addresses get more than accounts because many people
    /// share one address behind a carrier's NAT.
    fn default() -> Limits {
        use Action::*;
        use Scope::*;
        let r = |count, period_ms| Some(Rate { count, period_ms });
        const M: i64 = 60_000;
        const H: i64 = 3_600_000;
        Limits {
            rates: vec![
                ((Login, Ip), r(30, M)),
                ((Login, Account), None),
                ((Register, Ip), r(10, H)),
                ((Register, Account), None),
                ((Message, Ip), r(30, H)),
                ((Message, Account), r(10, H)),
                ((FollowUp, Ip), r(30, H)),
                ((FollowUp, Account), r(10, H)),
                ((Suggestion, Ip), r(30, H)),
                ((Suggestion, Account), r(10, H)),
                ((Support, Ip), r(120, H)),
                ((Support, Account), r(60, H)),
                ((Search, Ip), r(60, M)),
                ((Search, Account), r(60, M)),
                ((Export, Ip), r(20, H)),
                ((Export, Account), r(20, H)),
                ((Write, Ip), r(600, M)),
                ((Write, Account), r(300, M)),
            ],
            lockout_account: Some(lockout(5)),
            lockout_ip: Some(lockout(20)),
        }
    }
}

impl Limits {
    /// No limit at all (benchmarks, load tests).
    pub fn off() -> Limits {
        let mut limits = Limits::default();
        limits.rates.iter_mut().for_each(|(_, rate)| *rate = None);
        limits.lockout_account = None;
        limits.lockout_ip = None;
        limits
    }

    pub fn rate(&self, action: Action, scope: Scope) -> Option<Rate> {
        self.rates.iter().find(|(key, _)| *key == (action, scope)).and_then(|(_, rate)| *rate)
    }

    pub fn set(&mut self, action: Action, scope: Scope, rate: Option<Rate>) {
        match self.rates.iter_mut().find(|(key, _)| *key == (action, scope)) {
            Some((_, slot)) => *slot = rate,
            None => self.rates.push(((action, scope), rate)),
        }
    }

    /// The defaults changed by `spec`: `off` (no limits), or comma-separated `action.scope=RATE|off`
    /// (`message.account=5/1h`, `search.ip=off`) and `lockout.account|ip=N|off` (failures allowed
    /// before a login is locked).
    pub fn parse(spec: &str) -> Result<Limits, String> {
        Limits::default().with(spec)
    }

    /// These limits changed by `spec` (as in [`Limits::parse`]).
    pub fn with(self, spec: &str) -> Result<Limits, String> {
        let spec = spec.trim();
        if spec == "off" {
            return Ok(Limits::off());
        }
        let mut limits = self;
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = item.split_once('=').ok_or_else(|| format!("`{item}`: expected KEY=VALUE"))?;
            let (action, scope) =
                key.trim().split_once('.').ok_or_else(|| format!("`{key}`: expected ACTION.SCOPE, e.g. login.ip"))?;
            let scope = [Scope::Ip, Scope::Account]
                .into_iter()
                .find(|s| s.as_str() == scope)
                .ok_or_else(|| format!("`{key}`: the scope must be ip or account"))?;
            let value = value.trim();
            if action == "lockout" {
                let rule = match value {
                    "off" => None,
                    n => Some(lockout(n.parse().map_err(|_| format!("`{item}`: a number of failures or off"))?)),
                };
                match scope {
                    Scope::Ip => limits.lockout_ip = rule,
                    Scope::Account => limits.lockout_account = rule,
                }
                continue;
            }
            let action = Action::ALL
                .into_iter()
                .find(|a| a.as_str() == action)
                .ok_or_else(|| format!("`{key}`: no such action (login, register, message, follow_up, suggestion, support, search, export, write, lockout)"))?;
            let rate = if value == "off" { None } else { Some(value.parse()?) };
            limits.set(action, scope, rate);
        }
        Ok(limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_the_defaults_changed_by_the_spec() {
        let limits = Limits::parse("message.account=5/1h, search.ip=off, lockout.ip=off").unwrap();
        assert_eq!(limits.rate(Action::Message, Scope::Account), Some(Rate::per_hour(5)));
        assert_eq!(limits.rate(Action::Search, Scope::Ip), None);
        assert_eq!(limits.rate(Action::Login, Scope::Ip), Limits::default().rate(Action::Login, Scope::Ip));
        assert_eq!(limits.lockout_ip, None);
        assert!(limits.lockout_account.is_some());
        let off = Limits::parse("off").unwrap();
        assert!(
            Action::ALL.iter().all(|a| off.rate(*a, Scope::Ip).is_none() && off.rate(*a, Scope::Account).is_none())
        );
        assert_eq!(Limits::parse("").unwrap(), Limits::default());
        let only = Limits::off().with("login.ip=3/1m").unwrap();
        assert_eq!(only.rate(Action::Login, Scope::Ip), Some(Rate::per_minute(3)));
        assert_eq!(only.rate(Action::Message, Scope::Account), None);
        assert_eq!(only.lockout_account, None);
        for bad in ["message", "message.ip", "message.device=1/1m", "mail.ip=1/1m", "message.ip=0/1m", "lockout.ip=x"] {
            assert!(Limits::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rates_parse_and_print() {
        for (text, rate) in [
            ("10/1m", Rate::per_minute(10)),
            ("5/1h", Rate::per_hour(5)),
            ("5/h", Rate::per_hour(5)),
            ("100/30s", Rate { count: 100, period_ms: 30_000 }),
            ("20/1d", Rate { count: 20, period_ms: 86_400_000 }),
        ] {
            assert_eq!(text.parse::<Rate>(), Ok(rate), "{text}");
        }
        assert_eq!(Rate::per_hour(5).to_string(), "5/1h");
        assert_eq!(Rate { count: 100, period_ms: 30_000 }.to_string(), "100/30s");
        for bad in ["", "10", "0/1m", "x/1m", "10/1w", "10/0m", "10/-1m"] {
            assert!(bad.parse::<Rate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_rate_allows_its_count_then_refuses_until_a_hit_is_earned_back() {
        let rate = Rate::per_minute(3);
        let mut tat = None;
        for _ in 0..3 {
            tat = Some(rate.hit(tat, 0).expect("within the count"));
        }
        let refused = rate.hit(tat, 0).expect_err("the fourth at once");
        assert_eq!(refused, RetryAfter::ms(20_000));
        assert_eq!(refused.seconds(), 20);
        // One interval later one more is allowed, and only one.
        let tat = Some(rate.hit(tat, 20_000).expect("earned back"));
        assert!(rate.hit(tat, 20_000).is_err());
        // After a quiet period the whole burst is back.
        let mut tat = tat;
        for _ in 0..3 {
            tat = Some(rate.hit(tat, 200_000).expect("after a quiet minute"));
        }
        assert!(rate.hit(tat, 200_000).is_err());
    }

    #[test]
    fn retry_after_rounds_up_to_a_whole_second() {
        assert_eq!(RetryAfter::ms(1).seconds(), 1);
        assert_eq!(RetryAfter::ms(1000).seconds(), 1);
        assert_eq!(RetryAfter::ms(1001).seconds(), 2);
        assert_eq!(RetryAfter::ms(0).seconds(), 1);
    }

    #[test]
    fn lockout_grows_with_each_failure_and_is_forgotten() {
        let lockout = Lockout { free: 3, base_ms: 60_000, max_ms: 600_000, forget_ms: 3_600_000 };
        let mut f = None;
        let mut locks = vec![];
        for i in 0..8 {
            let now = i * 1000;
            let next = lockout.fail(f, now);
            locks.push(if next.locked_until == 0 { 0 } else { next.locked_until - now });
            f = Some(next);
        }
        assert_eq!(locks, [0, 0, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000]);
        assert!(lockout.check(f, 7000).is_err());
        assert_eq!(lockout.check(f, 7000 + 600_000), Ok(()));
        // An hour after the last failure, counting starts again.
        let fresh = lockout.fail(f, 7000 + 3_600_000);
        assert_eq!(fresh, Failures { count: 1, last_at: 7000 + 3_600_000, locked_until: 0 });
        assert_eq!(lockout.check(None, 0), Ok(()));
    }
}
