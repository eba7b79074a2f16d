"""Quotes: draft, lines and terms, approval, present, sign with strokes, verify, PDF, convert,
decline, revise."""

import pytest

import fieldsales_ffi as fs
from support import Shop, line, strokes

BERLIN = fs.GeoPoint(lat=52.52, lon=13.405)


def draft(store, shop, qty_milli=2_000):
    quote = store.new_quote(shop.account.id, 30)
    return store.add_quote_line(quote.id, line(shop.widget.id, qty_milli))


def signature(name="Max Muster", consent=None, place=BERLIN):
    return fs.SignatureInput(signer_name=name, signer_role="Purchasing", consent_text=consent,
                             strokes=strokes(), place=place)


def test_quote_from_draft_to_signed_to_order(store):
    shop = Shop(store)
    quote = store.new_quote(shop.account.id, 30)
    assert isinstance(quote, fs.Quote)
    assert (quote.status, quote.revision, quote.lines, quote.total_minor) == ("draft", 1, [], 0)
    assert (quote.customer_name, quote.quote_date) == ("Acme", store.today())
    quote = store.add_quote_line(quote.id, line(shop.widget.id, 2_000))
    assert (quote.subtotal_minor, quote.tax_minor, quote.total_minor) == (2_500, 475, 2_975)
    assert store.verify_quote(quote.id) == fs.Verification.UNSIGNED()

    presented = store.present_quote(quote.id)
    assert presented.status == "presented"
    consent = store.consent_text(quote.id, "Max Muster")
    assert "Max Muster" in consent and quote.number in consent and "EUR 29.75" in consent

    signed = store.sign_quote(quote.id, signature())
    assert signed.status == "signed"
    sig = signed.signature
    assert isinstance(sig, fs.QuoteSignature)
    assert (sig.signer_name, sig.signer_role, sig.place) == ("Max Muster", "Purchasing", BERLIN)
    assert sig.consent_text == consent  # None asked for the standard text
    assert sig.strokes == strokes()
    assert sig.device_id == store.identity().device_id
    assert len(sig.content_hash) == 64 and int(sig.content_hash, 16) >= 0
    assert store.get_quote(quote.id) == signed

    verdict = store.verify_quote(quote.id)
    assert verdict == fs.Verification.VALID() and verdict.is_valid()

    pdf = store.quote_pdf(quote.id)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF") and len(pdf) > 1_000

    converted = store.convert_quote(quote.id)
    assert isinstance(converted, fs.ConvertedQuote)
    order = converted.order
    assert (order.status, order.from_quote_id, order.account_id) == ("submitted", quote.id,
                                                                     shop.account.id)
    assert (order.subtotal_minor, order.tax_minor, order.total_minor) == (2_500, 475, 2_975)
    assert [(l.product_id, l.qty_milli) for l in order.lines] == [(shop.widget.id, 2_000)]
    assert (converted.quote.status, converted.quote.order_id) == ("converted", order.id)
    assert store.get_order(order.id) == order
    with pytest.raises(fs.FieldSalesError.Conflict):
        store.convert_quote(quote.id)


def test_a_presented_quote_is_frozen_and_unsigned_quotes_cannot_convert(store):
    shop = Shop(store)
    quote = draft(store, shop)
    with pytest.raises(fs.FieldSalesError.Conflict):
        store.convert_quote(quote.id)
    store.present_quote(quote.id)
    with pytest.raises(fs.FieldSalesError.Conflict) as e:
        store.add_quote_line(quote.id, line(shop.gadget.id, 1_000))
    assert e.value.code in ("not_editable", "invalid_transition")


def test_lines_discount_and_terms_of_a_draft(store):
    shop = Shop(store)
    quote = draft(store, shop)
    quote = store.add_quote_line(quote.id, line(shop.gadget.id, 1_000))
    widget_line, gadget_line = quote.lines
    quote = store.change_quote_line(quote.id, widget_line.line_id, 4_000, None)
    assert quote.lines[0].net_minor == 5_000
    quote = store.remove_quote_line(quote.id, gadget_line.line_id)
    assert [l.line_id for l in quote.lines] == [widget_line.line_id]
    assert (quote.subtotal_minor, quote.tax_minor, quote.total_minor) == (5_000, 950, 5_950)

    quote = store.set_quote_discount(quote.id, 500)
    assert quote.discount_bp == 500
    assert quote.subtotal_minor == 4_750

    quote = store.set_quote_terms(quote.id, fs.QuoteTerms(
        terms="Delivery within 5 days", payment_terms_days=14, valid_until="2099-12-31"))
    assert (quote.terms, quote.payment_terms_days, quote.valid_until) == (
        "Delivery within 5 days", 14, "2099-12-31")
    for terms in ["Grüße aus Köln", "ชำระเงินภายใน 30 วัน", "پرداخت ظرف ۳۰ روز"]:
        quote = store.set_quote_terms(quote.id, fs.QuoteTerms(
            terms=terms, payment_terms_days=14, valid_until="2099-12-31"))
        assert quote.terms == terms
    kept = store.set_quote_terms(quote.id, fs.QuoteTerms(terms=None, payment_terms_days=None,
                                                         valid_until=None))
    assert (kept.terms, kept.payment_terms_days, kept.valid_until) == (
        quote.terms, quote.payment_terms_days, quote.valid_until)
    with pytest.raises(fs.FieldSalesError.Invalid, match="date"):
        store.set_quote_terms(quote.id, fs.QuoteTerms(terms=None, payment_terms_days=None,
                                                      valid_until="31.12.2099"))
    assert store.get_quote(quote.id) == kept


def test_a_discount_over_the_limit_needs_a_managers_approval(store):
    shop = Shop(store)
    quote = store.set_quote_discount(draft(store, shop).id, 2_000)  # a rep may give 10 %
    with pytest.raises(fs.FieldSalesError.Conflict) as e:
        store.present_quote(quote.id)
    assert e.value.code == "discount_over_limit"

    asked = store.request_quote_approval(quote.id)
    assert asked.status == "approval_requested"
    approved = store.approve_quote(quote.id)  # a standalone store's user decides for itself
    assert approved.status == "approved"
    assert isinstance(approved.approval, fs.QuoteApproval)
    assert (approved.approval.approved, approved.approval.discount_bp,
            approved.approval.decided_by_name) == (True, 2_000, "ana")
    assert store.present_quote(quote.id).status == "presented"


def test_a_refused_discount_goes_back_to_the_rep(store):
    shop = Shop(store)
    quote = store.set_quote_discount(draft(store, shop).id, 2_000)
    store.request_quote_approval(quote.id)
    refused = store.reject_quote(quote.id)
    assert refused.status == "approval_rejected"
    assert refused.approval.approved is False
    with pytest.raises(fs.FieldSalesError.Conflict):
        store.approve_quote(quote.id)


def test_declined_quotes_and_revisions(store):
    shop = Shop(store)
    first = draft(store, shop)
    store.present_quote(first.id)
    second = store.revise_quote(first.id)
    assert (second.number, second.revision, second.previous_id, second.status) == (
        first.number, 2, first.id, "draft")
    assert [(l.product_id, l.qty_milli) for l in second.lines] == [(shop.widget.id, 2_000)]
    assert [q.id for q in store.quote_revisions(first.number)] == [first.id, second.id]
    with pytest.raises(fs.FieldSalesError.Conflict) as e:
        store.present_quote(first.id)  # superseded by revision 2
    assert e.value.code in ("superseded", "invalid_transition")

    store.present_quote(second.id)
    declined = store.decline_quote(second.id)
    assert declined.status == "declined"
    with pytest.raises(fs.FieldSalesError.Conflict):
        store.sign_quote(second.id, signature())


def test_a_signed_quote_can_be_revised(store):
    shop = Shop(store)
    quote = draft(store, shop)
    store.present_quote(quote.id)
    store.sign_quote(quote.id, signature())
    revised = store.revise_quote(quote.id)
    assert (revised.revision, revised.previous_id) == (2, quote.id)
    assert store.verify_quote(quote.id) == fs.Verification.VALID()  # the old revision stands


def test_a_declined_quote_is_final(store):
    shop = Shop(store)
    quote = draft(store, shop)
    store.present_quote(quote.id)
    store.decline_quote(quote.id)
    with pytest.raises(fs.FieldSalesError.Conflict) as e:
        store.revise_quote(quote.id)
    assert e.value.code == "invalid_transition"
    assert store.get_quote(quote.id).status == "declined"


def test_quotes_list_newest_first_by_account_and_status(store):
    shop = Shop(store)
    older = draft(store, shop)
    newer = draft(store, shop)
    store.present_quote(newer.id)
    ids = lambda quotes: [q.id for q in quotes]
    assert ids(store.list_quotes(shop.account.id, None, 10, 0)) == [newer.id, older.id]
    assert ids(store.list_quotes(None, "presented", 10, 0)) == [newer.id]
    assert ids(store.list_quotes(None, None, 1, 1)) == [older.id]
    with pytest.raises(fs.FieldSalesError.Invalid, match="QuoteStatus"):
        store.list_quotes(None, "lost", 10, 0)
    with pytest.raises(fs.FieldSalesError.NotFound):
        store.get_quote("no-such-quote")


def test_a_signature_must_come_from_a_place_on_earth(store):
    shop = Shop(store)
    quote = draft(store, shop)
    store.present_quote(quote.id)
    with pytest.raises(fs.FieldSalesError.Invalid, match="point on Earth"):
        store.sign_quote(quote.id, signature(place=fs.GeoPoint(lat=123.0, lon=0.0)))
    assert store.get_quote(quote.id).status == "presented"
