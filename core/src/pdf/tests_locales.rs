//! A quote per language (Thai, Simplified Chinese, Persian, Vietnamese, English) rendered and
//! read back with poppler's `pdftotext`: names, products, signer, role, terms and the consent
//! sentence must come back exactly (NFC), in reading order, with no `?` or missing glyphs.

use unicode_normalization::UnicodeNormalization;

use super::tests::pdftotext;
use super::*;
use crate::locale::{consent_text, format_date, format_money_in};
use crate::time::Day;

/// One customer story per locale: (locale, currency, customer, products, signer, role, terms).
pub(super) struct Story {
    pub locale: &'static str,
    pub currency: &'static str,
    pub customer: &'static str,
    pub address: &'static str,
    pub products: [&'static str; 2],
    pub signer: &'static str,
    pub role: &'static str,
    pub terms: &'static str,
}

pub(super) const STORIES: [Story; 5] = [
    Story {
        locale: "th-TH",
        currency: "THB",
        customer: "ร้านกาแฟดอยช้างเชียงใหม่",
        address: "123 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมือง เชียงใหม่ 50200",
        products: ["น้ำดื่มตราช้าง 600 มล.", "เมล็ดกาแฟคั่วกลาง ดอยช้าง 1 กก."],
        signer: "สมหญิง ใจดี",
        role: "ฝ่ายจัดซื้อ",
        terms: "ชำระเงินภายใน 30 วัน",
    },
    Story {
        locale: "zh-CN",
        currency: "CNY",
        customer: "上海浦东新区星光便利店",
        address: "上海市浦东新区世纪大道100号",
        products: ["农夫山泉饮用天然水 550毫升", "康师傅红烧牛肉面 五连包"],
        signer: "王小明",
        role: "采购经理",
        terms: "货到后三十天内付款，运费由卖方承担。",
    },
    Story {
        locale: "fa-IR",
        currency: "IRR",
        customer: "فروشگاه زنجیره‌ای افق کوروش",
        address: "تهران، خیابان ولیعصر، پلاک ۱۲",
        products: ["آب معدنی دماوند", "چای سبز گلستان"],
        signer: "مریم احمدی",
        role: "مدیر خرید",
        terms: "تحویل کالا در انبار خریدار",
    },
    Story {
        locale: "vi-VN",
        currency: "VND",
        customer: "Cửa hàng Tạp hóa Bà Tư",
        address: "45 Đường Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh",
        products: ["Nước khoáng Lavie 500ml", "Cà phê rang xay Trung Nguyên"],
        signer: "Nguyễn Thị Hương",
        role: "Trưởng phòng mua hàng",
        terms: "Giao hàng trong vòng ba ngày làm việc.",
    },
    Story {
        locale: "en",
        currency: "EUR",
        customer: "Bäckerei Müller",
        address: "Hauptstraße 1, 80331 München",
        products: ["Espresso machine service kit", "Descaler, 1 l"],
        signer: "Erika Mustermann",
        role: "Head of Purchasing",
        terms: "Delivery within two weeks.",
    },
];

pub(super) fn story_document(s: &Story) -> QuoteDocument {
    let day = Day::parse("2026-12-07").unwrap_or_else(|e| panic!("{e}"));
    let total = 1_234_500;
    QuoteDocument {
        locale: s.locale.into(),
        seller: "Fieldsales Demo Co., Ltd.".into(),
        seller_lines: vec!["99 Sukhumvit Road, Bangkok 10110".into()],
        seller_logo: None,
        number: "Q-00042".into(),
        revision: 2,
        customer_name: s.customer.into(),
        customer_lines: vec![s.address.into()],
        customer_tax_id: "0105556012345".into(),
        quote_date: format_date(day, s.locale),
        valid_until: format_date(day.plus_days(30), s.locale),
        currency: s.currency.into(),
        lines: s
            .products
            .iter()
            .enumerate()
            .map(|(i, p)| DocumentLine {
                description: (*p).into(),
                qty_milli: 24_000 * (i as i64 + 1),
                unit_price_minor: 2_500,
                discount_bp: 500,
                tax_bp: 700,
                net_minor: 57_000 * (i as i64 + 1),
            })
            .collect(),
        discount_bp: 0,
        subtotal_minor: 1_153_738,
        tax_minor: 80_762,
        total_minor: total,
        payment_terms_days: 30,
        terms: s.terms.into(),
        content_hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        signature: Some(DocumentSignature {
            signer_name: s.signer.into(),
            signer_role: s.role.into(),
            signed_at: format_date(day, s.locale),
            place: None,
            consent_text: consent_text(
                s.locale,
                s.signer,
                "Q-00042",
                "2",
                &format_money_in(total, s.currency, s.locale),
            ),
            strokes: vec![vec![[0, 0, 0], [30, 40, 10], [60, 5, 20]]],
            device_key: "a3f1".repeat(16),
        }),
    }
}

fn render_ok(doc: &QuoteDocument) -> Vec<u8> {
    match render(doc) {
        Ok(b) => b,
        Err(e) => panic!("render failed: {e}"),
    }
}

#[test]
fn pdf_every_locale_reads_back_exactly() {
    for s in &STORIES {
        let doc = story_document(s);
        let bytes = render_ok(&doc);
        let text: String = pdftotext(&bytes).nfc().collect();
        let labels = crate::locale::labels(s.locale);
        let mut needles = vec![s.customer, s.signer, s.role, s.terms, labels.total];
        needles.extend(s.products);
        for needle in needles {
            let needle: String = needle.nfc().collect();
            assert!(
                text.contains(&needle),
                "{}: missing {needle:?} in:\n{text}",
                s.locale
            );
        }
        assert!(!text.contains('?'), "{}: a ? in:\n{text}", s.locale);
        assert!(!text.contains('\u{FFFD}'), "{}: {text}", s.locale);
    }
}

#[test]
fn pdf_every_locale_is_deterministic_and_embeds_only_subsets() {
    for s in &STORIES {
        let doc = story_document(s);
        let a = render_ok(&doc);
        assert_eq!(a, render_ok(&doc.clone()), "{}", s.locale);
        // the 3 MB Chinese face is subset to the characters used
        assert!(a.len() < 200_000, "{}: {} bytes", s.locale, a.len());
    }
}
