//! Attachments go up after documents and never hold them back: a failed upload is retried at
//! the next sync, from where it stopped.

use super::engine::StoreAccess;
use super::transport::Transport;
use crate::error::Result;

/// Bytes per upload request.
const CHUNK: usize = 1024 * 1024;

/// Upload every blob the server does not have yet. Returns how many completed.
/// The store is locked to read a blob and to mark it uploaded, not while it travels.
pub fn upload_pending(
    access: &impl StoreAccess,
    transport: &dyn Transport,
    token: &str,
) -> Result<u64> {
    let pending: Vec<String> = access.with_store(|store| {
        let mut st = store
            .conn()
            .prepare_cached("SELECT hash FROM blobs WHERE uploaded = 0 ORDER BY hash")?;
        let rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    })?;
    let mut done = 0;
    for hash in pending {
        let bytes = access.with_store(|store| store.get_blob(&hash))?;
        let mut offset = transport.blob_offset(token, &hash)? as usize;
        while offset < bytes.len() {
            let end = (offset + CHUNK).min(bytes.len());
            transport.put_blob(token, &hash, offset as u64, &bytes[offset..end])?;
            offset = end;
        }
        // the bytes sent are not the proof: only the server, having checked them against the
        // name, says the blob is there; otherwise it is tried again at the next sync
        if !transport.blob_complete(token, &hash)? {
            continue;
        }
        access.with_store(|store| {
            store.write(|tx| {
                tx.execute("UPDATE blobs SET uploaded = 1 WHERE hash = ?1", [&hash])?;
                Ok(())
            })
        })?;
        done += 1;
    }
    Ok(done)
}
