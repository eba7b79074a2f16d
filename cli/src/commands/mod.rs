//! The CLI's commands, one module per area.

pub mod accounts;
pub mod activity;
pub mod catalog;
pub mod manage;
pub mod merge;
pub mod quotes;
pub mod sales;
pub mod setup;
pub mod sync;

use std::path::{Path, PathBuf};

use fieldsales_core::Store;
use fieldsales_core::records::GeoPoint;

use crate::error::{CliResult, usage};

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
