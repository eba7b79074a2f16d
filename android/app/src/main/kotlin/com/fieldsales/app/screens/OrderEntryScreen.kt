package com.fieldsales.app.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Add
import androidx.compose.material.icons.filled.Delete
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import com.fieldsales.app.R
import com.fieldsales.app.screenModel
import com.fieldsales.app.ui.EmptyLine
import com.fieldsales.app.ui.ScreenStatus
import com.fieldsales.app.ui.SectionTitle
import com.fieldsales.app.ui.appLocale
import com.fieldsales.app.ui.statusText
import com.fieldsales.ffi.Line
import com.fieldsales.ffi.Product
import com.fieldsales.shared.OrderEntryViewModel
import com.fieldsales.shared.Repository
import com.fieldsales.shared.Units

/** Lines from the product list, totals from the core, submit. */
@Composable
fun OrderEntryScreen(repo: Repository, accountId: String, orderId: String?, onDone: () -> Unit) {
    val vm = screenModel { OrderEntryViewModel(repo, it, accountId, orderId) }
    val state by vm.state.collectAsStateWithLifecycle()
    val order = state.order
    val locale = appLocale()
    LazyColumn(Modifier.fillMaxSize()) {
        item { ScreenStatus(vm) }
        item {
            Text(
                (state.account?.name ?: "") + (order?.let { " · ${it.number} · ${statusText(it.status)}" } ?: ""),
                style = MaterialTheme.typography.titleMedium,
                modifier = Modifier.padding(16.dp),
            )
        }
        item { SectionTitle(stringResource(R.string.order_lines)) }
        if (order == null || order.lines.isEmpty()) item { EmptyLine(stringResource(R.string.order_add_products_below)) }
        if (order != null) {
            items(order.lines, key = { it.lineId }) { line ->
                LineRow(
                    line,
                    order.currency,
                    editable = state.editable,
                    onQty = { vm.changeLine(line.lineId, qtyMilli = it) },
                    onRemove = { vm.removeLine(line.lineId) },
                )
            }
            item {
                Column(Modifier.fillMaxWidth().padding(16.dp), horizontalAlignment = Alignment.End) {
                    if (order.discountBp > 0) Text(stringResource(R.string.order_discount, Units.percent(order.discountBp, locale)))
                    Text(stringResource(R.string.total_net, Units.money(order.subtotalMinor, order.currency)))
                    Text(stringResource(R.string.total_tax, Units.money(order.taxMinor, order.currency)))
                    Text(stringResource(R.string.total_total, Units.money(order.totalMinor, order.currency)), fontWeight = FontWeight.Bold)
                }
            }
            item {
                Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp), horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    if (state.editable) {
                        Button(onClick = { vm.submit() }, enabled = order.lines.isNotEmpty()) { Text(stringResource(R.string.order_submit)) }
                        // leave once the draft is cancelled, not before (the action dies with the screen)
                        TextButton(onClick = { vm.cancel(onCancelled = onDone) }) { Text(stringResource(R.string.order_discard)) }
                    } else {
                        Button(onClick = onDone) { Text(stringResource(R.string.action_done)) }
                    }
                }
            }
        }
        if (state.editable) {
            item { SectionTitle(stringResource(R.string.order_products)) }
            item {
                OutlinedTextField(
                    value = state.productQuery,
                    onValueChange = vm::onProductQuery,
                    placeholder = { Text(stringResource(R.string.search_products)) },
                    singleLine = true,
                    modifier = Modifier.fillMaxWidth().padding(horizontal = 16.dp),
                )
            }
            if (state.products.isEmpty()) item { EmptyLine(stringResource(R.string.products_none)) }
            items(state.products, key = { it.id }) { p -> ProductRow(p) { qty, bp -> vm.addLine(p.id, qty, bp) } }
        }
    }
}

/** A priced line (order or quote) with − / + by one unit and remove while editable. */
@Composable
internal fun LineRow(line: Line, currency: String, editable: Boolean, onQty: (Long) -> Unit, onRemove: () -> Unit) {
    val locale = appLocale()
    Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 6.dp), verticalAlignment = Alignment.CenterVertically) {
        Column(Modifier.weight(1f)) {
            Text(line.description)
            val qty = Units.qty(line.qtyMilli)
            val price = Units.money(line.unitPriceMinor, currency)
            Text(
                if (line.discountBp > 0) {
                    stringResource(R.string.line_qty_price_discount, qty, price, Units.percent(line.discountBp, locale))
                } else {
                    stringResource(R.string.line_qty_price, qty, price)
                },
                style = MaterialTheme.typography.bodySmall,
            )
        }
        if (editable) {
            val less = stringResource(R.string.line_one_less)
            val more = stringResource(R.string.line_one_more)
            TextButton(
                onClick = { onQty(line.qtyMilli - 1_000) },
                enabled = line.qtyMilli > 1_000,
                modifier = Modifier.semantics { contentDescription = less },
            ) { Text("−") }
            TextButton(onClick = { onQty(line.qtyMilli + 1_000) }, modifier = Modifier.semantics { contentDescription = more }) { Text("+") }
        }
        Text(Units.money(line.netMinor, currency), Modifier.padding(start = 8.dp))
        if (editable) IconButton(onClick = onRemove) { Icon(Icons.Filled.Delete, contentDescription = stringResource(R.string.line_remove)) }
    }
    HorizontalDivider()
}

/** A product with quantity and discount fields; [onAdd] gets thousandths and basis points. */
@Composable
internal fun ProductRow(p: Product, onAdd: (Long, Long) -> Unit) {
    var qty by rememberSaveable(p.id) { mutableStateOf("1") }
    var discount by rememberSaveable(p.id) { mutableStateOf("") }
    val qtyMilli = Units.parseQtyMilli(qty)
    val discountBp = Units.parsePercentBp(discount)
    Row(Modifier.fillMaxWidth().padding(horizontal = 16.dp, vertical = 4.dp), verticalAlignment = Alignment.CenterVertically) {
        Column(Modifier.weight(1f)) {
            Text(p.name)
            Text(stringResource(R.string.product_price_unit, p.sku, Units.money(p.basePriceMinor, p.currency), p.unit), style = MaterialTheme.typography.bodySmall)
        }
        OutlinedTextField(
            qty, { qty = it }, label = { Text(stringResource(R.string.field_qty)) }, singleLine = true, isError = qtyMilli == null,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Decimal), modifier = Modifier.width(80.dp),
        )
        OutlinedTextField(
            discount, { discount = it }, label = { Text(stringResource(R.string.field_discount_percent)) }, singleLine = true, isError = discountBp == null,
            keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Decimal), modifier = Modifier.width(72.dp).padding(start = 4.dp),
        )
        IconButton(
            onClick = { if (qtyMilli != null && discountBp != null) onAdd(qtyMilli, discountBp) },
            enabled = qtyMilli != null && discountBp != null,
        ) {
            Icon(Icons.Filled.Add, contentDescription = stringResource(R.string.product_add, p.name))
        }
    }
}
