//! Encryption at rest (docs/adr/0009-encryption-at-rest.md): the store file, its WAL and
//! everything in them (documents, index, photos, the token, the device key) encrypted by
//! SQLCipher with a 256-bit key the shell supplies (the Android Keystore, the iOS Keychain, a
//! key file for the CLI). Without a key the store is plain SQLite, as scripts and tests use it.

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// The 256-bit key of an encrypted store. Wiped from memory when dropped; never printed.
#[derive(Clone)]
pub struct StoreKey([u8; 32]);

impl StoreKey {
    /// A key from its 32 bytes (what a platform keystore hands back).
    pub fn from_bytes(bytes: &[u8]) -> Result<StoreKey> {
        let arr: [u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::invalid(format!("a store key is 32 bytes, not {}", bytes.len())))?;
        Ok(StoreKey(arr))
    }

    /// A key from 64 hex characters, as a key file holds it (one trailing newline allowed).
    pub fn from_hex(text: &str) -> Result<StoreKey> {
        let text = text
            .strip_suffix("\r\n")
            .or_else(|| text.strip_suffix('\n'))
            .unwrap_or(text);
        if text.len() != 64 {
            return Err(Error::invalid(
                "a store key is 64 hex characters (32 bytes), optionally followed by a newline",
            ));
        }
        let bytes = Zeroizing::new(
            hex::decode(text).map_err(|_| Error::invalid("a store key is hex characters only"))?,
        );
        StoreKey::from_bytes(&bytes)
    }

    /// SQLCipher's raw-key literal: the key is used as is, with no password derivation.
    fn sql_literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"x'{}'\"", hex::encode(self.0)))
    }
}

impl Drop for StoreKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(..)")
    }
}

/// SQLite's own header: a store written without a key starts with it, an encrypted one with
/// random salt.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What the first bytes of a store file say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileState {
    /// Missing or empty: a new store, written in whatever form it is opened with.
    New,
    Plain,
    /// Not SQLite's header, and the first page looks like random bytes: encrypted (or
    /// damaged beyond telling apart).
    LooksEncrypted,
    /// Neither: a damaged file.
    Other,
}

pub(crate) fn file_state(path: &Path) -> Result<FileState> {
    let mut first = Vec::with_capacity(4096);
    match std::fs::File::open(path) {
        Ok(f) => {
            f.take(4096).read_to_end(&mut first)?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::New),
        Err(e) => return Err(e.into()),
    }
    if first.is_empty() {
        return Ok(FileState::New);
    }
    if first.starts_with(PLAIN_HEADER) {
        return Ok(FileState::Plain);
    }
    // a page of ciphertext holds nearly every byte value; a zeroed, truncated or scribbled
    // plain file does not
    let mut seen = [false; 256];
    for b in &first {
        seen[usize::from(*b)] = true;
    }
    let distinct = seen.iter().filter(|s| **s).count();
    Ok(if first.len() >= 1024 && distinct >= 200 {
        FileState::LooksEncrypted
    } else {
        FileState::Other
    })
}

/// Give the connection its key. The first statement on an encrypted connection; refuses a
/// build whose SQLite is not SQLCipher (it would silently ignore the key and write clear text).
pub(crate) fn apply_key(conn: &Connection, key: &StoreKey) -> Result<()> {
    require_sqlcipher(conn)?;
    conn.execute_batch(&format!("PRAGMA key = {};", key.sql_literal().as_str()))?;
    Ok(())
}

fn require_sqlcipher(conn: &Connection) -> Result<()> {
    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .ok();
    match version {
        Some(v) if !v.is_empty() => Ok(()),
        _ => Err(Error::EncryptionUnavailable),
    }
}

fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Encrypt a store written without a key, in place, without ever losing the plain copy
/// before the encrypted one is complete and verified:
/// 1. the plain store's WAL is checkpointed into its file;
/// 2. `sqlcipher_export` writes an encrypted copy beside it (`<file>.encrypting`, 0600);
/// 3. the copy is opened with the key and checked (`quick_check`, the count of documents);
/// 4. it is synced to disk and renamed over the plain file (atomic), then the directory synced.
///
/// A crash before 4 leaves the plain store as it was (the half copy is replaced on the next
/// attempt); after 4, the encrypted one. The plain bytes may linger in the disk's free blocks:
/// flash storage cannot be overwritten in place (the ADR says so).
pub(crate) fn encrypt_plain_store(path: &Path, key: &StoreKey) -> Result<()> {
    let tmp = side(path, ".encrypting");
    match std::fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    super::open::make_private(&tmp)?;
    let (documents, version) = {
        let plain = Connection::open(path)?;
        require_sqlcipher(&plain)?;
        plain.busy_timeout(std::time::Duration::from_secs(5))?;
        plain.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let documents: i64 = plain
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .unwrap_or(0);
        let version: i64 = plain.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tmp_name = tmp
            .to_str()
            .ok_or_else(|| Error::invalid("the store's path is not UTF-8"))?
            .replace('\'', "''");
        plain.execute_batch(&format!(
            "ATTACH DATABASE '{tmp_name}' AS encrypted KEY {};",
            key.sql_literal().as_str()
        ))?;
        plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        // the export copies schema and rows, not the header's schema version
        plain.execute_batch(&format!("PRAGMA encrypted.user_version = {version};"))?;
        plain.execute_batch("DETACH DATABASE encrypted;")?;
        // closing the last connection folds the plain WAL back and deletes it
        plain.close().map_err(|(_, e)| Error::Sql(e))?;
        (documents, version)
    };
    {
        let copy = Connection::open(&tmp)?;
        apply_key(&copy, key)?;
        let check: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        let copied: i64 = copy
            .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .unwrap_or(0);
        let copied_version: i64 = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if check != "ok" || copied != documents || copied_version != version {
            return Err(Error::invalid(format!(
                "the encrypted copy did not verify ({check}, {copied} of {documents} documents); \
                 the store is unchanged"
            )));
        }
        copy.close().map_err(|(_, e)| Error::Sql(e))?;
    }
    if side(path, "-wal").exists()
        && std::fs::metadata(side(path, "-wal"))
            .map(|m| m.len())
            .unwrap_or(0)
            > 0
    {
        // another process still writes the plain store: leave everything as it is
        return Err(Error::invalid(
            "the store is in use by another process; close it and try again",
        ));
    }
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, path)?;
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(side(path, suffix)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // best effort: not every platform lets a directory be opened for syncing
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    tracing::info!("store encrypted in place");
    Ok(())
}
