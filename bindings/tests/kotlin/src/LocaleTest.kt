package com.fieldsales.ffi.tests

import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.consentTextIn
import com.fieldsales.ffi.formatDate
import com.fieldsales.ffi.formatMoneyIn
import com.fieldsales.ffi.formatPercentIn
import com.fieldsales.ffi.formatQtyIn
import com.fieldsales.ffi.quoteLabels
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The customer's locale: the core's formatters, the quote's labels and the company profile. */
class LocaleTest {
    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun moneyNumbersAndDatesFollowTheLocale() {
        assertEquals("82.500 ₫", formatMoneyIn(82_500, "VND", "vi-VN"))
        assertEquals("฿1,234.50", formatMoneyIn(123_450, "THB", "th-TH"))
        assertEquals("2,5", formatQtyIn(2_500, "vi"))
        assertEquals("۱۲٫۵ %", formatPercentIn(1_250, "fa"))
        assertEquals("7 ธันวาคม 2569", formatDate("2026-12-07", "th-TH"))
        assertEquals("۱۶ آذر ۱۴۰۵", formatDate("2026-12-07", "fa-IR"))
        try {
            formatDate("07/12/2026", "th")
            throw AssertionError("not a date")
        } catch (e: FieldSalesException.Invalid) {
            // expected
        }
    }

    @Test
    fun labelsAndConsentInTheCustomersLanguage() {
        assertEquals("合计", quoteLabels("zh-CN").total)
        assertTrue(quoteLabels("fa-IR").rtl)
        assertEquals("en", quoteLabels("de").language)
        val consent = consentTextIn("th-TH", "สมหญิง ใจดี", "Q-7", 2, "฿1.00")
        assertTrue(consent, consent.startsWith("ข้าพเจ้า สมหญิง ใจดี ยอมรับใบเสนอราคาเลขที่ Q-7"))
    }

    @Test
    fun theCompanyProfileIsSetAndReadBack() {
        newStore(tmp.root).use { store ->
            assertNull(store.companyProfile())
            val logo = byteArrayOf(0x89.toByte(), 'P'.code.toByte(), 'N'.code.toByte(), 'G'.code.toByte(), 13, 10, 26, 10, 0)
            val c = store.setCompanyProfile("Công ty TNHH Voi Nước", "12 Lê Lợi, Quận 1", "0312345678", "+84 28 1234 5678", logo)
            assertEquals("Công ty TNHH Voi Nước", c.legalName)
            assertTrue(logo.contentEquals(store.companyProfile()?.logo))
            try {
                store.setCompanyProfile("X", "", "", "", ByteArray(300 * 1024))
                throw AssertionError("a logo too large is refused")
            } catch (e: FieldSalesException.Invalid) {
                // expected
            }
        }
    }
}
