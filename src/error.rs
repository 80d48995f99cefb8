//! The one error type of the library.

use std::fmt;
use std::path::{Path, PathBuf};

/// Everything that can go wrong while building an engine or reading its inputs.
///
/// Messages are lower case without a trailing period and never quote message text: they
/// name the file, the line and the problem.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    file: Option<PathBuf>,
    line: Option<usize>,
    column: Option<usize>,
}

/// What kind of problem an [`Error`] reports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A lexicon line could not be understood.
    #[error("invalid lexicon entry: {0}")]
    Lexicon(String),
    /// A name (language, policy, category, rule, operator) is not known.
    #[error("unknown {what} `{name}`")]
    UnknownName {
        /// What was being named ("language", "policy", …).
        what: &'static str,
        /// The name that was given.
        name: String,
    },
    /// A file could not be read.
    #[error("cannot read file: {0}")]
    Io(String),
    /// Input that is not valid in its format (JSON, configuration, template).
    #[error("invalid input: {0}")]
    Input(String),
    /// A pattern could not be compiled.
    #[error("invalid pattern: {0}")]
    Pattern(String),
    /// A file is larger than the limit it is read under; nothing past the limit was read.
    #[error("larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
}

impl Error {
    pub(crate) fn lexicon(msg: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Lexicon(msg.into()), file: None, line: None, column: None }
    }

    pub(crate) fn unknown_name(what: &'static str, name: &str) -> Self {
        let mut name: String = name.chars().take(64).collect();
        name.retain(|c| !c.is_control());
        Error { kind: ErrorKind::UnknownName { what, name }, file: None, line: None, column: None }
    }

    pub(crate) fn io(path: &Path, err: &std::io::Error) -> Self {
        Error { kind: ErrorKind::Io(err.kind().to_string()), file: Some(path.to_path_buf()), line: None, column: None }
    }

    pub(crate) fn too_large(path: &Path, limit: u64) -> Self {
        Error { kind: ErrorKind::TooLarge { limit }, file: Some(path.to_path_buf()), line: None, column: None }
    }

    /// An input error (malformed JSON, configuration or template), for callers that parse
    /// their own inputs with phi-guard's conventions.
    pub fn input(msg: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Input(msg.into()), file: None, line: None, column: None }
    }

    pub(crate) fn pattern(msg: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Pattern(msg.into()), file: None, line: None, column: None }
    }

    /// Attaches the file the error was found in.
    pub fn with_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Attaches the 1-based line the error was found on.
    pub fn with_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Attaches the 1-based character column the error was found at (with a line).
    pub fn with_column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The file the error was found in, if any.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The 1-based line the error was found on, if any.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// The 1-based character column the error was found at, if any.
    pub fn column(&self) -> Option<usize> {
        self.column
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => write!(f, "{}:{line}:{column}: ", file.display())?,
            (Some(file), Some(line), None) => write!(f, "{}:{line}: ", file.display())?,
            (Some(file), None, _) => write!(f, "{}: ", file.display())?,
            (None, Some(line), Some(column)) => write!(f, "line {line}, column {column}: ")?,
            (None, Some(line), None) => write!(f, "line {line}: ")?,
            (None, None, _) => {}
        }
        fmt::Display::fmt(&self.kind, f)
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
