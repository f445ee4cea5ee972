//! Calendar dates as the JSON carries them (`2026-01-15`) and as CII (`20260115`) and UBL write them.

use serde::Deserialize;
use serde::de::{self, Deserializer};
use time::macros::format_description;

/// A date without time (BT-2, BT-9, BT-72), read from `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IsoDate(pub time::Date);

impl IsoDate {
    /// Reads `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Self> {
        time::Date::parse(text, format_description!("[year]-[month]-[day]")).ok().map(Self)
    }

    /// UN/CEFACT format 102 (`YYYYMMDD`), as CII's `udt:DateTimeString format="102"` wants.
    pub fn cii(&self) -> String {
        format!("{:04}{:02}{:02}", self.0.year(), u8::from(self.0.month()), self.0.day())
    }

    /// ISO 8601 (`YYYY-MM-DD`), as UBL's `cbc:IssueDate` wants.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.0.year(), u8::from(self.0.month()), self.0.day())
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| de::Error::custom(format!("`{text}` is not a date in the form YYYY-MM-DD")))
    }
}
