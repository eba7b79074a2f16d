//! Attachments (photos, signature images): content-addressed blobs referenced by SHA-256,
//! never stored inside documents.

use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};

use crate::Store;
use crate::error::{Error, Result};

/// Largest attachment a device stores (a phone photo, compressed).
pub const MAX_BLOB_BYTES: usize = 16 * 1024 * 1024;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Store {
    /// Store an attachment; returns its hash. Storing the same bytes twice is a no-op.
    pub fn put_blob(&mut self, bytes: &[u8]) -> Result<String> {
        if bytes.is_empty() {
            return Err(Error::invalid("an attachment cannot be empty"));
        }
        if bytes.len() > MAX_BLOB_BYTES {
            return Err(Error::invalid(format!(
                "attachment of {} bytes is over the {} byte limit",
                bytes.len(),
                MAX_BLOB_BYTES
            )));
        }
        let hash = sha256_hex(bytes);
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO blobs (hash, bytes, size) VALUES (?1, ?2, ?3)",
                rusqlite::params![hash, bytes, bytes.len() as i64],
            )?;
            Ok(())
        })?;
        Ok(hash)
    }

    pub fn get_blob(&self, hash: &str) -> Result<Vec<u8>> {
        self.conn()
            .query_row("SELECT bytes FROM blobs WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::not_found("blob", hash))
    }
}
