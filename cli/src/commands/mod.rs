//! The CLI's commands, one module per area.

pub mod accounts;
pub mod activity;
pub mod catalog;
pub mod company;
pub mod manage;
pub mod merge;
pub mod price_lists;
pub mod quotes;
pub mod sales;
pub mod setup;
pub mod sync;

use std::path::{Path, PathBuf};

use fieldsales_core::records::GeoPoint;
use fieldsales_core::{OpenOptions, Store, StoreKey};

use crate::error::{CliResult, usage};

pub fn need_db(db: &Option<PathBuf>) -> CliResult<&Path> {
    db.as_deref()
        .ok_or_else(|| usage("--db FILE is required (or set FIELDSALES_DB)"))
}

/// Open the store, with its key when `--key-file` names one.
pub fn open(db: &Path, key: Option<&StoreKey>) -> CliResult<Store> {
    let opts = OpenOptions {
        key: key.cloned(),
        ..OpenOptions::default()
    };
    Ok(Store::open_with_options(db, opts)?)
}

/// The key in `--key-file`: 64 hex characters, a trailing newline allowed.
pub fn read_key(path: Option<&Path>) -> CliResult<Option<StoreKey>> {
    let Some(path) = path else { return Ok(None) };
    let bytes = zeroize::Zeroizing::new(crate::error::read_file("read key file", path)?);
    let text =
        std::str::from_utf8(&bytes).map_err(|_| usage("the key file holds 64 hex characters"))?;
    Ok(Some(StoreKey::from_hex(text)?))
}

/// `--lat` and `--lon` come together or not at all.
pub fn geo(lat: Option<f64>, lon: Option<f64>) -> CliResult<Option<GeoPoint>> {
    match (lat, lon) {
        (Some(lat), Some(lon)) => Ok(Some(GeoPoint::new(lat, lon)?)),
        (None, None) => Ok(None),
        _ => Err(usage("--lat and --lon go together")),
    }
}
