//! The languages phi-guard ships lexicons for.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// A language with built-in lexicons. All of them are on by default: a patient message can
/// be in any of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// English.
    En,
    /// Italian.
    It,
    /// German.
    De,
    /// Spanish.
    Es,
    /// French.
    Fr,
}

impl Lang {
    /// Every supported language, in a fixed order.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::It, Lang::De, Lang::Es, Lang::Fr];

    /// The ISO 639-1 code (`"en"`, `"it"`, …).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Fr => "fr",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::unknown_name("language", s))
    }
}
