//! fieldsales-ffi: the core as the phones see it, through uniffi (proc-macros, no UDL).
//!
//! Thin by design (docs/adr/0005-the-ffi-layer.md): [`FieldSales`] holds the core `Store` and forwards,
//! one line per method plus the conversion of records and errors. Slow calls (login, sync) are
//! `async` and run on one shared tokio runtime, never on the caller's thread. Listeners are
//! foreign traits whose errors come back as [`FieldSalesError`] values, never as a panic.

mod convert;
mod error;
mod listeners;
mod ops;
mod store;
mod types;

pub use error::FieldSalesError;
pub use listeners::{DataListener, SyncListener};
pub use store::FieldSales;
pub use types::*;

uniffi::setup_scaffolding!();

/// The one tokio runtime the bindings run slow work on.
pub(crate) fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fieldsales")
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("cannot start the fieldsales runtime: {e}"))
    })
}

/// Run blocking core work on the shared runtime and await it from any executor.
pub(crate) async fn on_runtime<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, FieldSalesError> + Send + 'static,
) -> Result<T, FieldSalesError> {
    runtime()
        .spawn_blocking(f)
        .await
        .map_err(|e| FieldSalesError::Internal {
            reason: format!("background task failed: {e}"),
        })?
}

/// The version of the core this library was built from.
#[uniffi::export]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The decimals (ISO 4217 minor units) of a currency, from the core's one table: the phones
/// format and parse money with it, never with a table of their own. `Invalid` for a code
/// outside it.
#[uniffi::export]
pub fn currency_decimals(code: String) -> Result<u32, FieldSalesError> {
    Ok(fieldsales_core::money::decimals(&code)?)
}

/// Minor units as the core shows them: the currency's decimals, no grouping
/// (`format_money(25000, "VND")` is `25000`, `format_money(4050, "EUR")` is `40.50`).
#[uniffi::export]
pub fn format_money(minor: i64, currency: String) -> String {
    fieldsales_core::money::format_money(minor, &currency)
}
