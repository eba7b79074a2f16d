//! What a command can fail with, and the exit code each failure gives scripts.

use std::path::{Path, PathBuf};

use fieldsales_core::Error;

/// Core errors keep their message; the exit code tells a script whether to fix its input (2),
/// look elsewhere (3), accept a rule's refusal (4), check the disk (5) or retry later (6).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(Box<Error>),
    #[error("{0}")]
    Usage(String),
    /// A file the user named could not be read or written.
    #[error("cannot {action} {}: {source}", path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// Something that should not happen did: a bug, or a demo or bench that went wrong.
    #[error("{0}")]
    Internal(String),
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("json error: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Core(Box::new(e))
    }
}

/// The exit codes, as README lists them.
pub mod exit {
    pub const INTERNAL: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const NOT_FOUND: u8 = 3;
    pub const RULE: u8 = 4;
    pub const STORAGE: u8 = 5;
    pub const NETWORK: u8 = 6;
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::File { .. } => exit::USAGE,
            CliError::Core(e) => match **e {
                // the user must change the command, its input or the store it names
                Error::Invalid(_)
                | Error::WrongKind { .. }
                | Error::Json(_)
                | Error::NotInitialised(_)
                | Error::AlreadyInitialised(_)
                // give the store's key (the right one), or a build with SQLCipher
                | Error::WrongKey
                | Error::KeyNeeded
                | Error::EncryptionUnavailable => exit::USAGE,
                Error::NotFound { .. } => exit::NOT_FOUND,
                // sync first, or force it
                Error::Rule(_) | Error::Unsynced { .. } => exit::RULE,
                Error::Corrupt { .. }
                | Error::SchemaTooNew { .. }
                | Error::Sql(_)
                | Error::Io(_)
                | Error::DeviceKey(_) => exit::STORAGE,
                Error::Transport(_) => exit::NETWORK,
                // documents the store wrote itself failed to load or save: a bug, not input
                Error::Automerge(_) | Error::Hydrate(_) | Error::Reconcile(_) => exit::INTERNAL,
            },
            // temporary folders and the like on the local disk
            CliError::Io(_) => exit::STORAGE,
            // only from printing our own values as JSON
            CliError::Json(_) | CliError::Internal(_) => exit::INTERNAL,
        }
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

pub fn usage(msg: impl Into<String>) -> CliError {
    CliError::Usage(msg.into())
}

pub fn internal(msg: impl Into<String>) -> CliError {
    CliError::Internal(msg.into())
}

/// Read a file the user named; a failure names it.
pub fn read_file(what: &'static str, path: &Path) -> CliResult<Vec<u8>> {
    std::fs::read(path).map_err(|source| CliError::File {
        action: what,
        path: path.to_path_buf(),
        source,
    })
}

/// Write a file the user named: beside it first, then renamed, so a crash never leaves half a
/// file under the real name. A failure names the file. The file is the owner's alone (0600 on
/// Unix): exported documents and PDFs carry customers' data.
pub fn write_file(what: &'static str, path: &Path, bytes: &[u8]) -> CliResult {
    use std::io::Write;
    let tmp = path.with_extension("partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|source| CliError::File {
            action: what,
            path: path.to_path_buf(),
            source,
        })
}
