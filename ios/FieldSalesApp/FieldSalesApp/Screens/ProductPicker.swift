import SwiftUI
import FieldSales
import FieldSalesFFI

/// Pick a product and a quantity for an order or quote line.
struct ProductPicker: View {
    @Bindable var catalog: ProductCatalog
    let canCreate: Bool
    let onPick: (Product, Int64) async -> Void
    @Environment(\.dismiss) private var dismiss
    @State private var chosen: Product?
    @State private var quantity: Double = 1
    @State private var creating = false

    var body: some View {
        NavigationStack {
            List {
                if let product = chosen {
                    Section(Strings.text("product_quantity_of", product.name)) {
                        TextField(Strings.text("field_quantity"), value: $quantity, format: .number)
                            .keyboardType(.decimalPad)
                        Button(Strings.text("product_add_qty", Formats.quantity(Formats.milli(quantity)), product.unit)) {
                            add(product)
                        }
                        .disabled(quantity <= 0)
                    }
                }
                Section {
                    ForEach(catalog.products, id: \.id) { product in
                        Button {
                            chosen = product
                            quantity = 1
                        } label: {
                            ProductRow(product: product, selected: chosen?.id == product.id)
                        }
                        .foregroundStyle(.primary)
                    }
                }
            }
            .overlay {
                if catalog.products.isEmpty {
                    ContentUnavailableView(
                        Strings.text("products_none_title"), systemImage: "shippingbox",
                        description: Text(canCreate ? Strings.text("products_none_hint_create") : Strings.text("products_none_hint_sync")))
                }
            }
            .searchable(text: $catalog.search, prompt: Strings.text("search_products_prompt"))
            .task(id: catalog.search) {
                if !catalog.search.isEmpty {
                    try? await _Concurrency.Task.sleep(for: .milliseconds(250))
                }
                guard !_Concurrency.Task.isCancelled else { return }
                await catalog.load()
            }
            .navigationTitle(Strings.text("product_add_title"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button(Strings.text("action_done")) { dismiss() }
                }
                if canCreate {
                    ToolbarItem(placement: .primaryAction) {
                        Button {
                            creating = true
                        } label: {
                            Label(Strings.text("product_new"), systemImage: "plus")
                        }
                    }
                }
            }
            .sheet(isPresented: $creating) {
                NewProductSheet(catalog: catalog)
            }
        }
    }

    private func add(_ product: Product) {
        let qty = Formats.milli(quantity)
        chosen = nil
        dismiss()
        _Concurrency.Task { await onPick(product, qty) }
    }
}

private struct ProductRow: View {
    let product: Product
    let selected: Bool

    var body: some View {
        HStack {
            VStack(alignment: .leading, spacing: 2) {
                Text(product.name)
                Text(product.sku)
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
            Spacer()
            Text(Formats.money(product.basePriceMinor, product.currency))
                .monospacedDigit()
                .foregroundStyle(.secondary)
            if selected {
                Image(systemName: "checkmark")
                    .foregroundStyle(.tint)
            }
        }
    }
}

/// A product for a store of one's own (or a manager's catalog).
private struct NewProductSheet: View {
    let catalog: ProductCatalog
    @Environment(\.dismiss) private var dismiss
    @State private var sku = ""
    @State private var name = ""
    @State private var price: Decimal = 0
    @State private var currency = Locale.current.currency?.identifier ?? "EUR"
    @State private var taxPercent: Double = 0
    @State private var message: UserMessage?

    var body: some View {
        NavigationStack {
            Form {
                TextField(Strings.text("field_sku"), text: $sku)
                    .textInputAutocapitalization(.characters)
                    .autocorrectionDisabled()
                TextField(Strings.text("field_name"), text: $name)
                LabeledContent(Strings.text("field_price")) {
                    TextField(Strings.text("field_price"), value: $price, format: .number)
                        .keyboardType(.decimalPad)
                        .multilineTextAlignment(.trailing)
                }
                TextField(Strings.text("field_currency"), text: $currency)
                    .textInputAutocapitalization(.characters)
                    .autocorrectionDisabled()
                LabeledContent(Strings.text("field_tax_percent")) {
                    TextField(Strings.text("field_tax_percent"), value: $taxPercent, format: .number)
                        .keyboardType(.decimalPad)
                        .multilineTextAlignment(.trailing)
                }
            }
            .navigationTitle(Strings.text("product_new"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button(Strings.text("action_cancel")) { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button(Strings.text("action_add"), action: save)
                        .disabled(sku.isEmpty || name.isEmpty || currency.count != 3)
                }
            }
            .messageAlert($message)
        }
    }

    private func save() {
        let code = currency.uppercased()
        // minor units from the typed decimal with the core's decimals for the currency, never
        // through a float: 12.5 VND or an unknown code is refused, not rounded
        guard let priceMinor = Formats.minor(price, code) else {
            message = UserMessage(
                title: Strings.text("msg_check_input"),
                detail: Strings.text("msg_amount_invalid", price.formatted(), code))
            return
        }
        let product = NewProduct(
            sku: sku, name: name, basePriceMinor: priceMinor, currency: code,
            taxBp: Int64((taxPercent * 100).rounded()))
        _Concurrency.Task {
            if await catalog.create(product) != nil {
                dismiss()
            } else {
                message = catalog.message
                catalog.message = nil
            }
        }
    }
}
