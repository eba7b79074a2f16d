import SwiftUI
import FieldSales
import FieldSalesFFI

/// Taking an order: products from the catalog, lines priced by the core from the account's
/// price list, totals from the core, then submit. A submitted order is shown read-only.
struct OrderEntryView: View {
    @State private var model: OrderEntryModel
    @State private var catalog: ProductCatalog
    @Environment(AppModel.self) private var app
    @Environment(\.dismiss) private var dismiss
    @State private var picking = false
    @State private var submitted = false
    @State private var confirmCancel = false

    init(session: Session, accountId: String, orderId: String?) {
        _model = State(initialValue: OrderEntryModel(session: session, accountId: accountId, orderId: orderId))
        _catalog = State(initialValue: ProductCatalog(session: session))
    }

    var body: some View {
        List {
            Section {
                LabeledContent(Strings.text("title_account"), value: model.accountName)
                if let order = model.order {
                    LabeledContent(Strings.text("field_status")) { StatusBadge(status: order.status) }
                    LabeledContent(Strings.text("field_date"), value: Formats.day(order.orderDate))
                    if !order.notes.isEmpty {
                        Text(order.notes)
                            .font(.callout)
                            .foregroundStyle(.secondary)
                    }
                }
            }

            Section(Strings.text("order_lines")) {
                if let order = model.order, !order.lines.isEmpty {
                    ForEach(order.lines, id: \.lineId) { line in
                        LineRow(line: line, currency: order.currency, editable: model.isEditable) { qtyMilli in
                            _Concurrency.Task { await model.change(lineId: line.lineId, qtyMilli: qtyMilli) }
                        }
                    }
                    .onDelete(perform: deleteLines)
                } else {
                    Text(Strings.text("quote_no_lines"))
                        .foregroundStyle(.secondary)
                }
                if model.isEditable {
                    Button {
                        picking = true
                    } label: {
                        Label(Strings.text("product_add_title"), systemImage: "plus.circle")
                    }
                }
            }

            if let order = model.order {
                TotalsSection(
                    subtotalMinor: order.subtotalMinor, discountBp: order.discountBp, taxMinor: order.taxMinor,
                    totalMinor: order.totalMinor, currency: order.currency)
            }

            if model.canSubmit {
                Section {
                    Button(Strings.text("order_submit"), action: submit)
                        .bold()
                    Button(Strings.text("order_discard"), role: .destructive) { confirmCancel = true }
                } footer: {
                    Text(Strings.text("order_submit_hint"))
                }
            }
        }
        .navigationTitle(model.order?.number ?? Strings.text("account_new_order"))
        .navigationBarTitleDisplayMode(.inline)
        .disabled(model.isWorking)
        .task { await model.run() }
        .task { await catalog.run() }
        .sheet(isPresented: $picking) {
            ProductPicker(catalog: catalog, canCreate: canCreateProducts) { product, qtyMilli in
                await model.add(productId: product.id, qtyMilli: qtyMilli)
            }
        }
        .confirmationDialog(Strings.text("order_discard_question"), isPresented: $confirmCancel, titleVisibility: .visible) {
            Button(Strings.text("action_discard"), role: .destructive) {
                _Concurrency.Task {
                    await model.cancel()
                    dismiss()
                }
            }
        }
        .alert(Strings.text("order_submitted_title"), isPresented: $submitted) {
            Button(Strings.text("action_ok")) { dismiss() }
        } message: {
            Text(Strings.text("order_submitted_text"))
        }
        .messageAlert($model.message)
    }

    /// Products are a manager's to add, or anyone's on a store of their own.
    private var canCreateProducts: Bool {
        guard let me = app.identity else { return false }
        return me.role != .rep || me.serverUrl == nil
    }

    private func deleteLines(_ offsets: IndexSet) {
        guard model.isEditable, let lines = model.order?.lines else { return }
        let ids = offsets.map { lines[$0].lineId }
        _Concurrency.Task {
            for id in ids {
                await model.remove(lineId: id)
            }
        }
    }

    private func submit() {
        _Concurrency.Task {
            submitted = await model.submit()
        }
    }
}

/// A line with its quantity (a stepper while editable) and net amount.
struct LineRow: View {
    let line: Line
    let currency: String
    let editable: Bool
    let setQuantity: (Int64) -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack(alignment: .firstTextBaseline) {
                Text(line.description)
                Spacer()
                Text(Formats.money(line.netMinor, currency))
                    .monospacedDigit()
            }
            HStack {
                Text(Strings.text("line_qty_price", Formats.quantity(line.qtyMilli), Formats.money(line.unitPriceMinor, currency)))
                if line.discountBp != 0 {
                    Text("− \(Formats.percent(bp: line.discountBp))")
                }
                Spacer()
                if editable {
                    Stepper(Strings.text("field_quantity"), onIncrement: {
                        setQuantity(line.qtyMilli + 1000)
                    }, onDecrement: line.qtyMilli > 1000 ? {
                        setQuantity(line.qtyMilli - 1000)
                    } : nil)
                    .labelsHidden()
                }
            }
            .font(.caption)
            .foregroundStyle(.secondary)
        }
    }
}

/// Subtotal, discount, tax and total, all computed by the core.
struct TotalsSection: View {
    let subtotalMinor: Int64
    let discountBp: Int64
    let taxMinor: Int64
    let totalMinor: Int64
    let currency: String

    var body: some View {
        Section(Strings.text("section_totals")) {
            LabeledContent(Strings.text("label_subtotal"), value: Formats.money(subtotalMinor, currency))
            if discountBp != 0 {
                LabeledContent(Strings.text("label_discount"), value: Formats.percent(bp: discountBp))
            }
            LabeledContent(Strings.text("label_tax"), value: Formats.money(taxMinor, currency))
            LabeledContent(Strings.text("label_total")) {
                Text(Formats.money(totalMinor, currency))
                    .bold()
                    .monospacedDigit()
            }
        }
    }
}
