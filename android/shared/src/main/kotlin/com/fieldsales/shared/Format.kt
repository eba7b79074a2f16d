package com.fieldsales.shared

import com.fieldsales.ffi.currencyDecimals
import com.fieldsales.ffi.formatMoney
import java.math.BigDecimal
import java.math.RoundingMode
import java.text.NumberFormat
import java.time.Instant
import java.time.LocalDate
import java.time.ZoneId
import java.time.chrono.Chronology
import java.time.chrono.ThaiBuddhistChronology
import java.time.format.DateTimeFormatter
import java.time.format.DecimalStyle
import java.time.format.FormatStyle
import java.util.Locale

/**
 * Units as the core keeps them (integer minor units, thousandths, basis points, UTC ms) and
 * as a screen shows or reads them. Only display and parsing: no arithmetic on money here, the
 * totals always come from the core.
 *
 * Money goes through the core's formatter (`formatMoney`, the one ISO 4217 table: VND 0,
 * THB 2, KWD 3 decimals), so a phone shows exactly the amount the CLI, the PDF and the server
 * show. Dates, times and percentages are the platform's, in the user's [Locale] (the screen
 * passes the one its resources are in): the core has no date formatter yet.
 */
object Units {
    /** `1250, "EUR"` -> `12.50 EUR`: the core's digits with the currency's decimals, then the code. */
    fun money(minor: Long, currency: String): String = "${formatMoney(minor, currency)} $currency"

    /** How many decimals [currency] has (ISO 4217, from the core); null for a code it refuses. */
    fun decimals(currency: String): Int? = runCatching { currencyDecimals(currency).toInt() }.getOrNull()

    /** `1500` -> `1.5`. */
    fun qty(milli: Long): String =
        BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString()

    /**
     * `"1.5"` -> `1500`; null for text that is not a positive quantity with at most 3 decimals.
     * Digits as a Thai, Persian or Arabic keyboard types them are read too (`"๑.๕"`, `"۱٫۵"`).
     */
    fun parseQtyMilli(text: String): Long? = parseScaled(text, 3)?.takeIf { it > 0 }

    /** `1250` bp -> `12.5%` as [locale] writes a percentage (`۱۲٫۵٪` in Persian). */
    fun percent(bp: Long, locale: Locale = Locale.getDefault()): String =
        percentFormat(locale, 2).format(BigDecimal.valueOf(bp, 4))

    /** A percentage the core computed (`pct`, 0-100 and beyond) with no decimals: `87%`. */
    fun percentOf(pct: Double, locale: Locale = Locale.getDefault()): String =
        percentFormat(locale, 0).format(pct / 100.0)

    /** A distance in kilometres with one decimal, in [locale]'s digits: `12.5`. */
    fun km(value: Double, locale: Locale = Locale.getDefault()): String =
        NumberFormat.getNumberInstance(locale).apply {
            minimumFractionDigits = 1
            maximumFractionDigits = 1
        }.format(value)

    /** `"10"` (percent) -> `1000` bp; `""` -> 0; null for anything else. */
    fun parsePercentBp(text: String): Long? =
        if (text.isBlank()) 0 else parseScaled(text, 2)?.takeIf { it in 0..10_000 }

    private fun percentFormat(locale: Locale, fraction: Int) =
        NumberFormat.getPercentInstance(locale).apply {
            minimumFractionDigits = 0
            maximumFractionDigits = fraction
        }

    private fun parseScaled(text: String, scale: Int): Long? = runCatching {
        BigDecimal(asciiNumber(text.trim()))
            .setScale(scale, RoundingMode.UNNECESSARY)
            .unscaledValue()
            .longValueExact()
    }.getOrNull()

    /** Any script's decimal digits as ASCII; `,` and the Arabic decimal separator `٫` as `.`. */
    private fun asciiNumber(text: String): String = buildString {
        for (c in text) {
            append(
                when {
                    c == ',' || c == '\u066B' -> '.'
                    Character.isDigit(c) -> '0' + Character.digit(c, 10)
                    else -> c
                },
            )
        }
    }

    /** `14:05`, or as [locale] writes a time of day. */
    fun time(ms: Long, zone: String, locale: Locale = Locale.getDefault()): String =
        localized(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT), locale).format(at(ms, zone))

    /** A date and time as [locale] writes them, in its calendar (Thai: the Buddhist era). */
    fun dateTime(ms: Long, zone: String, locale: Locale = Locale.getDefault()): String =
        localized(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT), locale)
            .format(at(ms, zone))

    /** A `YYYY-MM-DD` day from the core as [locale] writes it; the text itself if it is no day. */
    fun day(iso: String, locale: Locale = Locale.getDefault()): String =
        runCatching { localized(DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM), locale).format(LocalDate.parse(iso)) }
            .getOrDefault(iso)

    /**
     * [base] in [locale]: its words, its digits, and its calendar. A `-u-ca-` extension names
     * the calendar; Thai without one is the Buddhist era, as Thai dates are written.
     * (java.time has no Solar Hijri calendar: Persian dates are Gregorian in Persian digits.)
     */
    private fun localized(base: DateTimeFormatter, locale: Locale): DateTimeFormatter {
        val chronology = when {
            locale.getUnicodeLocaleType("ca") != null -> Chronology.ofLocale(locale)
            locale.language == "th" -> ThaiBuddhistChronology.INSTANCE
            else -> Chronology.ofLocale(locale)
        }
        return base.withLocale(locale).withChronology(chronology).withDecimalStyle(DecimalStyle.of(locale))
    }

    private fun at(ms: Long, zone: String) =
        Instant.ofEpochMilli(ms).atZone(runCatching { ZoneId.of(zone) }.getOrDefault(ZoneId.of("UTC")))
}

/**
 * The reporting periods of a day (`YYYY-MM-DD`): its month and its quarter. (The core's
 * reports take `YYYY-MM` or `YYYY-Qn`; a whole year is not a report period.)
 */
data class Periods(val month: String, val quarter: String) {
    val all: List<String> get() = listOf(month, quarter)

    companion object {
        fun of(day: String): Periods {
            val d = LocalDate.parse(day)
            return Periods(
                month = "%04d-%02d".format(Locale.ROOT, d.year, d.monthValue),
                quarter = "%04d-Q%d".format(Locale.ROOT, d.year, (d.monthValue - 1) / 3 + 1),
            )
        }
    }
}
