package com.fieldsales.shared

import com.fieldsales.ffi.Stroke
import com.fieldsales.ffi.StrokePoint
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import kotlin.math.roundToLong

/**
 * What the customer drew on the signature pad: strokes of points, each point with its
 * position in pad pixels and its time in milliseconds since its stroke began (the core seals
 * exactly these into the signature). The Compose pad feeds pointer events in; [strokes] is what
 * it draws and what [com.fieldsales.ffi.SignatureInput] gets.
 *
 * Times come from the pointer events (any monotonic millisecond clock), not from a wall clock,
 * so a stroke's timing is what the hand did.
 */
class SignaturePad {
    private val drawn = MutableStateFlow<List<Stroke>>(emptyList())
    private var strokeStartMs = 0L
    private var open = false

    /** Finished strokes and the one being drawn. */
    val strokes: StateFlow<List<Stroke>> = drawn.asStateFlow()

    val isEmpty: Boolean get() = drawn.value.isEmpty()

    /** The pen touched the pad. */
    fun begin(x: Float, y: Float, atMs: Long) {
        strokeStartMs = atMs
        open = true
        drawn.update { it + Stroke(listOf(point(x, y, atMs))) }
    }

    /** The pen moved; ignored when no stroke is open or the point repeats the last one. */
    fun moveTo(x: Float, y: Float, atMs: Long) {
        if (!open) return
        val p = point(x, y, atMs)
        drawn.update { all ->
            val current = all.last()
            val last = current.points.last()
            if (last.x == p.x && last.y == p.y) return@update all
            all.dropLast(1) + Stroke(current.points + p)
        }
    }

    /** The pen left the pad. */
    fun end() {
        open = false
    }

    fun clear() {
        open = false
        drawn.value = emptyList()
    }

    private fun point(x: Float, y: Float, atMs: Long) = StrokePoint(
        x = x.roundToLong(),
        y = y.roundToLong(),
        // a clock that went backwards (it should not) must not give a negative time
        tMs = (atMs - strokeStartMs).coerceAtLeast(0),
    )
}
