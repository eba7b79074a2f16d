package com.fieldsales.app.screens

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.border
import androidx.compose.foundation.gestures.awaitEachGesture
import androidx.compose.foundation.gestures.awaitFirstDown
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.Path
import androidx.compose.ui.graphics.StrokeCap
import androidx.compose.ui.graphics.StrokeJoin
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.input.pointer.pointerInput
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.R
import com.fieldsales.app.screenModel
import com.fieldsales.app.sharePdf
import com.fieldsales.app.ui.EmptyLine
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.app.ui.SectionTitle
import com.fieldsales.app.ui.appLocale
import com.fieldsales.app.ui.plural
import com.fieldsales.app.ui.statusText
import com.fieldsales.ffi.Verification
import com.fieldsales.shared.QuoteViewModel
import com.fieldsales.shared.Repository
import com.fieldsales.shared.SignaturePad
import com.fieldsales.shared.Units

/**
 * A quote from draft to order: lines, discount, approval, presenting, the customer's
 * signature on the pad, verification, the PDF, converting to an order.
 */
@Composable
fun QuoteScreen(
    repo: Repository,
    quoteId: String,
    onOrder: (accountId: String, orderId: String) -> Unit,
    onQuote: (String) -> Unit,
) {
    val vm = screenModel { QuoteViewModel(repo, it, quoteId) }
    val state by vm.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    var discount by rememberSaveable { mutableStateOf("") }
    val q = state.quote
    val locale = appLocale()
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm) }
        if (q == null) return@LazyColumn
        item {
            Column(Modifier.padding(16.dp)) {
                Text(
                    stringResource(R.string.quote_number_revision, q.number, q.revision.toString()) + " · " + statusText(q.status),
                    style = MaterialTheme.typography.titleMedium,
                )
                Text(
                    listOf(
                        q.customerName,
                        stringResource(R.string.valid_until, Units.day(q.validUntil, locale)),
                        plural(R.plurals.quote_days_to_pay, q.paymentTermsDays),
                    ).joinToString(" · "),
                )
                q.approval?.let { a ->
                    val decision = if (a.approved) R.string.quote_approved_by else R.string.quote_refused_by
                    Text(stringResource(decision, a.decidedByName, Units.percent(a.discountBp, locale)))
                }
            }
        }
        item { SectionTitle(stringResource(R.string.order_lines)) }
        if (q.lines.isEmpty()) item { EmptyLine(stringResource(R.string.quote_no_lines)) }
        items(q.lines, key = { it.lineId }) { l ->
            LineRow(
                l,
                q.currency,
                editable = state.editable,
                onQty = { vm.changeLine(l.lineId, qtyMilli = it) },
                onRemove = { vm.removeLine(l.lineId) },
            )
        }
        item {
            Column(Modifier.fillMaxWidth().padding(16.dp)) {
                if (q.discountBp > 0) Text(stringResource(R.string.quote_discount, Units.percent(q.discountBp, locale)))
                Text(
                    stringResource(R.string.total_net, Units.money(q.subtotalMinor, q.currency)) + " · " +
                        stringResource(R.string.total_tax, Units.money(q.taxMinor, q.currency)),
                )
                Text(stringResource(R.string.total_total, Units.money(q.totalMinor, q.currency)), fontWeight = FontWeight.Bold)
            }
        }
        item {
            Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                if (state.canPresent) Button(onClick = { vm.present() }) { Text(stringResource(R.string.quote_present)) }
                if (state.canRequestApproval && q.discountBp > 0) OutlinedButton(onClick = { vm.requestApproval() }) { Text(stringResource(R.string.quote_ask_approval)) }
                if (state.canDecide) {
                    Button(onClick = { vm.approve() }) { Text(stringResource(R.string.quote_approve)) }
                    OutlinedButton(onClick = { vm.reject() }) { Text(stringResource(R.string.quote_refuse)) }
                }
                // View PDF: written to the cache and handed to a viewer
                TextButton(onClick = { vm.pdf { bytes -> sharePdf(context, bytes, "quote-${q.number}-${q.revision}") } }) {
                    Text(stringResource(R.string.quote_view_pdf))
                }
            }
        }
        if (state.editable) {
            item { SectionTitle(stringResource(R.string.quote_discount_section)) }
            item {
                Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp)) {
                    OutlinedTextField(discount, { discount = it }, label = { Text(stringResource(R.string.field_discount_percent)) }, singleLine = true, modifier = Modifier.weight(1f))
                    TextButton(onClick = { Units.parsePercentBp(discount)?.let(vm::setDiscount) }) { Text(stringResource(R.string.action_set)) }
                }
            }
            item { SectionTitle(stringResource(R.string.quote_add_products)) }
            item {
                OutlinedTextField(
                    value = state.productQuery,
                    onValueChange = vm::onProductQuery,
                    placeholder = { Text(stringResource(R.string.search_products)) },
                    singleLine = true,
                    modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp),
                )
            }
            items(state.products, key = { it.id }) { p -> ProductRow(p) { qty, bp -> vm.addLine(p.id, qty, bp) } }
        }
        if (state.canSign) {
            item { SectionTitle(stringResource(R.string.quote_signature)) }
            item {
                Column(Modifier.padding(horizontal = 16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    OutlinedTextField(state.signerName, vm::onSignerName, label = { Text(stringResource(R.string.quote_signer_name)) }, singleLine = true, modifier = Modifier.fillMaxWidth())
                    OutlinedTextField(state.signerRole, vm::onSignerRole, label = { Text(stringResource(R.string.quote_signer_role)) }, singleLine = true, modifier = Modifier.fillMaxWidth())
                    state.consentText?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                    SignaturePadView(vm.pad)
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        Button(onClick = { vm.sign() }) { Text(stringResource(R.string.quote_sign)) }
                        OutlinedButton(onClick = { vm.pad.clear() }) { Text(stringResource(R.string.action_clear)) }
                        TextButton(onClick = { vm.decline() }) { Text(stringResource(R.string.quote_declined)) }
                    }
                }
            }
        }
        if (state.canRevise) {
            item {
                TextButton(onClick = { vm.revise(onRevised = onQuote) }, modifier = Modifier.padding(horizontal = 16.dp)) {
                    Text(stringResource(R.string.quote_new_revision))
                }
            }
        }
        q.signature?.let { sig ->
            item { SectionTitle(stringResource(R.string.quote_signed)) }
            item {
                Column(Modifier.padding(horizontal = 16.dp)) {
                    Text(stringResource(R.string.quote_signed_by, sig.signerName, sig.signerRole, Units.dateTime(sig.signedAtMs, state.zone, locale)))
                    Text(
                        when (val v = state.verification) {
                            Verification.Valid -> stringResource(R.string.verification_valid)
                            is Verification.Tampered -> stringResource(R.string.verification_tampered, v.fields.joinToString())
                            Verification.BadSignature -> stringResource(R.string.verification_bad_signature)
                            Verification.Unsigned, null -> stringResource(R.string.verification_unknown)
                        },
                        fontWeight = FontWeight.Bold,
                    )
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        OutlinedButton(onClick = { vm.verify() }) { Text(stringResource(R.string.quote_verify_again)) }
                        if (state.canConvert) Button(onClick = { vm.convert { orderId -> onOrder(q.accountId, orderId) } }) { Text(stringResource(R.string.quote_convert)) }
                        q.orderId?.let { id -> TextButton(onClick = { onOrder(q.accountId, id) }) { Text(stringResource(R.string.quote_open_order)) } }
                    }
                }
            }
        }
    }
}

/**
 * The pad: each touch is a stroke of points with their time since the stroke began (from the
 * pointer events' uptime clock), drawn as it is captured.
 */
@Composable
fun SignaturePadView(pad: SignaturePad, modifier: Modifier = Modifier) {
    val strokes by pad.strokes.collectAsStateWithLifecycle()
    val ink = MaterialTheme.colorScheme.onSurface
    Canvas(
        modifier
            .fillMaxWidth()
            .height(200.dp)
            .border(1.dp, Color.Gray)
            .pointerInput(pad) {
                awaitEachGesture {
                    val down = awaitFirstDown()
                    pad.begin(down.position.x, down.position.y, down.uptimeMillis)
                    down.consume()
                    while (true) {
                        val event = awaitPointerEvent()
                        val change = event.changes.firstOrNull { it.id == down.id } ?: break
                        if (!change.pressed) break
                        pad.moveTo(change.position.x, change.position.y, change.uptimeMillis)
                        change.consume()
                    }
                    pad.end()
                }
            },
    ) {
        val style = Stroke(width = 3.dp.toPx(), cap = StrokeCap.Round, join = StrokeJoin.Round)
        for (stroke in strokes) {
            val path = Path()
            stroke.points.forEachIndexed { i, p ->
                if (i == 0) path.moveTo(p.x.toFloat(), p.y.toFloat()) else path.lineTo(p.x.toFloat(), p.y.toFloat())
            }
            if (stroke.points.size == 1) {
                val p = stroke.points[0]
                drawCircle(ink, radius = 1.5.dp.toPx(), center = Offset(p.x.toFloat(), p.y.toFloat()))
            } else {
                drawPath(path, ink, style = style)
            }
        }
    }
}
