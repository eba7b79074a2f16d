package com.fieldsales.shared

import java.math.BigDecimal
import java.math.RoundingMode
import java.time.Instant
import java.time.LocalDate
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.util.Currency

/**
 * Units as the core keeps them (integer minor units, thousandths, basis points, UTC ms) and
 * as a screen shows or reads them. Only display and parsing: no arithmetic on money here, the
 * totals always come from the core.
 */
object Units {
    /** `1250, "EUR"` -> `12.50 EUR`, with the currency's own number of decimals. */
    fun money(minor: Long, currency: String): String {
        val digits = runCatching { Currency.getInstance(currency).defaultFractionDigits }
            .getOrDefault(2)
            .coerceAtLeast(0)
        return "${BigDecimal.valueOf(minor, digits).toPlainString()} $currency"
    }

    /** `1500` -> `1.5`. */
    fun qty(milli: Long): String =
        BigDecimal.valueOf(milli, 3).stripTrailingZeros().toPlainString()

    /** `"1.5"` -> `1500`; null for text that is not a positive quantity with at most 3 decimals. */
    fun parseQtyMilli(text: String): Long? = parseScaled(text, 3)?.takeIf { it > 0 }

    /** `1000` bp -> `10%`. */
    fun percent(bp: Long): String =
        BigDecimal.valueOf(bp, 2).stripTrailingZeros().toPlainString() + "%"

    /** `"10"` (percent) -> `1000` bp; `""` -> 0; null for anything else. */
    fun parsePercentBp(text: String): Long? =
        if (text.isBlank()) 0 else parseScaled(text, 2)?.takeIf { it in 0..10_000 }

    private fun parseScaled(text: String, scale: Int): Long? = runCatching {
        BigDecimal(text.trim().replace(',', '.'))
            .setScale(scale, RoundingMode.UNNECESSARY)
            .unscaledValue()
            .longValueExact()
    }.getOrNull()

    private val timeOfDay = DateTimeFormatter.ofPattern("HH:mm")
    private val dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")

    fun time(ms: Long, zone: String): String = timeOfDay.format(at(ms, zone))

    fun dateTime(ms: Long, zone: String): String = dateTime.format(at(ms, zone))

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
                month = "%04d-%02d".format(d.year, d.monthValue),
                quarter = "%04d-Q%d".format(d.year, (d.monthValue - 1) / 3 + 1),
            )
        }
    }
}
