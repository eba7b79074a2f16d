//! Search finds what a user types in the names people write: a word inside Thai and Chinese
//! names (no spaces between words), one or two Chinese characters, Persian with or without
//! its vowel signs, Vietnamese without its tone marks, the start of a Latin word; on every
//! search path (the account list, the product list, the search across kinds); and a store
//! whose full-text table has the previous layout gets the new one when it opens.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use fieldsales_core::ops::{AccountQuery, NewAccount, NewContact, NewProduct, ProductQuery};
use fieldsales_core::records::*;
use fieldsales_core::store::{ListQuery, schema};
use fieldsales_core::{InitOptions, Store};

fn store(dir: &tempfile::TempDir, name: &str) -> Store {
    Store::init(
        dir.path().join(format!("{name}.db")),
        InitOptions::new(name, Role::Rep),
    )
    .unwrap()
}

fn account(s: &mut Store, name: &str) -> String {
    s.create_account(NewAccount::named(name)).unwrap().id
}

fn product(s: &mut Store, sku: &str, name: &str) -> String {
    s.create_product(NewProduct::new(sku, name, 8800, "CNY", 1300))
        .unwrap()
        .id
}

/// The names of the accounts the account list finds for `q`, sorted.
fn accounts_found(s: &Store, q: &str) -> Vec<String> {
    let mut names: Vec<String> = s
        .accounts(&AccountQuery {
            search: Some(q.into()),
            limit: 200,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    names.sort();
    names
}

fn products_found(s: &Store, q: &str) -> Vec<String> {
    let mut names: Vec<String> = s
        .products(&ProductQuery {
            search: Some(q.into()),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    names.sort();
    names
}

#[test]
fn a_thai_word_is_found_anywhere_inside_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "th");
    account(&mut s, "ร้านกาแฟดอยช้างเชียงใหม่");
    account(&mut s, "บริษัท ช้างทอง จำกัด");
    account(&mut s, "ร้านดอยคำ");
    assert_eq!(accounts_found(&s, "ดอยช้าง"), ["ร้านกาแฟดอยช้างเชียงใหม่"]);
    assert_eq!(
        accounts_found(&s, "ช้าง"),
        ["บริษัท ช้างทอง จำกัด", "ร้านกาแฟดอยช้างเชียงใหม่"]
    );
    assert_eq!(accounts_found(&s, "เชียงใหม่"), ["ร้านกาแฟดอยช้างเชียงใหม่"]);
    // typed so far, before the tone mark: still found
    assert_eq!(accounts_found(&s, "ดอยช"), ["ร้านกาแฟดอยช้างเชียงใหม่"]);
    // two words, both inside the same name
    assert_eq!(accounts_found(&s, "กาแฟ เชียงใหม่"), ["ร้านกาแฟดอยช้างเชียงใหม่"]);
    assert_eq!(
        accounts_found(&s, "ดอย"),
        ["ร้านกาแฟดอยช้างเชียงใหม่", "ร้านดอยคำ"]
    );
    // the same letters in another order are another word
    assert!(accounts_found(&s, "ช้างดอย").is_empty());
}

#[test]
fn chinese_queries_of_one_two_and_more_characters() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "zh");
    product(&mut s, "T1", "乌龙茶礼盒");
    product(&mut s, "T2", "铁观音茶叶");
    product(&mut s, "G1", "礼品盒");
    // one character
    assert_eq!(products_found(&s, "茶"), ["乌龙茶礼盒", "铁观音茶叶"]);
    assert_eq!(products_found(&s, "盒"), ["乌龙茶礼盒", "礼品盒"]);
    // two: adjacent, in this order ("礼品盒" has both characters, not together)
    assert_eq!(products_found(&s, "礼盒"), ["乌龙茶礼盒"]);
    assert_eq!(products_found(&s, "茶叶"), ["铁观音茶叶"]);
    // three and more, from the middle or the end
    assert_eq!(products_found(&s, "龙茶礼"), ["乌龙茶礼盒"]);
    assert_eq!(products_found(&s, "乌龙茶礼盒"), ["乌龙茶礼盒"]);
    assert!(products_found(&s, "红茶").is_empty());
    // a SKU is still found by its start
    assert_eq!(products_found(&s, "t1"), ["乌龙茶礼盒"]);
}

#[test]
fn the_search_across_kinds_finds_accounts_contacts_and_products_inside_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "all");
    let shop = account(&mut s, "上海鑫隆贸易有限公司");
    s.create_contact(NewContact {
        account_id: shop.clone(),
        name: "欧阳海燕".into(),
        ..Default::default()
    })
    .unwrap();
    s.create_contact(NewContact {
        account_id: shop.clone(),
        name: "สมชาย ใจดี".into(),
        ..Default::default()
    })
    .unwrap();
    product(&mut s, "T1", "乌龙茶礼盒");
    let kinds = |q: &str| -> Vec<(Kind, String)> {
        let mut v: Vec<(Kind, String)> = s
            .search_customers_and_products(q, 50)
            .unwrap()
            .into_iter()
            .map(|h| (h.kind, h.text))
            .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    };
    let hits = kinds("鑫隆");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].0, Kind::Account);
    // the hit shows the text as written, not as indexed
    assert!(hits[0].1.starts_with("上海鑫隆贸易有限公司"), "{hits:?}");
    let hits = kinds("海");
    let found: Vec<Kind> = hits.iter().map(|h| h.0).collect();
    assert_eq!(found.len(), 2, "{hits:?}");
    assert!(found.contains(&Kind::Account) && found.contains(&Kind::Contact));
    assert_eq!(kinds("茶")[0].0, Kind::Product);
    let thai = s.search("ใจดี", &[Kind::Contact], 10).unwrap();
    assert_eq!(thai.len(), 1);
    assert_eq!(thai[0].text.trim(), "สมชาย ใจดี");
}

#[test]
fn persian_vietnamese_and_latin_names_are_found_by_the_start_of_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "spaced");
    account(&mut s, "فروشگاه کتاب تهران");
    account(&mut s, "داروخانه مُحَمَّدی");
    account(&mut s, "Nhà hàng Hoà Bình");
    account(&mut s, "Cà phê Đông Á");
    account(&mut s, "Acme GmbH");
    account(&mut s, "Müller Bäckerei KG");
    assert_eq!(accounts_found(&s, "کتاب"), ["فروشگاه کتاب تهران"]);
    assert_eq!(accounts_found(&s, "تهر"), ["فروشگاه کتاب تهران"]);
    // written with its vowel signs, typed without them (and the other way round)
    assert_eq!(accounts_found(&s, "محمدی"), ["داروخانه مُحَمَّدی"]);
    assert_eq!(accounts_found(&s, "مُحَمَّد"), ["داروخانه مُحَمَّدی"]);
    // Vietnamese without tone marks, and đ as d
    assert_eq!(accounts_found(&s, "hoa binh"), ["Nhà hàng Hoà Bình"]);
    assert_eq!(accounts_found(&s, "Hòa Bình"), ["Nhà hàng Hoà Bình"]);
    assert_eq!(accounts_found(&s, "dong"), ["Cà phê Đông Á"]);
    assert_eq!(accounts_found(&s, "cà phê"), ["Cà phê Đông Á"]);
    // Latin: case-insensitive prefixes of words, as before
    assert_eq!(accounts_found(&s, "Acme gmb"), ["Acme GmbH"]);
    assert_eq!(accounts_found(&s, "ACME"), ["Acme GmbH"]);
    assert_eq!(accounts_found(&s, "muller back"), ["Müller Bäckerei KG"]);
    // inside a Latin word is not the start of one
    assert!(accounts_found(&s, "cme").is_empty());
}

#[test]
fn input_that_is_no_word_finds_nothing_and_fails_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "odd");
    account(&mut s, "乌龙茶礼盒 \"Quote\" (NEAR) AND OR");
    for q in ["\"", "*", "()", "\u{0E49}", "\u{064E}", "-", "   "] {
        assert!(
            s.search(q, &[], 10).unwrap().is_empty(),
            "{q:?} found something"
        );
    }
    // operators and quotes are words or nothing, never syntax
    for q in ["NEAR(", "\"乌龙", "茶\" OR \"x", "AND", "*茶*"] {
        let r = s.search(q, &[], 10);
        assert!(r.is_ok(), "{q:?}: {r:?}");
    }
    assert_eq!(s.search("\"乌龙", &[], 10).unwrap().len(), 1);
    assert_eq!(s.search("*茶*", &[], 10).unwrap().len(), 1);
}

#[test]
fn a_rename_is_searchable_at_once_and_the_old_name_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir, "rename");
    let id = account(&mut s, "ร้านกาแฟดอยช้าง");
    s.update::<Account>(&id, |a| {
        a.name = "乌龙茶馆".into();
        Ok(())
    })
    .unwrap();
    assert!(accounts_found(&s, "ดอยช้าง").is_empty());
    assert_eq!(accounts_found(&s, "茶馆"), ["乌龙茶馆"]);
    assert_eq!(s.search("茶", &[Kind::Account], 10).unwrap().len(), 1);
}

#[test]
fn a_store_with_the_previous_search_table_gets_the_new_one_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let names = ["ร้านกาแฟดอยช้างเชียงใหม่", "上海鑫隆贸易有限公司", "Acme GmbH"];
    {
        let mut s = Store::init(&path, InitOptions::new("old", Role::Rep)).unwrap();
        for n in names {
            account(&mut s, n);
        }
        product(&mut s, "T1", "乌龙茶礼盒");
    }
    // what the previous build left: its full-text table, filled the way it filled it
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("DROP TABLE search").unwrap();
        c.execute_batch(schema::frozen_v2_search()).unwrap();
        c.execute_batch(
            "INSERT INTO search (rowid, body, kind, doc_id)
               SELECT d.rowid, json_extract(i.json, '$.name'), 'account', i.id
               FROM idx_account i JOIN documents d ON d.id = i.id;
             INSERT INTO search (rowid, body, kind, doc_id)
               SELECT d.rowid, i.sku || ' ' || i.name, 'product', i.id
               FROM idx_product i JOIN documents d ON d.id = i.id;",
        )
        .unwrap();
        // the old table finds a Thai word only at the start of a name
        let inside: i64 = c
            .query_row(
                "SELECT count(*) FROM search WHERE search MATCH '\"ดอยช้าง\"*'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(inside, 0);
    }
    // the kinds' tables are current: only the full-text table is remade, from their rows,
    // and no document needs reading (checked on a copy; the store below opens the original)
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    {
        let mut c = rusqlite::Connection::open(&copy).unwrap();
        let tx = c.transaction().unwrap();
        assert!(!schema::rebuild_index_if_changed(&tx).unwrap());
        let rows: i64 = tx
            .query_row("SELECT count(*) FROM search", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 4);
    }
    let mut s = Store::open(&path).unwrap();
    let fresh = store(&dir, "fresh");
    assert_eq!(
        schema::describe(s.conn()).unwrap(),
        schema::describe(fresh.conn()).unwrap()
    );
    let rows: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM search", [], |r| r.get(0))
        .unwrap();
    // the three accounts, the product and the user record's kind is not searchable
    assert_eq!(rows, 4);
    assert_eq!(accounts_found(&s, "ดอยช้าง"), ["ร้านกาแฟดอยช้างเชียงใหม่"]);
    assert_eq!(accounts_found(&s, "鑫隆"), ["上海鑫隆贸易有限公司"]);
    assert_eq!(accounts_found(&s, "acme gm"), ["Acme GmbH"]);
    assert_eq!(products_found(&s, "茶"), ["乌龙茶礼盒"]);
    assert!(s.check_index().unwrap().is_empty());
    // and it stays current: the next open rebuilds nothing
    drop(s);
    let s = Store::open(&path).unwrap();
    assert!(schema::index_is_current(s.conn()).unwrap());
    let all: Vec<Account> = s.list(&ListQuery::default()).unwrap();
    assert_eq!(all.len(), names.len());
}
