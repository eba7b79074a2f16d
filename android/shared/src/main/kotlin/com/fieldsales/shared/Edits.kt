package com.fieldsales.shared

import com.fieldsales.ffi.AccountEdit
import com.fieldsales.ffi.QuoteTerms

// The generated records have no default values (the Rust `Default` does not cross the FFI),
// so "change only the phone" would name ten nulls. These name only what changes.

fun accountEdit(
    name: String? = null,
    phone: String? = null,
    email: String? = null,
    street: String? = null,
    city: String? = null,
    postalCode: String? = null,
    segment: String? = null,
    priceListId: String? = null,
    visitFrequencyDays: Long? = null,
    note: String? = null,
) = AccountEdit(name, phone, email, street, city, postalCode, segment, priceListId, visitFrequencyDays, note)

fun quoteTerms(terms: String? = null, paymentTermsDays: Long? = null, validUntil: String? = null) =
    QuoteTerms(terms, paymentTermsDays, validUntil)
