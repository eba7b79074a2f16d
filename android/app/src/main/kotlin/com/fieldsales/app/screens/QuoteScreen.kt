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
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.screenModel
import com.fieldsales.app.sharePdf
import com.fieldsales.app.ui.EmptyLine
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.app.ui.SectionTitle
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
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm) }
        if (q == null) return@LazyColumn
        item {
            Column(Modifier.padding(16.dp)) {
                Text("${q.number} rev ${q.revision} · ${q.status}", style = MaterialTheme.typography.titleMedium)
                Text("${q.customerName} · valid until ${q.validUntil} · ${q.paymentTermsDays} days to pay")
                q.approval?.let { a ->
                    Text((if (a.approved) "Approved" else "Refused") + " by ${a.decidedByName} at ${Units.percent(a.discountBp)}")
                }
            }
        }
        item { SectionTitle("Lines") }
        if (q.lines.isEmpty()) item { EmptyLine("No lines yet.") }
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
                if (q.discountBp > 0) Text("Quote discount ${Units.percent(q.discountBp)}")
                Text("Net ${Units.money(q.subtotalMinor, q.currency)} · tax ${Units.money(q.taxMinor, q.currency)}")
                Text("Total ${Units.money(q.totalMinor, q.currency)}", fontWeight = FontWeight.Bold)
            }
        }
        item {
            Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                if (state.canPresent) Button(onClick = { vm.present() }) { Text("Present") }
                if (state.canRequestApproval && q.discountBp > 0) OutlinedButton(onClick = { vm.requestApproval() }) { Text("Ask approval") }
                if (state.canDecide) {
                    Button(onClick = { vm.approve() }) { Text("Approve") }
                    OutlinedButton(onClick = { vm.reject() }) { Text("Refuse") }
                }
                // View PDF: written to the cache and handed to a viewer
                TextButton(onClick = { vm.pdf { bytes -> sharePdf(context, bytes, "quote-${q.number}-${q.revision}") } }) {
                    Text("View PDF")
                }
            }
        }
        if (state.editable) {
            item { SectionTitle("Discount on the quote") }
            item {
                Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp)) {
                    OutlinedTextField(discount, { discount = it }, label = { Text("%") }, singleLine = true, modifier = Modifier.weight(1f))
                    TextButton(onClick = { Units.parsePercentBp(discount)?.let(vm::setDiscount) }) { Text("Set") }
                }
            }
            item { SectionTitle("Add products") }
            item {
                OutlinedTextField(
                    value = state.productQuery,
                    onValueChange = vm::onProductQuery,
                    placeholder = { Text("Search products") },
                    singleLine = true,
                    modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp),
                )
            }
            items(state.products, key = { it.id }) { p -> ProductRow(p) { qty, bp -> vm.addLine(p.id, qty, bp) } }
        }
        if (state.canSign) {
            item { SectionTitle("Signature") }
            item {
                Column(Modifier.padding(horizontal = 16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                    OutlinedTextField(state.signerName, vm::onSignerName, label = { Text("Signer's name") }, singleLine = true, modifier = Modifier.fillMaxWidth())
                    OutlinedTextField(state.signerRole, vm::onSignerRole, label = { Text("Signer's role") }, singleLine = true, modifier = Modifier.fillMaxWidth())
                    state.consentText?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                    SignaturePadView(vm.pad)
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        Button(onClick = { vm.sign() }) { Text("Sign") }
                        OutlinedButton(onClick = { vm.pad.clear() }) { Text("Clear") }
                        TextButton(onClick = { vm.decline() }) { Text("Declined") }
                    }
                }
            }
        }
        if (state.canRevise) {
            item {
                TextButton(onClick = { vm.revise(onRevised = onQuote) }, modifier = Modifier.padding(horizontal = 16.dp)) {
                    Text("New revision")
                }
            }
        }
        q.signature?.let { sig ->
            item { SectionTitle("Signed") }
            item {
                Column(Modifier.padding(horizontal = 16.dp)) {
                    Text("${sig.signerName} (${sig.signerRole}) at ${Units.dateTime(sig.signedAtMs, state.zone)}")
                    Text(
                        when (val v = state.verification) {
                            Verification.Valid -> "Signature valid"
                            is Verification.Tampered -> "Changed after signing: ${v.fields.joinToString()}"
                            Verification.BadSignature -> "Signature does not match this device's key"
                            Verification.Unsigned, null -> "Not verified"
                        },
                        fontWeight = FontWeight.Bold,
                    )
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        OutlinedButton(onClick = { vm.verify() }) { Text("Verify again") }
                        if (state.canConvert) Button(onClick = { vm.convert { orderId -> onOrder(q.accountId, orderId) } }) { Text("Convert to order") }
                        q.orderId?.let { id -> TextButton(onClick = { onOrder(q.accountId, id) }) { Text("Open order") } }
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
