"""The customer's locale through the bindings: the core's money, quantity, percent and date
formatters, the quote's labels and consent sentence in Thai, Chinese, Persian and Vietnamese,
and the company profile that heads every quote."""

import unicodedata

import pytest

import fieldsales_ffi as fs


def test_money_and_numbers_follow_the_locale_and_the_currency():
    assert fs.format_money_in(82_500, "VND", "vi-VN") == "82.500 ₫"
    assert fs.format_money_in(123_450, "THB", "th-TH") == "฿1,234.50"
    assert fs.format_money_in(123_450, "CNY", "zh-CN") == "¥1,234.50"
    assert fs.format_money_in(1_234_567, "EUR", "fa-IR") == "۱۲٬۳۴۵٫۶۷ EUR"
    assert fs.format_money_in(1_234, "KWD", "en") == "KWD 1.234"
    assert fs.format_qty_in(2_500, "vi") == "2,5"
    assert fs.format_percent_in(1_250, "fa") == "۱۲٫۵ %"


def test_dates_use_the_customary_calendar():
    assert fs.format_date("2026-12-07", "th-TH") == "7 ธันวาคม 2569"
    assert fs.format_date("2026-12-07", "fa-IR") == "۱۶ آذر ۱۴۰۵"
    assert fs.format_date("2026-12-07", "zh-CN") == "2026年12月7日"
    assert fs.format_date("2026-12-07", "vi") == "07/12/2026"
    with pytest.raises(fs.FieldSalesError.Invalid):
        fs.format_date("7/12/2026", "th")


def test_labels_and_consent_in_the_customers_language():
    th = fs.quote_labels("th-TH")
    assert th.language == "th" and th.total == "ยอดรวมทั้งสิ้น" and not th.rtl
    assert fs.quote_labels("fa-IR").rtl
    assert fs.quote_labels("zh-CN").total == "合计"
    assert fs.quote_labels("de-DE").language == "en"
    consent = fs.consent_text_in("vi-VN", "Nguyễn Thị Hương", "Q-7", 2, "82.500 ₫")
    assert consent.startswith("Tôi, Nguyễn Thị Hương, đồng ý với báo giá số Q-7")
    assert unicodedata.is_normalized("NFC", consent)


def test_the_company_profile_is_set_and_read_back(tmp_path):
    s = fs.FieldSales.create(str(tmp_path / "root.db"), "root", fs.Role.ADMIN, "Asia/Bangkok")
    try:
        assert s.company_profile() is None
        logo = b"\x89PNG\r\n\x1a\n" + bytes(100)
        c = s.set_company_profile(
            "บริษัท ช้างน้ำ จำกัด", "99 ถนนสุขุมวิท\nกรุงเทพฯ 10110", "0105556012345", "+66 2 123 4567", logo)
        assert c.legal_name == "บริษัท ช้างน้ำ จำกัด"
        assert s.company_profile().logo == logo
        with pytest.raises(fs.FieldSalesError.Invalid):
            s.set_company_profile("X", "", "", "", b"\x89PNG\r\n\x1a\n" + bytes(256 * 1024))
        with pytest.raises(fs.FieldSalesError.Invalid):
            s.set_company_profile(" ", "", "", "", None)
        assert s.company_profile() == c
    finally:
        s.close_store()
