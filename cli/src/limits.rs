//! Size limits for every read, so that no input (a huge file, `/dev/zero`, a line without
//! an end) can exhaust memory: a read stops one byte past its limit and reports it.
//!
//! | what | default | raised with |
//! | --- | --- | --- |
//! | a template (`check`, one file or standard input) | 64 MiB | `check --max-file-size` |
//! | a line of `scan` input | 64 MiB | `scan --max-line-size` |
//! | the text of `rewrite` and `redact` (standard input) | 64 MiB | – |
//! | `phi-guard.toml` | 1 MiB | – (in `config.rs`) |
//! | `--key-file` | 64 KiB | – |
//! | a lexicon file | 256 MiB ([`phi_guard::lexicon::MAX_FILE_SIZE`]) | – |

use std::fmt;
use std::io::{self, Read};

/// The text of `rewrite` and `redact` (the defaults of `--max-file-size` and
/// `--max-line-size` are in `args.rs`, the same 64 MiB).
pub const MAX_FILE_SIZE: u64 = 64 << 20;
/// A pseudonym key file.
pub const MAX_KEY_FILE_SIZE: u64 = 64 << 10;

/// Why a bounded read failed.
#[derive(Debug)]
pub enum ReadError {
    Io(io::ErrorKind),
    /// More than the limit (in bytes) was there.
    TooLarge(u64),
}

/// The one wording of a failed open or read, in every command: `no such file or folder`,
/// `permission denied`, or `cannot read: …` with the system's reason.
pub fn io_problem(kind: io::ErrorKind) -> String {
    match kind {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "a folder, not a file".to_string(),
        kind => format!("cannot read: {kind}"),
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(kind) => f.write_str(&io_problem(*kind)),
            ReadError::TooLarge(limit) => write!(f, "larger than the limit of {}", size(*limit)),
        }
    }
}

/// Reads everything, or fails after `limit + 1` bytes.
pub fn read_to_end(reader: impl Read, limit: u64, hint: u64) -> Result<Vec<u8>, ReadError> {
    if hint > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0).saturating_add(1));
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| ReadError::Io(e.kind()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Reads a whole file under a limit; its size, when known, is checked before reading.
pub fn read_file(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.kind()))?;
    let hint = file.metadata().map(|m| if m.is_file() { m.len() } else { 0 }).unwrap_or(0);
    read_to_end(file, limit, hint)
}

/// A size in bytes as people read it: `67108864 bytes (64 MiB)`.
pub fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    match UNITS.iter().find(|(unit, _)| bytes >= *unit && bytes % unit == 0) {
        Some((unit, name)) => format!("{bytes} bytes ({} {name})", bytes / unit),
        None => format!("{bytes} bytes"),
    }
}

/// Parses a size flag: a number of bytes with an optional `K`, `M` or `G` suffix (powers
/// of 1024; `KiB`, `MiB`, `GiB` and `B` are accepted too).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t.strip_suffix('B').unwrap_or(t);
    let t = t.strip_suffix('i').unwrap_or(t);
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'K' | 'k')) => (&t[..i], 10),
        Some((i, 'M' | 'm')) => (&t[..i], 20),
        Some((i, 'G' | 'g')) => (&t[..i], 30),
        _ => (t, 0),
    };
    let n: u64 = digits.trim().parse().map_err(|_| "expected a size such as 1048576, 512K, 64M or 1G".to_string())?;
    if n == 0 {
        return Err("a size limit must be at least 1 byte".into());
    }
    n.checked_mul(1 << shift).ok_or_else(|| "too large a size".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_print() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert!(parse_size("0").is_err() && parse_size("lots").is_err() && parse_size("-1M").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
        assert_eq!(size(64 << 20), "67108864 bytes (64 MiB)");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[test]
    fn reads_stop_one_byte_past_the_limit() {
        assert_eq!(read_to_end(&b"abcd"[..], 4, 0).unwrap(), b"abcd");
        assert!(matches!(read_to_end(&b"abcde"[..], 4, 0), Err(ReadError::TooLarge(4))));
        assert!(matches!(read_to_end(&b""[..], 4, 5), Err(ReadError::TooLarge(4))));
        // An endless reader ends.
        assert!(matches!(read_to_end(io::repeat(0), 1 << 16, 0), Err(ReadError::TooLarge(_))));
    }
}
