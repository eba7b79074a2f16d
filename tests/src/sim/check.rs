//! The invariants after the network heals: the server and every device hold identical
//! documents for the scopes they share, every index says what its documents say, and every
//! acknowledged write is on the server or listed as refused on its device.

use std::collections::{BTreeMap, BTreeSet};

use fieldsales_server::scope::Access;
use fieldsales_server::store::ServerStore;

use super::World;

pub type Findings = Vec<String>;

fn sorted_heads(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = bytes.chunks(32).map(<[u8]>::to_vec).collect();
    v.sort();
    v
}

pub fn check(w: &mut World) -> Findings {
    let mut out = Vec::new();
    let api = w.server.api();
    let store = api.store();
    for i in 0..w.devices.len() {
        let user = w.devices[i].user.clone();
        if let Some(e) = &w.devices[i].last_error {
            out.push(format!("{user}: the last sync after healing failed: {e}"));
        }
        let Ok(Some(row)) = store.user_by_name(&user) else {
            out.push(format!("{user}: not on the server"));
            continue;
        };
        let access = match Access::for_user(store, &row) {
            Ok(a) => a,
            Err(e) => {
                out.push(format!("{user}: scopes: {e}"));
                continue;
            }
        };
        let mut expected: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
        let mut after: Option<String> = None;
        loop {
            let page = store
                .docs_in_scopes(&access.readable, after.as_deref(), 1000)
                .unwrap_or_else(|e| panic!("server docs: {e}"));
            let full = page.len() == 1000;
            after = page.last().map(|d| d.id.clone());
            for d in page {
                expected.insert(d.id, sorted_heads(&d.heads));
            }
            if !full {
                break;
            }
        }
        let s = w.store(i);
        let held: BTreeMap<String, Vec<Vec<u8>>> = {
            let mut st = s
                .conn()
                .prepare("SELECT id, heads FROM documents")
                .unwrap_or_else(|e| panic!("{e}"));
            st.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .unwrap_or_else(|e| panic!("{e}"))
            .map(|r| r.map(|(id, h)| (id, sorted_heads(&h))))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let want: BTreeSet<&String> = expected.keys().collect();
        let have: BTreeSet<&String> = held.keys().collect();
        for id in want.difference(&have) {
            out.push(format!("{user}: missing {id}, which is in their scopes"));
        }
        for id in have.difference(&want) {
            out.push(format!("{user}: holds {id}, which is outside their scopes"));
        }
        for (id, heads) in &held {
            if let Some(server) = expected.get(id)
                && server != heads
            {
                out.push(format!("{user}: {id} differs from the server's"));
            }
        }
        match s.dirty_count() {
            Ok(0) => {}
            Ok(n) => out.push(format!("{user}: {n} documents still to push")),
            Err(e) => out.push(format!("{user}: {e}")),
        }
        match s.check_index() {
            Ok(m) if m.is_empty() => {}
            Ok(m) => out.push(format!(
                "{user}: index disagrees with {} documents",
                m.len()
            )),
            Err(e) => out.push(format!("{user}: index check: {e}")),
        }
        w.report.documents += held.len();
    }
    // every acknowledged write is on the server, or refused and listed on its device
    let mut refused: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for i in 0..w.devices.len() {
        let ids = w
            .store(i)
            .rejections()
            .unwrap_or_else(|e| panic!("rejections: {e}"))
            .into_iter()
            .map(|r| r.doc_id)
            .collect();
        refused.insert(i, ids);
    }
    w.report.rejections = refused.values().map(BTreeSet::len).sum();
    let mut lost = 0;
    for a in &w.acked {
        if refused
            .get(&a.device)
            .is_some_and(|r| r.contains(&a.doc_id))
        {
            continue;
        }
        let on_server = store
            .load_doc(&a.doc_id)
            .unwrap_or_else(|e| panic!("{e}"))
            .and_then(|d| automerge::AutoCommit::load(&d.snapshot).ok())
            .is_some_and(|mut d| a.heads.iter().all(|h| d.get_change_by_hash(h).is_some()));
        if !on_server {
            lost += 1;
            if lost <= 5 {
                out.push(format!(
                    "{}: an acknowledged write to {} is neither on the server nor refused",
                    w.devices[a.device].user, a.doc_id
                ));
            }
        }
    }
    if lost > 5 {
        out.push(format!("... {lost} acknowledged writes lost in all"));
    }
    out
}
