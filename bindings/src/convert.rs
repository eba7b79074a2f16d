//! Helpers for the conversions in `types/`: days, times, places, lists.

use fieldsales_core::records as core;
use fieldsales_core::time::{Day, Ts};

use crate::error::Result;
use crate::types::GeoPoint;

pub(crate) fn day(s: &str) -> Result<Day> {
    Ok(Day::parse(s)?)
}

pub(crate) fn ts(ms: i64) -> Ts {
    Ts::from_millis(ms)
}

pub(crate) fn geo_in(g: Option<GeoPoint>) -> Result<Option<core::GeoPoint>> {
    g.map(|g| core::GeoPoint::new(g.lat, g.lon))
        .transpose()
        .map_err(Into::into)
}

pub(crate) fn geo(g: Option<core::GeoPoint>) -> Option<GeoPoint> {
    g.map(|g| GeoPoint {
        lat: g.lat,
        lon: g.lon,
    })
}

/// Every `Vec` of core records as binding records.
pub(crate) fn all<C, B: From<C>>(v: Vec<C>) -> Vec<B> {
    v.into_iter().map(Into::into).collect()
}
