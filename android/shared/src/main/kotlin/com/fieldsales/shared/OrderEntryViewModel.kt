package com.fieldsales.shared

import com.fieldsales.ffi.Account
import com.fieldsales.ffi.NewLine
import com.fieldsales.ffi.Order
import com.fieldsales.ffi.Product
import com.fieldsales.ffi.RecordKind
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.FlowPreview
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.debounce
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.flow.filterNotNull
import kotlinx.coroutines.flow.flatMapLatest
import kotlinx.coroutines.flow.map

data class OrderEntryState(
    val account: Account? = null,
    val productQuery: String = "",
    val products: List<Product> = emptyList(),
    /** The draft (then submitted) order; null until the first line is added. */
    val order: Order? = null,
) {
    val editable: Boolean get() = order == null || order.status == "draft"
}

/**
 * Order entry for one account: pick products, set quantities and discounts, submit. The
 * draft is created with its first line (no empty drafts are left behind by a look at the
 * screen); every line's price and every total comes from the core, never from Kotlin.
 */
@OptIn(FlowPreview::class, ExperimentalCoroutinesApi::class)
class OrderEntryViewModel(
    private val repo: Repository,
    scope: CoroutineScope,
    private val accountId: String,
    orderId: String? = null,
    debounceMs: Long = 300,
) : ScreenModel<OrderEntryState>(OrderEntryState(), scope) {
    private val orderId = MutableStateFlow(orderId)
    private val productQuery = MutableStateFlow("")

    init {
        repo.observe(RecordKind.ACCOUNT) { getAccount(accountId) }.into { copy(account = it) }
        productsMatching(repo, productQuery, debounceMs).into { copy(products = it) }
        this.orderId.filterNotNull().distinctUntilChanged()
            .flatMapLatest { id -> repo.observe(RecordKind.ORDER) { getOrder(id) } }
            .into { copy(order = it) }
    }

    fun onProductQuery(text: String) {
        productQuery.value = text
        setState { copy(productQuery = text) }
    }

    /** Add [qtyMilli] of a product at the account's price, less [discountBp]. */
    fun addLine(productId: String, qtyMilli: Long, discountBp: Long = 0) = action {
        requireInput(qtyMilli > 0, InputProblem.QUANTITY_NOT_POSITIVE)
        val line = NewLine(productId, qtyMilli, discountBp)
        val id = orderId.value
        val order = if (id == null) {
            repo.call { newOrder(accountId, listOf(line)) }
        } else {
            repo.call { addOrderLine(id, line) }
        }
        orderId.value = order.id
        setState { copy(order = order) }
    }

    /** Change a line's quantity and/or discount (null keeps it). */
    fun changeLine(lineId: String, qtyMilli: Long? = null, discountBp: Long? = null) = onOrder { id ->
        repo.call { changeOrderLine(id, lineId, qtyMilli, discountBp) }
    }

    fun removeLine(lineId: String) = onOrder { id -> repo.call { removeOrderLine(id, lineId) } }

    fun submit() = onOrder { id -> repo.call { submitOrder(id) } }

    /** Drop the draft; [onCancelled] runs once it is cancelled. */
    fun cancel(onCancelled: () -> Unit = {}) = onOrder(onCancelled) { id -> repo.call { cancelOrder(id) } }

    private fun onOrder(then: () -> Unit = {}, block: suspend (String) -> Order) = action {
        val id = orderId.value
        requireInput(id != null, InputProblem.NO_LINE_YET)
        val order = block(id!!)
        setState { copy(order = order) }
        then()
    }
}

/** Active products matching the debounced [query], re-read when products change (a sync). */
@OptIn(FlowPreview::class, ExperimentalCoroutinesApi::class)
internal fun productsMatching(
    repo: Repository,
    query: Flow<String>,
    debounceMs: Long,
): Flow<Result<List<Product>>> =
    query.debounce { if (it.isBlank()) 0 else debounceMs }
        .map { it.trim() }
        .distinctUntilChanged()
        .flatMapLatest { q -> repo.observe(RecordKind.PRODUCT) { listProducts(q.ifEmpty { null }, 100u, 0u) } }
