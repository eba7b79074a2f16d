//! The whole HTTP surface as plain methods: login, sync, blobs, health, metrics. The axum
//! handlers and the in-process transport both call these, so tests exercise the same code.

use std::path::Path;
use std::time::Instant;

use fieldsales_core::Env;
use fieldsales_core::sync::protocol::{
    self, LoginRequest, LoginResponse, MAX_REQUEST_BYTES, SyncRequest,
};

use crate::auth;
use crate::error::{Error, Result};
use crate::metrics::Metrics;
use crate::service::SyncService;
use crate::store::{ServerStore, SqliteStore, TokenRow, UserRow};

/// Largest attachment.
pub const MAX_BLOB_BYTES: u64 = 16 * 1024 * 1024;

pub struct Api<S: ServerStore = SqliteStore> {
    pub service: SyncService<S>,
    pub metrics: Metrics,
}

impl Api<SqliteStore> {
    /// Open (or create) the server's data directory.
    pub fn open(data_dir: &Path) -> Result<Self> {
        Ok(Api::new(SqliteStore::open(data_dir)?))
    }

    /// See `SqliteStore::open_with`: non-durable only to load benchmark data.
    pub fn open_with(data_dir: &Path, durable: bool) -> Result<Self> {
        Ok(Api::new(SqliteStore::open_with(data_dir, durable)?))
    }
}

fn check_hash(hash: &str) -> Result<()> {
    if hash.len() == 64
        && hash
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    {
        Ok(())
    } else {
        Err(Error::BadRequest(
            "a blob is named by its lower-case hex SHA-256".into(),
        ))
    }
}

impl<S: ServerStore> Api<S> {
    pub fn new(store: S) -> Self {
        Api::with_env(store, Env::system())
    }

    /// A server on `env`'s clock and randomness (a simulation's; `new` takes the system's).
    pub fn with_env(store: S, env: Env) -> Self {
        Api {
            service: SyncService::with_env(store, env),
            metrics: Metrics::default(),
        }
    }

    fn env(&self) -> &Env {
        self.service.env()
    }

    pub fn store(&self) -> &S {
        self.service.store()
    }

    /// The feed's last sequence number (0 when empty or unreadable).
    pub fn store_max_seq(&self) -> u64 {
        self.store().max_seq().unwrap_or(0)
    }

    pub fn login(&self, req: &LoginRequest) -> Result<LoginResponse> {
        let user = self.store().user_by_name(&req.user)?;
        let user = match user {
            Some(u) if u.active && auth::verify_password(&req.password, &u.password_hash) => u,
            _ => {
                Metrics::add(&self.metrics.logins_failed, 1);
                return Err(Error::Unauthorized("wrong user name or password".into()));
            }
        };
        if req.device_id.is_empty() || req.device_id.len() > 64 {
            return Err(Error::BadRequest("a device id is required".into()));
        }
        self.store()
            .register_device(&req.device_id, &user.id, req.public_key.as_deref())?;
        let (token, hash) = auth::new_token(self.env());
        let expires_at = auth::now_secs(self.env()) + auth::TOKEN_TTL_SECS;
        self.store().put_token(
            &hash,
            &TokenRow {
                user_id: user.id.clone(),
                device_id: req.device_id.clone(),
                expires_at,
                revoked: false,
            },
        )?;
        Metrics::add(&self.metrics.logins_ok, 1);
        Ok(LoginResponse {
            token,
            user_id: user.id,
            user_name: user.name,
            role: user.role,
            territory_ids: user.territory_ids,
            expires_at,
        })
    }

    /// `POST /v1/auth/logout`: end the session of this token only (the device signs out). A
    /// token that is unknown, expired or already revoked is answered 401 like any other
    /// request with it; the device treats that as already signed out.
    pub fn logout(&self, token: Option<&str>) -> Result<()> {
        let token = token.ok_or_else(|| Error::Unauthorized("sign in first".into()))?;
        self.authenticate(Some(token))?;
        self.store().revoke_token(&auth::token_hash(token))
    }

    /// The user and device behind a bearer token.
    pub fn authenticate(&self, token: Option<&str>) -> Result<(UserRow, String)> {
        let token = token.ok_or_else(|| Error::Unauthorized("sign in first".into()))?;
        let row = self
            .store()
            .token(&auth::token_hash(token))?
            .ok_or_else(|| Error::Unauthorized("unknown token".into()))?;
        if row.revoked || row.expires_at <= auth::now_secs(self.env()) {
            return Err(Error::Unauthorized(
                "the session has ended; sign in again".into(),
            ));
        }
        let user = self
            .store()
            .user_by_id(&row.user_id)?
            .filter(|u| u.active)
            .ok_or_else(|| Error::Unauthorized("the account is disabled".into()))?;
        Ok((user, row.device_id))
    }

    pub fn sync(&self, token: Option<&str>, body: &[u8]) -> Result<Vec<u8>> {
        let started = Instant::now();
        let (user, device) = self.authenticate(token)?;
        let req: SyncRequest = protocol::decode(body, MAX_REQUEST_BYTES).inspect_err(|_| {
            Metrics::add(&self.metrics.bad_requests, 1);
        })?;
        let pushed = req.push.len() as u64;
        let resp = self.service.sync(&user, &device, req)?;
        let out = protocol::encode(&resp);
        let m = &self.metrics;
        Metrics::add(&m.syncs, 1);
        Metrics::add(&m.bytes_in, body.len() as u64);
        Metrics::add(&m.bytes_out, out.len() as u64);
        Metrics::add(&m.pushed, pushed);
        Metrics::add(&m.accepted, resp.accepted.len() as u64);
        Metrics::add(&m.pulled, resp.pull.len() as u64);
        for r in &resp.rejected {
            m.rejected(&r.reason);
        }
        m.observe_ms(started.elapsed().as_secs_f64() * 1000.0);
        Ok(out)
    }

    /// A manager's report over the server's data (see `reports.rs`), as JSON.
    pub fn report(
        &self,
        token: Option<&str>,
        report: &str,
        q: &crate::reports::ReportQuery,
    ) -> Result<serde_json::Value> {
        let (user, _) = self.authenticate(token)?;
        let report = crate::reports::Report::parse(report)?;
        crate::reports::run(self.store(), &user, report, q)
    }

    pub fn blob_offset(&self, token: Option<&str>, hash: &str) -> Result<u64> {
        self.authenticate(token)?;
        check_hash(hash)?;
        Ok(self.store().blob_len(hash)?.map_or(0, |(n, _)| n))
    }

    pub fn put_blob(
        &self,
        token: Option<&str>,
        hash: &str,
        offset: u64,
        bytes: &[u8],
    ) -> Result<u64> {
        self.authenticate(token)?;
        check_hash(hash)?;
        if offset + bytes.len() as u64 > MAX_BLOB_BYTES {
            return Err(Error::TooLarge((offset as usize) + bytes.len()));
        }
        self.store().append_blob(hash, offset, bytes)
    }

    pub fn get_blob(&self, token: Option<&str>, hash: &str) -> Result<Vec<u8>> {
        self.authenticate(token)?;
        check_hash(hash)?;
        self.store()
            .blob(hash)?
            .ok_or_else(|| Error::NotFound("no such attachment".into()))
    }
}
