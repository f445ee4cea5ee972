//! Date helpers: ISO 8601 parsing, `formatDate` patterns (YYYY, MMM, Do, HH:mm, ...), `now`, `today`.

use serde_json::Value;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::{Args, preview};
use crate::ExprError;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// Pattern tokens, longest first so `MMMM` wins over `MMM`, `MM` and `M`.
const TOKENS: &[&str] = &[
    "YYYY", "MMMM", "dddd", "SSS", "MMM", "ddd", "YY", "MM", "Do", "DD", "HH", "hh", "mm", "ss", "ZZ", "M", "D", "H",
    "h", "m", "s", "A", "a", "Z",
];

/// `formatDate(date, pattern = "YYYY-MM-DD")`: `date` is ISO 8601 text (`2024-03-05`,
/// `2024-03-05T14:30:00Z`, with or without offset; shown in its own offset) or epoch milliseconds.
/// Tokens: YYYY YY MMMM MMM MM M DD D Do dddd ddd HH H hh h mm m ss s SSS A a Z ZZ; text in
/// `[brackets]` is literal. A null date gives "".
pub(super) fn format_date(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(1, 2)?;
    let Some(moment) = parse_moment(args)? else {
        return Ok(Value::String(String::new()));
    };
    let pattern = args.opt_text(1).unwrap_or_else(|| "YYYY-MM-DD".to_string());
    args.charge(pattern.len())?;
    Ok(Value::String(render_pattern(&moment, &pattern)))
}

/// `now()`: the current time as ISO 8601 UTC text with milliseconds (`2024-03-05T14:30:00.000Z`),
/// read from [`crate::EvalOptions::now`] when set.
pub(super) fn now(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(0, 0)?;
    let moment = clock(args).to_offset(UtcOffset::UTC);
    Ok(Value::String(render_pattern(&moment, "YYYY-MM-DD[T]HH:mm:ss.SSS[Z]")))
}

/// `today()`: the current UTC date as `YYYY-MM-DD`.
pub(super) fn today(args: &Args<'_, '_>) -> Result<Value, ExprError> {
    args.expect_count(0, 0)?;
    let moment = clock(args).to_offset(UtcOffset::UTC);
    Ok(Value::String(render_pattern(&moment, "YYYY-MM-DD")))
}

fn clock(args: &Args<'_, '_>) -> OffsetDateTime {
    args.scope().options().now.unwrap_or_else(OffsetDateTime::now_utc)
}

fn parse_moment(args: &Args<'_, '_>) -> Result<Option<OffsetDateTime>, ExprError> {
    let value = args.get(0);
    let invalid = || args.error(format!("{} is not an ISO 8601 date", preview(value)));
    match value {
        Value::Null => Ok(None),
        Value::String(text) if text.trim().is_empty() => Ok(None),
        Value::String(text) => parse_iso(text.trim()).map(Some).ok_or_else(invalid),
        Value::Number(number) => {
            let millis = number.as_f64().ok_or_else(invalid)?;
            let nanos = (millis * 1_000_000.0) as i128;
            OffsetDateTime::from_unix_timestamp_nanos(nanos).map(Some).map_err(|_| invalid())
        }
        _ => Err(invalid()),
    }
}

/// Parse `YYYY-MM-DD[(T| )HH:mm[:ss[.fff]]][Z|±HH:mm|±HHmm]`; a missing offset means UTC.
pub(crate) fn parse_iso(text: &str) -> Option<OffsetDateTime> {
    let bytes = text.as_bytes();
    let number = |from: usize, len: usize| -> Option<u32> {
        let part = text.get(from..from + len)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
    };
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let month = Month::try_from(u8::try_from(number(5, 2)?).ok()?).ok()?;
    let year = i32::try_from(number(0, 4)?).ok()?;
    let date = Date::from_calendar_date(year, month, u8::try_from(number(8, 2)?).ok()?).ok()?;
    let mut pos = 10;
    let mut clock = Time::MIDNIGHT;
    if matches!(bytes.get(pos), Some(b'T' | b't' | b' ')) && bytes.len() >= pos + 6 {
        let hour = number(pos + 1, 2)?;
        (bytes.get(pos + 3) == Some(&b':')).then_some(())?;
        let minute = number(pos + 4, 2)?;
        pos += 6;
        let mut second = 0;
        let mut nanos = 0;
        if bytes.get(pos) == Some(&b':') {
            second = number(pos + 1, 2)?;
            pos += 3;
            if matches!(bytes.get(pos), Some(b'.' | b',')) {
                let digits = bytes[pos + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                let fraction = text.get(pos + 1..pos + 1 + digits.min(9))?;
                nanos = format!("{fraction:0<9}").parse().ok()?;
                pos += 1 + digits;
            }
        }
        clock = Time::from_hms_nano(
            u8::try_from(hour).ok()?,
            u8::try_from(minute).ok()?,
            u8::try_from(second).ok()?,
            nanos,
        )
        .ok()?;
    }
    let offset = parse_offset(text.get(pos..)?)?;
    Some(PrimitiveDateTime::new(date, clock).assume_offset(offset))
}

fn parse_offset(rest: &str) -> Option<UtcOffset> {
    match rest {
        "" | "Z" | "z" => Some(UtcOffset::UTC),
        _ => {
            let sign: i8 = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hours: i8 = digits[..2].parse().ok()?;
            let minutes: i8 = digits[2..].parse().ok()?;
            UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
        }
    }
}

fn render_pattern(moment: &OffsetDateTime, pattern: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(ch) = rest.chars().next() {
        if let Some(close) = rest.find(']').filter(|_| ch == '[') {
            out.push_str(&rest[1..close]);
            rest = &rest[close + 1..];
            continue;
        }
        match TOKENS.iter().find(|token| rest.starts_with(**token)) {
            Some(token) => {
                out.push_str(&render_token(moment, token));
                rest = &rest[token.len()..];
            }
            None => {
                out.push(ch);
                rest = &rest[ch.len_utf8()..];
            }
        }
    }
    out
}

fn render_token(moment: &OffsetDateTime, token: &str) -> String {
    let month_index = usize::from(u8::from(moment.month())) - 1;
    let hour12 = match moment.hour() % 12 {
        0 => 12,
        h => h,
    };
    let weekday = usize::from(moment.weekday().number_days_from_monday());
    match token {
        "YYYY" => format!("{:04}", moment.year()),
        "YY" => format!("{:02}", moment.year().rem_euclid(100)),
        "MMMM" => MONTHS[month_index].to_string(),
        "MMM" => MONTHS[month_index][..3].to_string(),
        "MM" => format!("{:02}", month_index + 1),
        "M" => (month_index + 1).to_string(),
        "DD" => format!("{:02}", moment.day()),
        "D" => moment.day().to_string(),
        "Do" => ordinal(moment.day()),
        "dddd" => WEEKDAYS[weekday].to_string(),
        "ddd" => WEEKDAYS[weekday][..3].to_string(),
        "HH" => format!("{:02}", moment.hour()),
        "H" => moment.hour().to_string(),
        "hh" => format!("{hour12:02}"),
        "h" => hour12.to_string(),
        "mm" => format!("{:02}", moment.minute()),
        "m" => moment.minute().to_string(),
        "ss" => format!("{:02}", moment.second()),
        "s" => moment.second().to_string(),
        "SSS" => format!("{:03}", moment.millisecond()),
        "A" => if moment.hour() < 12 { "AM" } else { "PM" }.to_string(),
        "a" => if moment.hour() < 12 { "am" } else { "pm" }.to_string(),
        "Z" | "ZZ" => {
            let (hours, minutes, _) = moment.offset().as_hms();
            let sign = if moment.offset().is_negative() { '-' } else { '+' };
            let colon = if token == "Z" { ":" } else { "" };
            format!("{sign}{:02}{colon}{:02}", hours.abs(), minutes.abs())
        }
        _ => String::new(),
    }
}

fn ordinal(day: u8) -> String {
    let suffix = match (day % 10, day % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{day}{suffix}")
}
