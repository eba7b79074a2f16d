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
                LabeledContent("Account", value: model.accountName)
                if let quote = model.quote {
                    LabeledContent("Quote", value: "\(quote.number) rev \(quote.revision)")
                    LabeledContent("Status") { StatusBadge(status: quote.status) }
                    LabeledContent("Valid until", value: Formats.day(quote.validUntil))
                    if let approval = quote.approval {
                        if approval.approved {
                            LabeledContent("Approved by", value: approval.decidedByName)
                        } else {
                            LabeledContent("Rejected by", value: approval.decidedByName)
                        }
                    }
                }
            }

            Section("Lines") {
                if let quote = model.quote, !quote.lines.isEmpty {
                    ForEach(quote.lines, id: \.lineId) { line in
                        LineRow(line: line, currency: quote.currency, editable: model.canEdit) { qtyMilli in
                            _Concurrency.Task { await model.change(lineId: line.lineId, qtyMilli: qtyMilli) }
                        }
                    }
                    .onDelete(perform: deleteLines)
                } else {
                    Text("No lines yet.")
                        .foregroundStyle(.secondary)
                }
                if model.canEdit {
                    Button {
                        picking = true
                    } label: {
                        Label("Add product", systemImage: "plus.circle")
                    }
                }
            }

            if let quote = model.quote {
                if model.canEdit {
                    Section {
                        HStack {
                            TextField("Discount %", value: $discountPercent, format: .number)
                                .keyboardType(.decimalPad)
                            Button("Apply") {
                                let bp = Int64((discountPercent * 100).rounded())
                                _Concurrency.Task { await model.setDiscount(bp: bp) }
                            }
                            .buttonStyle(.borderless)
                        }
                    } header: {
                        Text("Discount on the whole quote")
                    } footer: {
                        Text("Over your limit, a manager approves the quote before it is presented.")
                    }
                }
                TotalsSection(
                    subtotalMinor: quote.subtotalMinor, discountBp: quote.discountBp, taxMinor: quote.taxMinor,
                    totalMinor: quote.totalMinor, currency: quote.currency)
            }

            actions

            if let signature = model.quote?.signature {
                Section("Signature") {
                    if let v = model.verification {
                        Label(v.label, systemImage: v.isValid ? "checkmark.seal.fill" : "exclamationmark.triangle.fill")
                            .foregroundStyle(v.isValid ? Color.green : Color.red)
                    }
                    LabeledContent("Signed by", value: signature.signerRole.isEmpty ? signature.signerName : "\(signature.signerName), \(signature.signerRole)")
                    LabeledContent("Signed", value: Formats.dateTime(ms: signature.signedAtMs))
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
        guard let quote = model.quote else { return "New quote" }
        return "Quote \(quote.number)"
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
                Button("Present to the customer") { run { await model.present() } }
                    .disabled(!model.canPresent)
                if model.status == "draft" && !model.isManager && (model.quote?.discountBp ?? 0) > 0 {
                    Button("Request approval of the discount") { run { await model.requestApproval() } }
                }
                Button("Declined by the customer", role: .destructive) { run { await model.decline() } }
            } footer: {
                Text("Presenting freezes the quote's content for the customer's signature.")
            }
        case "approval_requested":
            Section {
                if model.isManager {
                    Button("Approve discount") { run { await model.approve() } }
                    Button("Reject discount", role: .destructive) { run { await model.reject() } }
                } else {
                    Text("Waiting for a manager's approval. It arrives with a sync.")
                        .foregroundStyle(.secondary)
                }
            }
        case "approval_rejected":
            Section {
                Text("The discount was rejected. Change the discount or lines, then present or request approval again.")
                    .foregroundStyle(.secondary)
            }
        case "presented":
            Section {
                Button {
                    signing = true
                } label: {
                    Label("Customer signs", systemImage: "signature")
                }
                pdfButton
                Button("New revision") { run { await model.revise() } }
                Button("Declined by the customer", role: .destructive) { run { await model.decline() } }
            }
        case "signed":
            Section {
                Button {
                    run {
                        let order = await model.convert()
                        openOrder(order)
                    }
                } label: {
                    Label("Turn into an order", systemImage: "cart.badge.plus")
                }
                .bold()
                pdfButton
                Button("Verify signature") { run { await model.verify() } }
            }
        case "converted":
            Section {
                if let orderId = model.quote?.orderId {
                    NavigationLink(value: Route.order(accountId: model.accountId, orderId: orderId)) {
                        Label("Open the order", systemImage: "cart")
                    }
                }
                pdfButton
                Button("Verify signature") { run { await model.verify() } }
            }
        case "declined":
            Section {
                Button("New revision") { run { await model.revise() } }
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
            Label("Show PDF", systemImage: "doc.richtext")
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
        .accessibilityLabel("Signature")
    }
}
