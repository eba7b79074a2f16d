//! A transport with no sockets: the device's sync engine calls the server's `Api` directly,
//! through the same authentication and decoding as HTTP. For tests and simulations.

use std::sync::Arc;

use fieldsales_core::sync::protocol::{LoginRequest, LoginResponse};
use fieldsales_core::sync::transport::{Transport, TransportError};

use crate::api::Api;
use crate::error::Error;
use crate::store::ServerStore;

pub struct InProcess<S: ServerStore>(pub Arc<Api<S>>);

fn to_transport(e: Error) -> TransportError {
    let (status, code) = e.status();
    match status {
        401 if code == "device_revoked" => TransportError::DeviceRevoked(e.to_string()),
        401 => TransportError::Unauthorized(e.to_string()),
        403 => TransportError::Forbidden(e.to_string()),
        s if s >= 500 => TransportError::Server(e.to_string()),
        s => TransportError::Refused {
            status: s,
            code: code.into(),
            detail: e.to_string(),
        },
    }
}

impl<S: ServerStore> Transport for InProcess<S> {
    fn login(&self, req: &LoginRequest) -> Result<LoginResponse, TransportError> {
        self.0.login(req).map_err(to_transport)
    }
    fn logout(&self, token: &str) -> Result<(), TransportError> {
        self.0.logout(Some(token)).map_err(to_transport)
    }
    fn sync(&self, token: &str, body: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        self.0.sync(Some(token), &body).map_err(to_transport)
    }
    fn put_blob(
        &self,
        token: &str,
        hash: &str,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), TransportError> {
        self.0
            .put_blob(Some(token), hash, offset, bytes)
            .map(|_| ())
            .map_err(to_transport)
    }
    fn blob_offset(&self, token: &str, hash: &str) -> Result<u64, TransportError> {
        self.0.blob_offset(Some(token), hash).map_err(to_transport)
    }
    fn blob_complete(&self, token: &str, hash: &str) -> Result<bool, TransportError> {
        self.0
            .blob_status(Some(token), hash)
            .map(|(_, complete)| complete)
            .map_err(to_transport)
    }
    fn get_blob(&self, token: &str, hash: &str) -> Result<Vec<u8>, TransportError> {
        self.0.get_blob(Some(token), hash).map_err(to_transport)
    }
    fn report(
        &self,
        token: &str,
        report: &str,
        period: &str,
        by: Option<&str>,
    ) -> Result<serde_json::Value, TransportError> {
        let q = crate::reports::ReportQuery {
            period: period.to_string(),
            by: by.map(str::to_string),
        };
        self.0.report(Some(token), report, &q).map_err(to_transport)
    }
}
