//! The device's own Ed25519 key, behind a small trait so the mobile shells can keep it in the
//! Android Keystore or the iOS Keychain instead. The default keeps it in the store's `meta`
//! table (never synced, never exported), generated on first use: one key per device store.

use ed25519_dalek::SigningKey;

use crate::Store;
use crate::env::Env;
use crate::error::{Error, Result};

/// The `meta` key holding the default key store's secret (hex, 32 bytes).
pub const DEVICE_KEY_META: &str = "device_signing_key";

/// Where a device keeps the private key it seals signatures with.
pub trait KeyStore {
    fn signing_key(&self) -> Result<SigningKey>;

    /// The public key (hex, 32 bytes), as registered with the server at login.
    fn public_key_hex(&self) -> Result<String> {
        Ok(public_key_hex(&self.signing_key()?))
    }
}

/// A key held in memory: tests, and shells that fetched the key from a platform store.
impl KeyStore for SigningKey {
    fn signing_key(&self) -> Result<SigningKey> {
        Ok(self.clone())
    }
}

/// The default key store: the secret in the device store's `meta` table.
#[derive(Debug, Clone, Copy)]
pub struct MetaKeyStore<'a> {
    store: &'a Store,
}

impl KeyStore for MetaKeyStore<'_> {
    fn signing_key(&self) -> Result<SigningKey> {
        let fresh = hex::encode(generate_signing_key(self.store.env()).to_bytes());
        // two processes on one store may race here: the first write wins for both
        let stored = self.store.meta_or_insert(DEVICE_KEY_META, &fresh)?;
        parse_secret(&stored)
    }
}

/// A new key from the environment's random source (the system's, on a real device).
pub fn generate_signing_key(env: &Env) -> SigningKey {
    let mut secret = [0u8; 32];
    env.fill(&mut secret);
    SigningKey::from_bytes(&secret)
}

pub fn public_key_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

fn parse_secret(hex_secret: &str) -> Result<SigningKey> {
    let bytes: [u8; 32] = hex::decode(hex_secret.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::DeviceKey("the stored device key is damaged".into()))?;
    Ok(SigningKey::from_bytes(&bytes))
}

impl Store {
    /// The device's default key store.
    pub fn device_keys(&self) -> MetaKeyStore<'_> {
        MetaKeyStore { store: self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InitOptions;
    use crate::records::Role;

    #[test]
    fn the_default_key_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let s = Store::init(&path, InitOptions::new("ana", Role::Rep)).unwrap();
        let a = s.device_keys().public_key_hex().unwrap();
        assert_eq!(a.len(), 64);
        assert_eq!(s.device_keys().public_key_hex().unwrap(), a);
        drop(s);
        let s = Store::open(&path).unwrap();
        assert_eq!(s.device_keys().public_key_hex().unwrap(), a);
    }

    /// A login registers the public key before the store exists; the store is made with
    /// that key in the same transaction as its identity, so no kill can leave the device id
    /// with another key (which the server refuses for good).
    #[test]
    fn a_store_made_with_a_device_key_keeps_exactly_that_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let k = generate_signing_key(&Env::system());
        let mut opts = InitOptions::new("ana", Role::Rep);
        opts.device_key = Some(k.clone());
        drop(Store::init(&path, opts).unwrap());
        let s = Store::open(&path).unwrap();
        assert_eq!(
            s.device_keys().public_key_hex().unwrap(),
            public_key_hex(&k)
        );
    }
}
