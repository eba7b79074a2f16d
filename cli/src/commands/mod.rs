//! The CLI's commands, one module per area, and its error type.

pub mod accounts;
pub mod activity;
pub mod manage;
pub mod merge;
pub mod quotes;
pub mod sales;
pub mod setup;
pub mod sync;

use std::path::{Path, PathBuf};

use fieldsales_core::records::GeoPoint;
use fieldsales_core::{Error, Store};

/// What a command can fail with. Core errors keep their message; exit codes tell scripts
/// whether to retry (storage) or fix their input.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(Box<Error>),
    #[error("{0}")]
    Usage(String),
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

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Core(e) => match **e {
                Error::NotFound { .. } => 3,
                Error::Rule(_) => 4,
                Error::Corrupt { .. } | Error::Sql(_) | Error::Io(_) => 5,
                Error::Transport(_) => 6,
                _ => 1,
            },
            _ => 1,
        }
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

pub fn usage(msg: impl Into<String>) -> CliError {
    CliError::Usage(msg.into())
}

pub fn need_db(db: &Option<PathBuf>) -> CliResult<&Path> {
    db.as_deref()
        .ok_or_else(|| usage("--db FILE is required (or set FIELDSALES_DB)"))
}

pub fn open(db: &Path) -> CliResult<Store> {
    Ok(Store::open(db)?)
}

/// `--lat` and `--lon` come together or not at all.
pub fn geo(lat: Option<f64>, lon: Option<f64>) -> CliResult<Option<GeoPoint>> {
    match (lat, lon) {
        (Some(lat), Some(lon)) => Ok(Some(GeoPoint::new(lat, lon)?)),
        (None, None) => Ok(None),
        _ => Err(usage("--lat and --lon go together")),
    }
}
