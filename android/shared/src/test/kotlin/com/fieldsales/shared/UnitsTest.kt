package com.fieldsales.shared

import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Test
import java.util.Locale

/** Money through the core's formatter; dates, times and percentages in the user's locale. */
class UnitsTest {
    private val th = Locale.forLanguageTag("th-TH")
    private val zh = Locale.forLanguageTag("zh-CN")
    private val fa = Locale.forLanguageTag("fa-IR")
    private val vi = Locale.forLanguageTag("vi-VN")

    /** 2026-11-18 11:06:40 UTC: 18:06 in Bangkok and Ho Chi Minh City. */
    private val ms = 1_795_000_000_000L

    @Test
    fun moneyHasItsCurrencysDecimalsFromTheCore() {
        assertEquals("1500.00 THB", Units.money(150_000, "THB"))
        assertEquals("25000 VND", Units.money(25_000, "VND"))
        assertEquals("1.234 KWD", Units.money(1_234, "KWD"))
        assertEquals("-0.05 EUR", Units.money(-5, "EUR"))
        assertEquals("1250 JPY", Units.money(1250, "JPY"))
        assertEquals(2, Units.decimals("THB"))
        assertEquals(0, Units.decimals("VND"))
        assertEquals(3, Units.decimals("KWD"))
        assertNull(Units.decimals("XYZ"))
        assertNull(Units.decimals("บาท"))
    }

    @Test
    fun quantitiesAndRatesReadInAnyScriptsDigits() {
        assertEquals(1500L, Units.parseQtyMilli("1,5"))
        assertEquals(1500L, Units.parseQtyMilli("๑.๕"))
        assertEquals(12_500L, Units.parseQtyMilli("۱۲٫۵"))
        assertEquals(3000L, Units.parseQtyMilli("٣"))
        assertNull(Units.parseQtyMilli("0"))
        assertNull(Units.parseQtyMilli("1.0005"))
        assertNull(Units.parseQtyMilli("ba"))
        assertNull(Units.parseQtyMilli("一"))
        assertEquals("1.5", Units.qty(1500))
        assertEquals(1250L, Units.parsePercentBp("12.5"))
        assertEquals(1250L, Units.parsePercentBp("۱۲٫۵"))
        assertEquals(0L, Units.parsePercentBp(""))
        assertNull(Units.parsePercentBp("101"))
    }

    @Test
    fun percentagesAndDistancesAreWrittenAsTheLocaleWritesThem() {
        assertEquals("12.5%", Units.percent(1250, Locale.ENGLISH))
        assertEquals("۱۲٫۵٪", Units.percent(1250, fa))
        assertEquals("12,5%", Units.percent(1250, vi))
        assertEquals("88%", Units.percentOf(87.6, Locale.ENGLISH))
        assertEquals("12.5", Units.km(12.46, Locale.ENGLISH))
        assertEquals("۱۲٫۵", Units.km(12.46, fa))
    }

    @Test
    fun datesUseTheLocalesWordsDigitsAndCalendar() {
        // Thai dates are in the Buddhist era: 2026 is 2569
        assertEquals("22 พ.ย. 2569", Units.day("2026-11-22", th))
        assertEquals("2026年11月22日", Units.day("2026-11-22", zh))
        assertEquals("۲۲ نوامبر ۲۰۲۶", Units.day("2026-11-22", fa))
        assertEquals("22 thg 11, 2026", Units.day("2026-11-22", vi))
        assertEquals("not a day", Units.day("not a day", th))
        assertEquals("18:06", Units.time(ms, "Asia/Bangkok", th))
        assertEquals("۱۸:۰۶", Units.time(ms, "Asia/Bangkok", fa))
        assertTrue(Units.dateTime(ms, "Asia/Ho_Chi_Minh", vi), Units.dateTime(ms, "Asia/Ho_Chi_Minh", vi).startsWith("18:06"))
        assertTrue(Units.dateTime(ms, "Asia/Shanghai", zh).startsWith("2026年11月18日"))
        // an unknown zone falls back to UTC rather than failing the screen
        assertEquals("11:06", Units.time(ms, "Mars/Olympus", th))
    }

    @Test
    fun periodsOfADay() {
        assertEquals(Periods("2026-11", "2026-Q4"), Periods.of("2026-11-22"))
        assertEquals("2026-Q1", Periods.of("2026-03-31").quarter)
    }
}
