import SwiftUI
import FieldSales
import FieldSalesFFI

/// A quote: lines and discount while it is a draft, a manager's approval when the discount is
/// over the rep's limit, presenting it, the customer's signature, verification, the PDF
/// (shown with PDFKit, shared with ShareLink) and turning it into an order.
struct QuoteView: View {
    @State private var model: QuoteModel
    @State private var catalog: ProductCatalog
    @Environment(AppModel.self) private var app
    @Environment(Navigator.self) private var navigator
    @State private var picking = false
    @State private var signing = false
    @State private var showingPdf = false
    @State private var discountPercent: Double = 0

    init(session: Session, accountId: String, quoteId: String?) {
        _model = State(initialValue: QuoteModel(session: session, accountId: accountId, quoteId: quoteId))
        _catalog = State(initialValue: ProductCatalog(session: session))
    }

    var body: some View {
        List {
            Section {
                LabeledContent(Strings.text("title_account"), value: model.accountName)
                if let quote = model.quote {
                    LabeledContent(Strings.text("title_quote"), value: Strings.text("quote_number_revision", quote.number, String(quote.revision)))
                    LabeledContent(Strings.text("field_status")) { StatusBadge(status: quote.status) }
                    LabeledContent(Strings.text("field_valid_until"), value: Formats.day(quote.validUntil))
                    if let approval = quote.approval {
                        if approval.approved {
                            LabeledContent(Strings.text("field_approved_by"), value: approval.decidedByName)
                        } else {
                            LabeledContent(Strings.text("field_rejected_by"), value: approval.decidedByName)
                        }
                    }
                }
            }

            Section(Strings.text("order_lines")) {
                if let quote = model.quote, !quote.lines.isEmpty {
                    ForEach(quote.lines, id: \.lineId) { line in
                        LineRow(line: line, currency: quote.currency, editable: model.canEdit) { qtyMilli in
                            _Concurrency.Task { await model.change(lineId: line.lineId, qtyMilli: qtyMilli) }
                        }
                    }
                    .onDelete(perform: deleteLines)
                } else {
                    Text(Strings.text("quote_no_lines"))
                        .foregroundStyle(.secondary)
                }
                if model.canEdit {
                    Button {
                        picking = true
                    } label: {
                        Label(Strings.text("product_add_title"), systemImage: "plus.circle")
                    }
                }
            }

            if let quote = model.quote {
                if model.canEdit {
                    Section {
                        HStack {
                            TextField(Strings.text("field_discount_percent"), value: $discountPercent, format: .number)
                                .keyboardType(.decimalPad)
                            Button(Strings.text("action_apply")) {
                                let bp = Int64((discountPercent * 100).rounded())
                                _Concurrency.Task { await model.setDiscount(bp: bp) }
                            }
                            .buttonStyle(.borderless)
                        }
                    } header: {
                        Text(Strings.text("quote_discount_section"))
                    } footer: {
                        Text(Strings.text("quote_discount_hint"))
                    }
                }
                TotalsSection(
                    subtotalMinor: quote.subtotalMinor, discountBp: quote.discountBp, taxMinor: quote.taxMinor,
                    totalMinor: quote.totalMinor, currency: quote.currency)
            }

            actions

            if let signature = model.quote?.signature {
                Section(Strings.text("quote_signature")) {
                    if let v = model.verification {
                        Label(v.label, systemImage: v.isValid ? "checkmark.seal.fill" : "exclamationmark.triangle.fill")
                            .foregroundStyle(v.isValid ? Color.green : Color.red)
                    }
                    LabeledContent(Strings.text("field_signed_by"), value: signature.signerRole.isEmpty ? signature.signerName : "\(signature.signerName), \(signature.signerRole)")
                    LabeledContent(Strings.text("quote_signed"), value: Formats.dateTime(ms: signature.signedAtMs))
                    Text(signature.consentText)
                        .font(.caption)
                        .foregroundStyle(.secondary)
                    SignatureThumbnail(strokes: signature.strokes)
                        .frame(height: 90)
                }
            }
        }
        .navigationTitle(title)
        .navigationBarTitleDisplayMode(.inline)
        .disabled(model.isWorking)
        .task { await model.run() }
        .task { await catalog.run() }
        .onChange(of: model.quote?.discountBp) { _, bp in
            discountPercent = Double(bp ?? 0) / 100
        }
        .sheet(isPresented: $picking) {
            ProductPicker(catalog: catalog, canCreate: canCreateProducts) { product, qtyMilli in
                await model.add(productId: product.id, qtyMilli: qtyMilli)
            }
        }
        .sheet(isPresented: $signing) {
            SignatureSheet(model: model)
        }
        .sheet(isPresented: $showingPdf) {
            if let url = model.pdfURL {
                PDFSheet(url: url)
            }
        }
        .messageAlert($model.message)
    }

    private var title: String {
        guard let quote = model.quote else { return Strings.text("account_new_quote") }
        return Strings.text("quote_title_number", quote.number)
    }

    /// What can be done with the quote in its status.
    @ViewBuilder
    private var actions: some View {
        if model.quote != nil {
            statusActions
        }
    }

    @ViewBuilder
    private var statusActions: some View {
        switch model.status {
        case "draft", "approved":
            Section {
                Button(Strings.text("quote_present")) { run { await model.present() } }
                    .disabled(!model.canPresent)
                if model.status == "draft" && !model.isManager && (model.quote?.discountBp ?? 0) > 0 {
                    Button(Strings.text("quote_ask_approval")) { run { await model.requestApproval() } }
                }
                Button(Strings.text("quote_declined"), role: .destructive) { run { await model.decline() } }
            } footer: {
                Text(Strings.text("quote_present_hint"))
            }
        case "approval_requested":
            Section {
                if model.isManager {
                    Button(Strings.text("quote_approve")) { run { await model.approve() } }
                    Button(Strings.text("quote_refuse"), role: .destructive) { run { await model.reject() } }
                } else {
                    Text(Strings.text("quote_waiting_approval"))
                        .foregroundStyle(.secondary)
                }
            }
        case "approval_rejected":
            Section {
                Text(Strings.text("quote_discount_rejected_hint"))
                    .foregroundStyle(.secondary)
            }
        case "presented":
            Section {
                Button {
                    signing = true
                } label: {
                    Label(Strings.text("quote_customer_signs"), systemImage: "signature")
                }
                pdfButton
                Button(Strings.text("quote_new_revision")) { run { await model.revise() } }
                Button(Strings.text("quote_declined"), role: .destructive) { run { await model.decline() } }
            }
        case "signed":
            Section {
                Button {
                    run {
                        let order = await model.convert()
                        openOrder(order)
                    }
                } label: {
                    Label(Strings.text("quote_convert"), systemImage: "cart.badge.plus")
                }
                .bold()
                pdfButton
                Button(Strings.text("quote_verify")) { run { await model.verify() } }
            }
        case "converted":
            Section {
                if let orderId = model.quote?.orderId {
                    NavigationLink(value: Route.order(accountId: model.accountId, orderId: orderId)) {
                        Label(Strings.text("quote_open_order"), systemImage: "cart")
                    }
                }
                pdfButton
                Button(Strings.text("quote_verify")) { run { await model.verify() } }
            }
        case "declined":
            Section {
                Button(Strings.text("quote_new_revision")) { run { await model.revise() } }
            }
        default:
            EmptyView()
        }
    }

    private var pdfButton: some View {
        Button {
            run {
                if await model.makePdf() != nil {
                    showingPdf = true
                }
            }
        } label: {
            Label(Strings.text("quote_view_pdf"), systemImage: "doc.richtext")
        }
    }

    private var canCreateProducts: Bool {
        guard let me = app.identity else { return false }
        return me.role != .rep || me.serverUrl == nil
    }

    private func run(_ action: @escaping @MainActor () async -> Void) {
        _Concurrency.Task { await action() }
    }

    private func openOrder(_ order: Order?) {
        if let order {
            navigator.open(.order(accountId: model.accountId, orderId: order.id))
        }
    }

    private func deleteLines(_ offsets: IndexSet) {
        guard model.canEdit, let lines = model.quote?.lines else { return }
        let ids = offsets.map { lines[$0].lineId }
        _Concurrency.Task {
            for id in ids {
                await model.remove(lineId: id)
            }
        }
    }
}

/// The strokes of a stored signature, scaled into a small box.
struct SignatureThumbnail: View {
    let strokes: [Stroke]

    var body: some View {
        Canvas { context, size in
            let points = strokes.flatMap(\.points)
            guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
                  let minY = points.map(\.y).min(), let maxY = points.map(\.y).max()
            else { return }
            let width = CGFloat(max(maxX - minX, 1))
            let height = CGFloat(max(maxY - minY, 1))
            let scale = min(size.width / width, size.height / height)
            func place(_ p: StrokePoint) -> CGPoint {
                CGPoint(x: CGFloat(p.x - minX) * scale, y: CGFloat(p.y - minY) * scale)
            }
            for stroke in strokes {
                context.stroke(SignaturePad.path(stroke, place: place), with: .color(.primary), lineWidth: 1.5)
            }
        }
        .accessibilityLabel(Strings.text("quote_signature"))
    }
}
