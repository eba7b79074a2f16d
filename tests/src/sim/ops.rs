//! The random operations devices perform between syncs.

use fieldsales_core::ops::{AccountEdit, NewAccount, NewLine, SignatureInput};
use fieldsales_core::records::{Account, Order, OrderStatus, Role};
use fieldsales_core::store::{Filter, ListQuery};
use rand::Rng;

use super::World;

fn accounts(w: &mut World, i: usize) -> Vec<Account> {
    w.store(i)
        .list::<Account>(&ListQuery::default().limit(1000))
        .unwrap_or_else(|e| panic!("list accounts: {e}"))
}

fn draft_orders(w: &mut World, i: usize) -> Vec<Order> {
    w.store(i)
        .list::<Order>(
            &ListQuery::default()
                .filter(Filter::eq(
                    "status",
                    OrderStatus::Draft.as_str().to_string(),
                ))
                .limit(1000),
        )
        .unwrap_or_else(|e| panic!("list orders: {e}"))
}

/// One random operation. Writes the device refuses (rules) change nothing and are not
/// acknowledged; writes it accepts are recorded as acknowledged.
/// Names and notes in the scripts the customers write: Thai with combining marks, Persian
/// with ZWNJ and a direction mark, Chinese, Vietnamese (one typed decomposed), an emoji.
const NAMES: &[&str] = &[
    "Customer",
    "ร้านกาแฟดอยช้าง",
    "กิ่งไม้",
    "فروشگاه می\u{200C}خواهم\u{200F}",
    "茶叶店",
    "Phở Hà Nội",
    "Nguye\u{0302}\u{0303}n",
    "Bäckerei 👩\u{200D}🍳",
];

pub fn step(w: &mut World) {
    // time passes between what people do: up to two minutes
    let pause = w.rng.random_range(1_000..120_000);
    w.clock.advance_ms(pause);
    let i = w.pick(w.devices.len());
    let manager = w.devices[i].role == Role::Manager;
    let roll = w.rng.random_range(0..100);
    match roll {
        // a manager opens an account in a territory
        0..=7 if manager => {
            let k = w.pick(2);
            let t = w.territories[k].clone();
            let a = NewAccount {
                name: format!(
                    "{} {}",
                    NAMES[w.pick(NAMES.len())],
                    w.rng.random_range(0..100_000)
                ),
                territory_id: Some(t),
                ..Default::default()
            };
            if let Ok(a) = w.store(i).create_account(a) {
                w.acked(i, &a.id);
            }
        }
        // anyone edits a customer's phone: the same field, concurrently, on several phones
        0..=19 => {
            let accs = accounts(w, i);
            if accs.is_empty() {
                return;
            }
            let a = accs[w.pick(accs.len())].id.clone();
            // or adds a note in the customer's language: concurrent appends all survive
            if roll % 2 == 1 {
                let edit = AccountEdit {
                    note: Some(NAMES[w.pick(NAMES.len())].to_string()),
                    ..AccountEdit::default()
                };
                if w.store(i).edit_account(&a, edit).is_ok() {
                    w.acked(i, &a);
                }
                return;
            }
            let phone = format!("+49 30 {}", w.rng.random_range(0..10_000));
            if w.store(i)
                .update::<Account>(&a, |x| {
                    x.phone = phone;
                    Ok(())
                })
                .is_ok()
            {
                w.acked(i, &a);
            }
        }
        // an order with a line
        20..=34 => {
            let accs = accounts(w, i);
            if accs.is_empty() {
                return;
            }
            let a = accs[w.pick(accs.len())].id.clone();
            let qty = 1_000 * w.rng.random_range(1..10);
            let line = NewLine::new(&w.product, qty, 0);
            if let Ok(o) = w.store(i).new_order_with_lines(&a, &[line]) {
                w.acked(i, &o.id);
            }
        }
        // another line on a draft order (perhaps one a colleague is also editing)
        35..=49 => {
            let orders = draft_orders(w, i);
            if orders.is_empty() {
                return;
            }
            let o = orders[w.pick(orders.len())].id.clone();
            let qty = 1_000 * w.rng.random_range(1..5);
            let discount = 100 * w.rng.random_range(0..5);
            let line = NewLine::new(&w.product, qty, discount);
            if w.store(i).add_order_line(&o, line).is_ok() {
                w.acked(i, &o);
            }
        }
        50..=56 => {
            let orders = draft_orders(w, i);
            if orders.is_empty() {
                return;
            }
            let o = orders[w.pick(orders.len())].id.clone();
            if w.store(i).submit_order(&o).is_ok() {
                w.acked(i, &o);
            }
        }
        // a visit: planned, then checked in
        57..=63 => {
            let accs = accounts(w, i);
            if accs.is_empty() {
                return;
            }
            let a = accs[w.pick(accs.len())].id.clone();
            let s = w.store(i);
            let now = s.now();
            if let Ok(v) = s.plan_visit(&a, now, 30)
                && s.check_in(&v.id, None, None).is_ok()
            {
                w.acked(i, &v.id);
            }
        }
        64..=65 => {
            if let Ok(t) = w.store(i).create_task("call back", None, None) {
                w.acked(i, &t.id);
            }
        }
        // a quote built, presented and signed at the customer's desk
        66..=67 => {
            let accs = accounts(w, i);
            if accs.is_empty() {
                return;
            }
            let a = accs[w.pick(accs.len())].id.clone();
            let qty = 1_000 * w.rng.random_range(1..10);
            let line = NewLine::new(&w.product, qty, 0);
            let s = w.store(i);
            let signed = s.new_quote(&a, 30).ok().and_then(|q| {
                s.add_quote_line(&q.id, line).ok()?;
                s.present_quote(&q.id).ok()?;
                let capture = SignatureInput {
                    signer_name: "Dana Schulz".into(),
                    signer_role: "Purchasing".into(),
                    consent_text: Some("I accept this quote.".into()),
                    strokes: vec![vec![[10, 10, 0], [20, 15, 16], [30, 12, 33]]],
                    place: None,
                    signed_at: None,
                };
                s.sign_quote(&q.id, capture).ok()
            });
            if let Some(q) = signed {
                w.acked(i, &q.id);
                w.report.quotes_signed += 1;
            }
        }
        // the manager moves a customer to the other territory
        68..=70 if manager => {
            let accs = accounts(w, i);
            if accs.is_empty() {
                return;
            }
            let a = accs[w.pick(accs.len())].clone();
            let to = w
                .territories
                .iter()
                .find(|t| Some(t.as_str()) != a.territory_id.as_deref())
                .cloned();
            if w.store(i)
                .update::<Account>(&a.id, |x| {
                    x.territory_id = to;
                    Ok(())
                })
                .is_ok()
            {
                w.acked(i, &a.id);
            }
        }
        71..=89 => {
            w.sync(i);
        }
        // the app is closed (or killed) and opened again
        90..=95 => {
            w.devices[i].store = None;
            w.report.reopens += 1;
        }
        // the user's sessions are revoked; the phone must sign in again
        _ => {
            let user = w.devices[i].user.clone();
            let api = w.server.api();
            if let Ok(Some(u)) =
                fieldsales_server::store::ServerStore::user_by_name(api.store(), &user)
            {
                let _ = fieldsales_server::store::ServerStore::revoke_tokens(api.store(), &u.id);
                w.report.revocations += 1;
            }
        }
    }
}
