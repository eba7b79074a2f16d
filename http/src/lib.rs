//! The real transport: HTTP(S) with reqwest, rustls on the ring backend (aws-lc-rs and
//! native-tls do not cross-compile to Android without extra toolchains). It lives outside
//! `fieldsales-core` so the core, and the server that links it, carry no HTTP client.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};

use fieldsales_core::sync::protocol::{ErrorBody, LoginRequest, LoginResponse};
use fieldsales_core::sync::transport::{Transport, TransportError, check_report_args};

pub struct HttpTransport {
    base: String,
    client: Client,
}

impl HttpTransport {
    /// A transport to the server at `base`: `https://host[:port]`, or `http://` to this
    /// machine only (127.0.0.0/8, ::1, localhost) for development and tests. Plain HTTP to
    /// anywhere else is refused: it would carry the password and the token in clear.
    pub fn new(base: &str) -> Result<Self, TransportError> {
        // the process-wide crypto provider; a second install is a no-op error we can ignore
        let _ = rustls::crypto::ring::default_provider().install_default();
        let base = base.trim_end_matches('/').to_string();
        check_base_url(&base)?;
        let builder = Client::builder();
        // Android's platform verifier needs the app's JVM context before its first use, which
        // a library opened through uniffi does not have: trust Mozilla's roots there instead
        #[cfg(target_os = "android")]
        let builder = builder.tls_backend_preconfigured(mozilla_roots_tls()?);
        let client = builder
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .user_agent(concat!("fieldsales/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TransportError::Offline(e.to_string()))?;
        Ok(HttpTransport { base, client })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

fn bad_url(detail: String) -> TransportError {
    TransportError::Refused {
        status: 0,
        code: "bad_url".into(),
        detail,
    }
}

/// An https URL, or an http URL whose host is the loopback interface.
fn check_base_url(base: &str) -> Result<(), TransportError> {
    let url = reqwest::Url::parse(base)
        .map_err(|e| bad_url(format!("`{base}` is not an http(s) URL: {e}")))?;
    match url.scheme() {
        "https" if url.host().is_some() => Ok(()),
        "http" => {
            let loopback = match url.host() {
                Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
                Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                None => false,
            };
            if loopback {
                Ok(())
            } else {
                Err(bad_url(format!(
                    "`{base}`: plain http:// is only for this machine (127.0.0.1, ::1, localhost); \
                     use https:// (TLS comes from the proxy in front of the server)"
                )))
            }
        }
        _ => Err(bad_url(format!("`{base}` is not an http(s) URL"))),
    }
}

/// TLS that trusts the Mozilla root set compiled in (webpki-root-certs), with ring.
#[cfg(any(target_os = "android", test))]
fn mozilla_roots_tls() -> Result<rustls::ClientConfig, TransportError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().cloned());
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TransportError::Offline(format!("tls: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

fn offline(e: reqwest::Error) -> TransportError {
    TransportError::Offline(e.without_url().to_string())
}

/// Turn a non-2xx answer into a typed error.
fn check(resp: Response) -> Result<Response, TransportError> {
    let status = resp.status();
    if status.is_success() {
        return Ok(resp);
    }
    let body: Option<ErrorBody> = resp
        .bytes()
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let (code, detail) = body
        .map(|b| (b.error, b.detail))
        .unwrap_or_else(|| (status.as_str().to_string(), status.to_string()));
    Err(match status {
        // the phone deletes its data on this one (docs/protocol.md)
        StatusCode::UNAUTHORIZED if code == "device_revoked" => {
            TransportError::DeviceRevoked(detail)
        }
        StatusCode::UNAUTHORIZED => TransportError::Unauthorized(detail),
        StatusCode::FORBIDDEN => TransportError::Forbidden(detail),
        s if s.is_server_error() => TransportError::Server(detail),
        s => TransportError::Refused {
            status: s.as_u16(),
            code,
            detail,
        },
    })
}

impl Transport for HttpTransport {
    fn login(&self, req: &LoginRequest) -> Result<LoginResponse, TransportError> {
        let resp = self
            .client
            .post(self.url("/v1/auth/login"))
            .header("content-type", "application/json")
            .body(serde_json::to_vec(req).map_err(|e| TransportError::Server(e.to_string()))?)
            .send()
            .map_err(offline)?;
        let bytes = check(resp)?.bytes().map_err(offline)?;
        serde_json::from_slice(&bytes)
            .map_err(|e| TransportError::Server(format!("bad login answer: {e}")))
    }

    fn logout(&self, token: &str) -> Result<(), TransportError> {
        self.client
            .post(self.url("/v1/auth/logout"))
            .bearer_auth(token)
            .send()
            .map_err(offline)
            .and_then(check)
            .map(|_| ())
    }

    fn sync(&self, token: &str, body: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let resp = self
            .client
            .post(self.url("/v1/sync"))
            .bearer_auth(token)
            .header("content-type", "application/octet-stream")
            .body(body)
            .send()
            .map_err(offline)?;
        Ok(check(resp)?.bytes().map_err(offline)?.to_vec())
    }

    fn put_blob(
        &self,
        token: &str,
        hash: &str,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), TransportError> {
        let resp = self
            .client
            .put(self.url(&format!("/v1/blobs/{hash}?offset={offset}")))
            .bearer_auth(token)
            .body(bytes.to_vec())
            .send()
            .map_err(offline)?;
        check(resp).map(|_| ())
    }

    fn blob_offset(&self, token: &str, hash: &str) -> Result<u64, TransportError> {
        let resp = self
            .client
            .head(self.url(&format!("/v1/blobs/{hash}")))
            .bearer_auth(token)
            .send()
            .map_err(offline)?;
        if resp.status() == StatusCode::NOT_FOUND {
            return Ok(0);
        }
        let resp = check(resp)?;
        Ok(resp
            .headers()
            .get("upload-offset")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    fn blob_complete(&self, token: &str, hash: &str) -> Result<bool, TransportError> {
        let resp = self
            .client
            .head(self.url(&format!("/v1/blobs/{hash}")))
            .bearer_auth(token)
            .send()
            .map_err(offline)?;
        if resp.status() == StatusCode::NOT_FOUND {
            return Ok(false);
        }
        let resp = check(resp)?;
        Ok(resp
            .headers()
            .get("upload-complete")
            .is_some_and(|v| v.as_bytes() == b"1"))
    }

    fn get_blob(&self, token: &str, hash: &str) -> Result<Vec<u8>, TransportError> {
        let resp = self
            .client
            .get(self.url(&format!("/v1/blobs/{hash}")))
            .bearer_auth(token)
            .send()
            .map_err(offline)?;
        Ok(check(resp)?.bytes().map_err(offline)?.to_vec())
    }

    fn report(
        &self,
        token: &str,
        report: &str,
        period: &str,
        by: Option<&str>,
    ) -> Result<serde_json::Value, TransportError> {
        let mut parts = vec![report, period];
        parts.extend(by);
        check_report_args(&parts)?;
        let mut path = format!("/v1/reports/{report}?period={period}");
        if let Some(b) = by {
            path.push_str(&format!("&by={b}"));
        }
        let resp = self
            .client
            .get(self.url(&path))
            .bearer_auth(token)
            .send()
            .map_err(offline)?;
        let bytes = check(resp)?.bytes().map_err(offline)?;
        serde_json::from_slice(&bytes)
            .map_err(|e| TransportError::Server(format!("bad report answer: {e}")))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn plain_http_is_refused_except_to_this_machine() {
        for ok in [
            "https://sales.example.com",
            "https://sales.example.com:8443/",
            "http://127.0.0.1:8080",
            "http://127.5.6.7:1",
            "http://[::1]:8080/",
            "http://localhost:8080",
            "http://LOCALHOST",
        ] {
            assert!(HttpTransport::new(ok).is_ok(), "{ok} is allowed");
        }
        for bad in [
            "http://sales.example.com",
            "http://10.0.2.2:8080",
            "http://192.168.1.20:8080",
            "http://[2001:db8::1]:8080",
            "http://localhost.example.com",
            "http://127.0.0.1.example.com",
            "ftp://127.0.0.1",
            "127.0.0.1:8080",
            "https://",
            "",
        ] {
            match HttpTransport::new(bad) {
                Err(TransportError::Refused { code, .. }) => assert_eq!(code, "bad_url", "{bad}"),
                Err(e) => panic!("{bad}: unexpected {e}"),
                Ok(_) => panic!("{bad} must be refused"),
            }
        }
    }

    #[test]
    fn the_android_tls_setup_trusts_the_mozilla_roots_and_builds_a_client() {
        let config = mozilla_roots_tls().unwrap();
        assert!(webpki_root_certs::TLS_SERVER_ROOT_CERTS.len() > 100);
        assert_eq!(config.alpn_protocols[0], b"h2");
        Client::builder()
            .tls_backend_preconfigured(config)
            .build()
            .unwrap();
    }
}
