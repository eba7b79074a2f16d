//! The words printed on a customer's documents, in the customer's language: the quote PDF's
//! labels and the consent sentence the customer signs. Chosen by the language subtag of a
//! locale ([`language`]); a language without its own table gets English. Templates name their
//! blanks in braces (`{n}`), filled by [`fill`].

use super::language;

/// Every label of the quote PDF in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    /// The language these labels are in ("en", "th", "zh", "fa", "vi").
    pub language: &'static str,
    /// True for a right-to-left script.
    pub rtl: bool,
    /// `{number}`, `{revision}`: the document title.
    pub title: &'static str,
    pub status: &'static str,
    pub date: &'static str,
    pub valid_until: &'static str,
    pub currency: &'static str,
    pub bill_to: &'static str,
    pub tax_id: &'static str,
    pub phone: &'static str,
    pub description: &'static str,
    pub qty: &'static str,
    pub unit_price: &'static str,
    pub discount: &'static str,
    pub tax_rate: &'static str,
    pub net: &'static str,
    pub no_lines: &'static str,
    pub subtotal: &'static str,
    pub quote_discount: &'static str,
    pub tax: &'static str,
    pub total: &'static str,
    /// `{n}`: payment due within n days.
    pub payment_days: &'static str,
    pub payment_on_receipt: &'static str,
    pub terms: &'static str,
    pub content_hash: &'static str,
    pub signature: &'static str,
    pub signed_by: &'static str,
    pub signed_at: &'static str,
    pub place: &'static str,
    pub device_key: &'static str,
    /// `{i}`, `{n}`: page footer.
    pub page: &'static str,
    pub continued: &'static str,
    /// `{signer}`, `{number}`, `{revision}`, `{total}`: the sentence the customer signs.
    pub consent: &'static str,
}

const EN: Labels = Labels {
    language: "en",
    rtl: false,
    title: "Quote {number} rev {revision}",
    status: "Status",
    date: "Date",
    valid_until: "Valid until",
    currency: "Currency",
    bill_to: "Bill to",
    tax_id: "Tax ID",
    phone: "Phone",
    description: "Description",
    qty: "Qty",
    unit_price: "Unit price",
    discount: "Discount",
    tax_rate: "Tax",
    net: "Net",
    no_lines: "(no line items)",
    subtotal: "Subtotal",
    quote_discount: "Quote discount",
    tax: "Tax",
    total: "Total",
    payment_days: "Payment within {n} days",
    payment_on_receipt: "Payment due on receipt",
    terms: "Terms and conditions",
    content_hash: "Content hash (SHA-256)",
    signature: "Signature",
    signed_by: "Signed by",
    signed_at: "Signed at",
    place: "Place",
    device_key: "Device key",
    page: "Page {i} of {n}",
    continued: "(continued)",
    consent: "I, {signer}, accept quote {number} revision {revision} for a total of {total} \
              including tax, with its terms.",
};

const TH: Labels = Labels {
    language: "th",
    rtl: false,
    title: "ใบเสนอราคา {number} ฉบับที่ {revision}",
    status: "สถานะ",
    date: "วันที่",
    valid_until: "ยืนราคาถึง",
    currency: "สกุลเงิน",
    bill_to: "เสนอราคาแก่",
    tax_id: "เลขประจำตัวผู้เสียภาษี",
    phone: "โทร.",
    description: "รายการ",
    qty: "จำนวน",
    unit_price: "ราคาต่อหน่วย",
    discount: "ส่วนลด",
    tax_rate: "ภาษี",
    net: "จำนวนเงิน",
    no_lines: "(ไม่มีรายการสินค้า)",
    subtotal: "รวมเป็นเงิน",
    quote_discount: "ส่วนลดท้ายบิล",
    tax: "ภาษีมูลค่าเพิ่ม",
    total: "ยอดรวมทั้งสิ้น",
    payment_days: "ชำระเงินภายใน {n} วัน",
    payment_on_receipt: "ชำระเงินทันทีเมื่อได้รับสินค้า",
    terms: "เงื่อนไขและข้อตกลง",
    content_hash: "รหัสตรวจสอบเอกสาร (SHA-256)",
    signature: "ลายมือชื่อ",
    signed_by: "ลงนามโดย",
    signed_at: "ลงนามเมื่อ",
    place: "สถานที่",
    device_key: "กุญแจของอุปกรณ์",
    page: "หน้า {i} จาก {n}",
    continued: "(ต่อ)",
    consent: "ข้าพเจ้า {signer} ยอมรับใบเสนอราคาเลขที่ {number} ฉบับที่ {revision} \
              ยอดรวมทั้งสิ้น {total} รวมภาษีแล้ว พร้อมทั้งเงื่อนไขและข้อตกลงทุกประการ",
};

const ZH: Labels = Labels {
    language: "zh",
    rtl: false,
    title: "报价单 {number}（第{revision}版）",
    status: "状态",
    date: "日期",
    valid_until: "有效期至",
    currency: "币种",
    bill_to: "客户",
    tax_id: "纳税人识别号",
    phone: "电话",
    description: "品名",
    qty: "数量",
    unit_price: "单价",
    discount: "折扣",
    tax_rate: "税率",
    net: "金额",
    no_lines: "（无明细）",
    subtotal: "小计",
    quote_discount: "整单折扣",
    tax: "税额",
    total: "合计",
    payment_days: "{n}天内付款",
    payment_on_receipt: "货到付款",
    terms: "条款与条件",
    content_hash: "内容哈希（SHA-256）",
    signature: "签名",
    signed_by: "签署人",
    signed_at: "签署时间",
    place: "地点",
    device_key: "设备密钥",
    page: "第{i}页，共{n}页",
    continued: "（续）",
    consent: "本人{signer}接受报价单{number}（第{revision}版），含税总额{total}，\
              并同意其全部条款。",
};

const FA: Labels = Labels {
    language: "fa",
    rtl: true,
    title: "پیش‌فاکتور {number} ویرایش {revision}",
    status: "وضعیت",
    date: "تاریخ",
    valid_until: "معتبر تا",
    currency: "واحد پول",
    bill_to: "خریدار",
    tax_id: "کد اقتصادی",
    phone: "تلفن",
    description: "شرح کالا",
    qty: "تعداد",
    unit_price: "قیمت واحد",
    discount: "تخفیف",
    tax_rate: "مالیات",
    net: "مبلغ",
    no_lines: "(بدون قلم کالا)",
    subtotal: "جمع",
    quote_discount: "تخفیف کل",
    tax: "مالیات بر ارزش افزوده",
    total: "جمع کل",
    payment_days: "پرداخت ظرف {n} روز",
    payment_on_receipt: "پرداخت هنگام تحویل",
    terms: "شرایط و ضوابط",
    content_hash: "چکیده محتوا (SHA-256)",
    signature: "امضا",
    signed_by: "امضاکننده",
    signed_at: "زمان امضا",
    place: "محل",
    device_key: "کلید دستگاه",
    page: "صفحه {i} از {n}",
    continued: "(ادامه)",
    consent: "اینجانب {signer} پیش‌فاکتور شماره {number} (ویرایش {revision}) را به مبلغ کل \
              {total} با احتساب مالیات و با همه شرایط آن می‌پذیرم.",
};

const VI: Labels = Labels {
    language: "vi",
    rtl: false,
    title: "Báo giá {number} – phiên bản {revision}",
    status: "Trạng thái",
    date: "Ngày",
    valid_until: "Có hiệu lực đến",
    currency: "Tiền tệ",
    bill_to: "Khách hàng",
    tax_id: "Mã số thuế",
    phone: "Điện thoại",
    description: "Mô tả",
    qty: "Số lượng",
    unit_price: "Đơn giá",
    discount: "Chiết khấu",
    tax_rate: "Thuế",
    net: "Thành tiền",
    no_lines: "(không có mặt hàng)",
    subtotal: "Cộng tiền hàng",
    quote_discount: "Chiết khấu đơn hàng",
    tax: "Tiền thuế",
    total: "Tổng cộng",
    payment_days: "Thanh toán trong vòng {n} ngày",
    payment_on_receipt: "Thanh toán ngay khi nhận hàng",
    terms: "Điều khoản và điều kiện",
    content_hash: "Mã băm nội dung (SHA-256)",
    signature: "Chữ ký",
    signed_by: "Người ký",
    signed_at: "Thời điểm ký",
    place: "Địa điểm",
    device_key: "Khóa thiết bị",
    page: "Trang {i}/{n}",
    continued: "(tiếp theo)",
    consent: "Tôi, {signer}, đồng ý với báo giá số {number} (phiên bản {revision}) với tổng \
              giá trị {total} đã bao gồm thuế, cùng toàn bộ các điều khoản kèm theo.",
};

/// The labels for a locale's language; English for a language without its own.
pub fn labels(locale: &str) -> &'static Labels {
    match language(locale).as_str() {
        "th" => &TH,
        "zh" => &ZH,
        "fa" => &FA,
        "vi" => &VI,
        _ => &EN,
    }
}

/// Fill a template's `{name}` blanks; unknown blanks stay as they are.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The consent sentence a customer signs, in the locale's language: who, which quote and
/// revision and the total as already formatted for the locale.
pub fn consent_text(
    locale: &str,
    signer: &str,
    number: &str,
    revision: &str,
    total: &str,
) -> String {
    fill(
        labels(locale).consent,
        &[
            ("signer", signer.trim()),
            ("number", number),
            ("revision", revision),
            ("total", total),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn every_language_fills_its_templates_and_is_nfc() {
        for loc in ["en", "th-TH", "zh-CN", "fa-IR", "vi-VN"] {
            let l = labels(loc);
            assert_eq!(l.language, language(loc));
            let c = consent_text(loc, " สมหญิง ใจดี ", "Q-7", "2", "฿1.00");
            for part in ["สมหญิง ใจดี", "Q-7", "฿1.00"] {
                assert!(c.contains(part), "{loc}: {c}");
            }
            assert!(!c.contains('{'), "{loc}: {c}");
            for s in [
                l.title,
                l.consent,
                l.payment_days,
                l.page,
                l.total,
                l.bill_to,
            ] {
                assert_eq!(s.nfc().collect::<String>(), s, "{loc}: {s} is not NFC");
            }
        }
        assert_eq!(labels("de-DE").language, "en");
        assert_eq!(labels("").language, "en");
        assert!(labels("fa").rtl && !labels("th").rtl);
        assert_eq!(fill("{i}/{n} {x}", &[("i", "1"), ("n", "2")]), "1/2 {x}");
    }
}
