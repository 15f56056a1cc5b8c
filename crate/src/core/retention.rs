//! How long a cookie or storage key lives, parsed from the free text used in
//! the vendor files (`"2 years"`, `"13 months"`, `"session"`, `"20 minutes"`).
//!
//! The unit is kept as written so that a cookie policy says "90 days" where
//! the vendor says 90 days, not "3 months".
//!
//! Shared with `build.rs`: uses nothing from the rest of the crate.

#[allow(unused_imports)]
use crate::prelude::*;

/// A unit of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months (counted as 30 days).
    Month,
    /// Years (counted as 365 days).
    Year,
}

impl Unit {
    /// Seconds in one unit.
    pub const fn seconds(self) -> u32 {
        match self {
            Unit::Second => 1,
            Unit::Minute => 60,
            Unit::Hour => 3600,
            Unit::Day => 86_400,
            Unit::Week => 7 * 86_400,
            Unit::Month => 30 * 86_400,
            Unit::Year => 365 * 86_400,
        }
    }

    /// The English singular name (`"day"`), used as a key for translations.
    pub const fn name(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }

    /// All units, shortest first.
    pub const ALL: [Unit; 7] = [Unit::Second, Unit::Minute, Unit::Hour, Unit::Day, Unit::Week, Unit::Month, Unit::Year];
}

/// A retention period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Retention {
    /// Deleted when the browser session ends.
    Session,
    /// A fixed lifetime: `count` units.
    Span(u16, Unit),
    /// Kept until deleted (local storage, IndexedDB).
    Persistent,
}

impl Retention {
    /// Parses `"<n> <unit>"` (unit: second(s), minute(s), hour(s), day(s),
    /// week(s), month(s), year(s); also `s`, `min`, `h`, `d`, `y`),
    /// `"session"`, `"persistent"`. Returns `None` for anything else.
    pub fn parse(s: &str) -> Option<Retention> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("session") {
            return Some(Retention::Session);
        }
        if t.eq_ignore_ascii_case("persistent") {
            return Some(Retention::Persistent);
        }
        let split = t.find(|c: char| !c.is_ascii_digit())?;
        let (num, unit) = (t.get(..split)?, t.get(split..)?.trim());
        let n: u16 = num.parse().ok()?;
        let unit = unit.to_ascii_lowercase();
        let unit = match unit.as_str() {
            "s" | "sec" | "second" | "seconds" => Unit::Second,
            "min" | "minute" | "minutes" => Unit::Minute,
            "h" | "hour" | "hours" => Unit::Hour,
            "d" | "day" | "days" => Unit::Day,
            "week" | "weeks" => Unit::Week,
            "month" | "months" => Unit::Month,
            "y" | "year" | "years" => Unit::Year,
            _ => return None,
        };
        if n == 0 {
            return None;
        }
        Some(Retention::Span(n, unit))
    }

    /// The lifetime in seconds (`None` for session and persistent).
    pub fn seconds(self) -> Option<u64> {
        match self {
            Retention::Span(n, u) => Some(n as u64 * u.seconds() as u64),
            _ => None,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        assert_eq!(Retention::parse("2 years"), Some(Retention::Span(2, Unit::Year)));
        assert_eq!(Retention::parse("13 months"), Some(Retention::Span(13, Unit::Month)));
        assert_eq!(Retention::parse("1 Day"), Some(Retention::Span(1, Unit::Day)));
        assert_eq!(Retention::parse("20 minutes"), Some(Retention::Span(20, Unit::Minute)));
        assert_eq!(Retention::parse("30s"), Some(Retention::Span(30, Unit::Second)));
        assert_eq!(Retention::parse("Session"), Some(Retention::Session));
        assert_eq!(Retention::parse("persistent"), Some(Retention::Persistent));
        for bad in ["", "years", "0 days", "2 fortnights", "-1 day", "99999999999 years", "1.5 years"] {
            assert_eq!(Retention::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn seconds_and_code() {
        assert_eq!(Retention::Span(2, Unit::Year).seconds(), Some(2 * 365 * 86_400));
        assert_eq!(Retention::Session.seconds(), None);
    }
}
