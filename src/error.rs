//! The crate's one error type.

use std::fmt;

/// Everything that can go wrong while building a lexicon or a detector.
///
/// Searching, scoring and rewriting never fail; only construction does. Data errors
/// carry the source name (a file path or a label such as `"<builtin>"`) and the
/// 1-based line number, so the message alone is enough to fix the input.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A lexicon row could not be parsed or failed validation.
    Lexicon {
        /// File path or label of the lexicon source.
        source_name: String,
        /// 1-based line number of the offending row (0 when not from a file).
        line: usize,
        /// 1-based column (tab-separated field) where the problem is, if known.
        column: Option<usize>,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// Reading a lexicon source failed.
    Io {
        /// File path or label being read.
        source_name: String,
        /// The underlying I/O error.
        error: std::io::Error,
    },
    /// A data file other than a lexicon (such as a score model) could not be parsed.
    Data {
        /// File path or label of the source.
        source_name: String,
        /// 1-based line number of the offending row (0 when the problem is the whole file).
        line: usize,
        /// 1-based TAB-separated field where the problem is, if known.
        column: Option<usize>,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A detector setting is out of range.
    Config {
        /// Which setting and why.
        message: String,
    },
    /// A fingerprint query could not be parsed (see [`Condition`](crate::Condition) for
    /// the syntax); the [`QueryError`] names the byte offset in the query. Rows of a PPS
    /// list with such a query are skipped and listed in the
    /// [`PpsReport`](crate::PpsReport) instead; this variant is what `?` makes of a
    /// [`Condition::parse`](crate::Condition::parse) error in a function returning
    /// [`Result`].
    Query(QueryError),
}

impl From<QueryError> for Error {
    fn from(error: QueryError) -> Self {
        Error::Query(error)
    }
}

impl Error {
    pub(crate) fn lexicon(
        source_name: &str,
        line: usize,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::Lexicon {
            source_name: source_name.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl Error {
    pub(crate) fn data(
        source_name: &str,
        line: usize,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::Data {
            source_name: source_name.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Lexicon {
                source_name,
                line,
                column,
                message,
            }
            | Error::Data {
                source_name,
                line,
                column,
                message,
            } => {
                write!(f, "{source_name}:{line}")?;
                if let Some(c) = column {
                    write!(f, ": field {c}")?;
                }
                write!(f, ": {message}")
            }
            Error::Io { source_name, error } => write!(f, "{source_name}: {error}"),
            Error::Config { message } => write!(f, "invalid detector setting: {message}"),
            Error::Query(error) => write!(f, "invalid fingerprint query: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { error, .. } => Some(error),
            Error::Query(error) => Some(error),
            _ => None,
        }
    }
}

/// `Result` with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a query could not be read by [`Condition::parse`](crate::Condition::parse).
///
/// Converts into [`Error`] with `?`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueryError {
    /// Byte offset in the query where the problem starts.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for QueryError {}
