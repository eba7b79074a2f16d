package com.fieldsales.shared

import com.fieldsales.ffi.NewLine
import com.fieldsales.ffi.Product
import com.fieldsales.ffi.Quote
import com.fieldsales.ffi.RecordKind
import com.fieldsales.ffi.Role
import com.fieldsales.ffi.SignatureInput
import com.fieldsales.ffi.Verification
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.FlowPreview
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.combine
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.debounce
import kotlinx.coroutines.flow.map

data class QuoteState(
    val quote: Quote? = null,
    val role: Role = Role.REP,
    val zone: String = "UTC",
    val productQuery: String = "",
    val products: List<Product> = emptyList(),
    val signerName: String = "",
    val signerRole: String = "",
    /** The consent sentence shown above the pad for [signerName]; signed exactly as shown. */
    val consentText: String? = null,
    /** The signer name [consentText] was written for (it lags [signerName] while typing). */
    val consentFor: String? = null,
    /** Whether the signature still matches; null while the quote is unsigned. */
    val verification: Verification? = null,
) {
    private val status get() = quote?.status
    val editable get() = status == "draft" || status == "approval_rejected"
    val canPresent get() = status == "draft" || status == "approved"
    val canRequestApproval get() = status == "draft" || status == "approval_rejected"
    val canDecide get() = status == "approval_requested" && role != Role.REP
    val canSign get() = status == "presented"
    val canConvert get() = status == "signed"
    val canRevise get() = status == "presented" || status == "declined"
}

/**
 * A quote from draft to order: lines and discount, the manager's approval when the discount
 * is over the rep's limit, presenting (the content freezes), the customer's signature on the
 * [pad] under the consent text, verifying the seal, the PDF, and converting to an order.
 */
@OptIn(FlowPreview::class)
class QuoteViewModel(
    private val repo: Repository,
    scope: CoroutineScope,
    private val quoteId: String,
    debounceMs: Long = 300,
) : ScreenModel<QuoteState>(QuoteState(), scope) {
    private val productQuery = MutableStateFlow("")
    private val signer = MutableStateFlow("")

    /** The signature pad the screen draws on. */
    val pad = SignaturePad()

    init {
        // no wait for the empty name: the quote shows at once
        combine(signer.debounce { if (it.isEmpty()) 0 else debounceMs }, repo.changes(RecordKind.QUOTE)) { name, _ -> name }
            .conflate()
            .map { name ->
                attempt {
                    repo.call {
                        val q = getQuote(quoteId)
                        val me = identity()
                        Read(
                            q, me.role, me.zone, name.trim(),
                            consentText(quoteId, name.trim()),
                            q.signature?.let { verifyQuote(quoteId) },
                        )
                    }
                }
            }
            .into { r ->
                copy(quote = r.quote, role = r.role, zone = r.zone, consentText = r.consent, consentFor = r.signer, verification = r.verification)
            }
        productsMatching(repo, productQuery, debounceMs).into { copy(products = it) }
    }

    private class Read(
        val quote: Quote,
        val role: Role,
        val zone: String,
        val signer: String,
        val consent: String,
        val verification: Verification?,
    )

    fun onProductQuery(text: String) {
        productQuery.value = text
        setState { copy(productQuery = text) }
    }

    fun onSignerName(name: String) {
        signer.value = name
        setState { copy(signerName = name) }
    }

    fun onSignerRole(role: String) = setState { copy(signerRole = role) }

    fun addLine(productId: String, qtyMilli: Long, discountBp: Long = 0) = action {
        requireInput(qtyMilli > 0, InputProblem.QUANTITY_NOT_POSITIVE)
        repo.call { addQuoteLine(quoteId, NewLine(productId, qtyMilli, discountBp)) }
    }

    fun changeLine(lineId: String, qtyMilli: Long? = null, discountBp: Long? = null) = action {
        repo.call { changeQuoteLine(quoteId, lineId, qtyMilli, discountBp) }
    }

    fun removeLine(lineId: String) = action { repo.call { removeQuoteLine(quoteId, lineId) } }

    fun setDiscount(discountBp: Long) = action { repo.call { setQuoteDiscount(quoteId, discountBp) } }

    fun requestApproval() = action { repo.call { requestQuoteApproval(quoteId) } }

    fun approve() = action { repo.call { approveQuote(quoteId) } }

    fun reject() = action { repo.call { rejectQuote(quoteId) } }

    fun present() = action { repo.call { presentQuote(quoteId) } }

    fun decline() = action { repo.call { declineQuote(quoteId) } }

    /** A new draft revision; [onRevised] gets its id. */
    fun revise(onRevised: (String) -> Unit = {}) = action {
        onRevised(repo.call { reviseQuote(quoteId) }.id)
    }

    /** The customer signs with what is on the pad, under the consent text the screen showed. */
    fun sign() = action {
        val s = state.value
        requireInput(s.signerName.isNotBlank(), InputProblem.SIGNER_NAME_MISSING)
        requireInput(!pad.isEmpty, InputProblem.SIGNATURE_MISSING)
        // sealed as shown; while it is still loading for a new name the core writes the same
        // standard sentence for that name
        val consent = s.consentText?.takeIf { s.consentFor == s.signerName.trim() }
        repo.call {
            signQuote(
                quoteId,
                SignatureInput(s.signerName.trim(), s.signerRole.trim(), consent, pad.strokes.value, null),
            )
        }
        pad.clear()
    }

    /** Check the seal again (the state also carries the last result). */
    fun verify() = action {
        val v = repo.call { verifyQuote(quoteId) }
        setState { copy(verification = v) }
    }

    /** The quote as a PDF, with the signature when signed; [onReady] gets the bytes. */
    fun pdf(onReady: (ByteArray) -> Unit) = action { onReady(repo.call { quotePdf(quoteId) }) }

    /** Turn the signed quote into a submitted order; [onConverted] gets the order's id. */
    fun convert(onConverted: (String) -> Unit = {}) = action {
        onConverted(repo.call { convertQuote(quoteId) }.order.id)
    }
}
