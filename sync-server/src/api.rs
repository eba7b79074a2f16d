//! The whole HTTP surface as plain methods: login, sync, blobs, health, metrics. The axum
//! handlers and the in-process transport both call these, so tests exercise the same code.

use std::net::IpAddr;
use std::path::Path;
use std::time::Instant;

use fieldsales_core::Env;
use fieldsales_core::sync::protocol::{
    self, LoginRequest, LoginResponse, MAX_REQUEST_BYTES, SyncRequest,
};

use crate::audit::{self, AuditEntry, AuditEvent};
use crate::auth;
use crate::error::{Error, Result};
use crate::limits::{self, Limiter, LoginLimits};
use crate::metrics::Metrics;
use crate::passwords::{self, HashGate};
use crate::service::SyncService;
use crate::store::{LoginFailures, ServerStore, SqliteStore, TokenRow, UserRow};

/// Largest attachment.
pub const MAX_BLOB_BYTES: u64 = 16 * 1024 * 1024;
/// How long an incomplete upload is kept: a day, enough for a phone to come back online and
/// resume; after that it starts again from byte 0.
pub const BLOB_UPLOAD_TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// Longest user name a sign-in may name (names are chosen by admins; this only bounds what
/// an anonymous client can make the server keep).
pub const MAX_USER_NAME_BYTES: usize = 200;

pub struct Api<S: ServerStore = SqliteStore> {
    pub service: SyncService<S>,
    pub metrics: Metrics,
    /// Sign-in attempts and unauthenticated requests by client address and user name.
    pub limiter: Limiter,
    /// Password verifications: a few at a time, in memory allocated once.
    pub hashes: HashGate,
}

/// Why a request was refused before its body was read, and whether the client is one this
/// server signed in (whose refused body is read and dropped so it sees the answer, not a
/// reset) or not (whose body is not read at all).
#[derive(Debug)]
pub struct Refusal {
    pub error: Error,
    pub known_client: bool,
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
            limiter: Limiter::new(LoginLimits::default()),
            hashes: HashGate::per_core(),
        }
    }

    /// The same server with other sign-in limits (tests, benchmarks, `serve` flags).
    pub fn with_limits(mut self, limits: LoginLimits) -> Self {
        self.limiter = Limiter::new(limits);
        self
    }

    /// The same server with `permits` password verifications at a time.
    pub fn with_hash_permits(mut self, permits: usize) -> Self {
        self.hashes = HashGate::new(permits, 256);
        self
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

    /// A sign-in without a client address (in process): limited per user name only.
    pub fn login(&self, req: &LoginRequest) -> Result<LoginResponse> {
        self.login_from(req, None)
    }

    /// A sign-in from `client`. Before any password is checked, the client address and the
    /// user name must each have an attempt left and the name must not be locked (429 with
    /// `Retry-After` otherwise, the same whether the name exists or not); then the password
    /// is checked against the user's hash, or a dummy of the same cost for a name that does
    /// not exist, so neither the answer nor its time tells which names exist.
    pub fn login_from(&self, req: &LoginRequest, client: Option<IpAddr>) -> Result<LoginResponse> {
        if req.user.trim().is_empty() || req.user.len() > MAX_USER_NAME_BYTES {
            return Err(Error::BadRequest("a user name is required".into()));
        }
        if req.device_id.is_empty() || req.device_id.len() > 64 {
            return Err(Error::BadRequest("a device id is required".into()));
        }
        let now = self.env().now().millis();
        let address = client.map(limits::address_key);
        let failures = self.admit_attempt(address.as_deref(), &req.user, now)?;
        let user = self.store().user_by_name(&req.user)?;
        let hash = match &user {
            Some(u) => u.password_hash.as_str(),
            None => passwords::dummy_hash(self.service.password_cost()),
        };
        let matched = self.hashes.verify(&req.password, hash)?;
        let user_id = user.as_ref().map(|u| u.id.clone());
        let entry = |event| {
            AuditEntry::new(now, event)
                .user(user_id.as_deref(), Some(&req.user))
                .device(&req.device_id)
                .address(address.as_deref())
        };
        let user = match user {
            Some(u) if matched && u.active => u,
            Some(_) if matched => {
                // the right password for a disabled account: not a guess, so not counted
                Metrics::add(&self.metrics.logins_failed, 1);
                audit::record(
                    self.store(),
                    &[entry(AuditEvent::LoginFailed).detail("account disabled")],
                );
                return Err(Error::Unauthorized("wrong user name or password".into()));
            }
            known => {
                Metrics::add(&self.metrics.logins_failed, 1);
                if let Some(a) = &address {
                    self.limiter.by_address.charge(a, now);
                }
                let mut entries = vec![entry(AuditEvent::LoginFailed).detail(if known.is_some() {
                    "wrong password"
                } else {
                    "unknown user name"
                })];
                if let Some(until) = self.count_failure(&req.user, failures, now)? {
                    entries.push(entry(AuditEvent::LockedOut).detail(format!(
                        "until {}",
                        fieldsales_core::time::Ts::from_millis(until)
                    )));
                }
                audit::record(self.store(), &entries);
                return Err(Error::Unauthorized("wrong user name or password".into()));
            }
        };
        // the right password: the attempt does not count against the name (nor was it charged
        // to the address, which pays for failures only)
        self.limiter.by_name.give_back(&req.user, now);
        if failures.is_some() {
            self.store().clear_login_failures(&req.user)?;
        }
        if let Err(e) =
            self.store()
                .register_device(&req.device_id, &user.id, req.public_key.as_deref(), now)
        {
            if matches!(
                e,
                Error::DeviceRevoked | Error::DeviceKeyMismatch | Error::Forbidden(_)
            ) {
                Metrics::add(&self.metrics.logins_failed, 1);
                audit::record(
                    self.store(),
                    &[entry(AuditEvent::LoginFailed).detail(e.to_string())],
                );
            }
            return Err(e);
        }
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
        audit::record(self.store(), &[entry(AuditEvent::LoginOk)]);
        let (zone, currency, locale) = self.service.user_profile(&user.id)?;
        Ok(LoginResponse {
            token,
            user_id: user.id,
            user_name: user.name,
            role: user.role,
            territory_ids: user.territory_ids,
            expires_at,
            zone: Some(zone),
            currency: Some(currency),
            locale: Some(locale),
        })
    }

    /// Take an attempt from the address's and the name's buckets and check the name is not
    /// locked. Returns the name's failures so far (`None`: none on record).
    fn admit_attempt(
        &self,
        address: Option<&str>,
        name: &str,
        now: i64,
    ) -> Result<Option<LoginFailures>> {
        let throttled = |e: Error| {
            Metrics::add(&self.metrics.logins_throttled, 1);
            e
        };
        // an address is checked now and charged for failures only, so a sales office behind
        // one address can sign in all its phones at once; a name pays up front, so concurrent
        // guesses for one name get no more than its burst
        if let Some(a) = address {
            self.limiter.by_address.check(a, now).map_err(throttled)?;
        }
        self.limiter.by_name.take(name, now).map_err(throttled)?;
        let failures = self.store().login_failures(name)?;
        if let Some(f) = failures
            && f.locked_until_ms > now
        {
            let secs = u64::try_from(f.locked_until_ms - now)
                .unwrap_or(0)
                .div_ceil(1000);
            return Err(throttled(Error::TooManyRequests {
                retry_after_secs: secs.max(1),
            }));
        }
        Ok(failures)
    }

    /// Count a failed sign-in for `name`; returns when its lockout ends if this one locked it.
    fn count_failure(
        &self,
        name: &str,
        before: Option<LoginFailures>,
        now: i64,
    ) -> Result<Option<i64>> {
        let l = &self.limiter.limits;
        let forget_before = now - l.failure_window_ms;
        let so_far = before
            .filter(|f| f.last_at_ms >= forget_before)
            .map_or(0, |f| f.failures);
        let failures = so_far.saturating_add(1);
        let locked_until = if failures >= l.lock_after_failures {
            now + l.lockout_ms
        } else {
            0
        };
        self.store().put_login_failures(
            name,
            &LoginFailures {
                failures,
                last_at_ms: now,
                locked_until_ms: locked_until,
            },
            forget_before,
        )?;
        Ok((locked_until > 0).then_some(locked_until))
    }

    /// Before a request's body is read: a valid token passes (signed-in traffic is never
    /// limited); a token this server issued that no longer holds (expired, revoked, a revoked
    /// device) is refused as it would be after the body; a missing or unknown token counts
    /// against the client's address, and is refused with 401, or 429 once the address has no
    /// attempts left.
    pub fn admit(
        &self,
        token: Option<&str>,
        client: Option<IpAddr>,
    ) -> std::result::Result<(UserRow, String), Refusal> {
        let error = match self.authenticate(token) {
            Ok(who) => return Ok(who),
            Err(e) => e,
        };
        let known = match token {
            Some(t) => self
                .store()
                .token(&auth::token_hash(t))
                .map_err(|error| Refusal {
                    error,
                    known_client: false,
                })?
                .is_some(),
            None => false,
        };
        match error {
            error if known => Err(Refusal {
                error,
                known_client: true,
            }),
            error => {
                let now = self.env().now().millis();
                let error = match client.map(limits::address_key) {
                    Some(a) => match self.limiter.by_address.take(&a, now) {
                        Ok(()) => error,
                        Err(busy) => {
                            Metrics::add(&self.metrics.unauthenticated_throttled, 1);
                            busy
                        }
                    },
                    None => error,
                };
                Err(Refusal {
                    error,
                    known_client: false,
                })
            }
        }
    }

    /// The user behind a bearer token, who must be an admin (`/metrics`).
    pub fn require_admin(&self, token: Option<&str>) -> Result<UserRow> {
        let (user, _) = self.authenticate(token)?;
        if user.role != fieldsales_core::records::Role::Admin {
            return Err(Error::Forbidden("for administrators only".into()));
        }
        Ok(user)
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
        // a revoked device is told so, whatever else holds of its token: its phone wipes itself
        if self
            .store()
            .device(&row.device_id)?
            .is_some_and(|d| d.revoked_at_ms.is_some())
        {
            return Err(Error::DeviceRevoked);
        }
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
        let kinds: std::collections::HashMap<String, fieldsales_core::records::Kind> =
            req.push.iter().map(|p| (p.id.clone(), p.kind)).collect();
        let resp = self.service.sync(&user, &device, req)?;
        if !resp.rejected.is_empty() {
            let now = self.env().now().millis();
            let entries: Vec<AuditEntry> = resp
                .rejected
                .iter()
                .map(|r| {
                    AuditEntry::new(now, AuditEvent::Rejected)
                        .user(Some(&user.id), Some(&user.name))
                        .device(&device)
                        .detail(format!(
                            "{} {}: {}",
                            kinds.get(&r.id).map_or("document", |k| k.as_str()),
                            r.id,
                            r.reason
                        ))
                })
                .collect();
            audit::record(self.store(), &entries);
        }
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
        self.blob_status(token, hash).map(|(n, _)| n)
    }

    /// The bytes of a blob this device has uploaded (the whole length once complete), and
    /// whether it is complete.
    pub fn blob_status(&self, token: Option<&str>, hash: &str) -> Result<(u64, bool)> {
        let (_, device) = self.authenticate(token)?;
        check_hash(hash)?;
        self.store().blob_part_len(hash, &device)
    }

    pub fn put_blob(
        &self,
        token: Option<&str>,
        hash: &str,
        offset: u64,
        bytes: &[u8],
    ) -> Result<u64> {
        let (_, device) = self.authenticate(token)?;
        check_hash(hash)?;
        if offset + bytes.len() as u64 > MAX_BLOB_BYTES {
            return Err(Error::TooLarge((offset as usize) + bytes.len()));
        }
        let now = self.env().now().millis();
        // uploads that never complete (a device gone, bytes that do not match their name)
        // do not stay: each upload sweeps those older than the TTL
        self.store().sweep_blob_parts(now - BLOB_UPLOAD_TTL_MS)?;
        self.store()
            .append_blob_part(hash, &device, offset, bytes, now)
            .map(|(n, _)| n)
    }

    /// A complete blob, for those who may read a document that references it (admins read
    /// all). Anyone else is answered as if it did not exist: a hash tells them nothing.
    pub fn get_blob(&self, token: Option<&str>, hash: &str) -> Result<Vec<u8>> {
        let (user, _) = self.authenticate(token)?;
        check_hash(hash)?;
        let missing = || Error::NotFound("no such attachment".into());
        if user.role != fieldsales_core::records::Role::Admin {
            let access = crate::scope::Access::for_user(self.store(), &user)?;
            let mut readable = false;
            for id in self.store().blob_refs(hash)? {
                if self
                    .store()
                    .load_doc(&id)?
                    .is_some_and(|d| access.readable.contains(&d.scope))
                {
                    readable = true;
                    break;
                }
            }
            if !readable {
                return Err(missing());
            }
        }
        self.store().blob(hash)?.ok_or_else(missing)
    }
}
