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
                    Section("Quantity of \(product.name)") {
                        TextField("Quantity", value: $quantity, format: .number)
                            .keyboardType(.decimalPad)
                        Button("Add \(Formats.quantity(Formats.milli(quantity))) \(product.unit)") {
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
                        "No products", systemImage: "shippingbox",
                        description: Text(canCreate ? "Add one with +." : "Products arrive with the next sync."))
                }
            }
            .searchable(text: $catalog.search, prompt: "Product or SKU")
            .task(id: catalog.search) {
                if !catalog.search.isEmpty {
                    try? await _Concurrency.Task.sleep(for: .milliseconds(250))
                }
                guard !_Concurrency.Task.isCancelled else { return }
                await catalog.load()
            }
            .navigationTitle("Add product")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Done") { dismiss() }
                }
                if canCreate {
                    ToolbarItem(placement: .primaryAction) {
                        Button {
                            creating = true
                        } label: {
                            Label("New product", systemImage: "plus")
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
    @State private var price: Double = 0
    @State private var currency = Locale.current.currency?.identifier ?? "EUR"
    @State private var taxPercent: Double = 0
    @State private var message: UserMessage?

    var body: some View {
        NavigationStack {
            Form {
                TextField("SKU", text: $sku)
                    .textInputAutocapitalization(.characters)
                    .autocorrectionDisabled()
                TextField("Name", text: $name)
                LabeledContent("Price") {
                    TextField("Price", value: $price, format: .number)
                        .keyboardType(.decimalPad)
                        .multilineTextAlignment(.trailing)
                }
                TextField("Currency", text: $currency)
                    .textInputAutocapitalization(.characters)
                    .autocorrectionDisabled()
                LabeledContent("Tax %") {
                    TextField("Tax %", value: $taxPercent, format: .number)
                        .keyboardType(.decimalPad)
                        .multilineTextAlignment(.trailing)
                }
            }
            .navigationTitle("New product")
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button("Cancel") { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button("Add", action: save)
                        .disabled(sku.isEmpty || name.isEmpty || currency.count != 3)
                }
            }
            .messageAlert($message)
        }
    }

    private func save() {
        let code = currency.uppercased()
        let product = NewProduct(
            sku: sku, name: name, basePriceMinor: Formats.minor(price, code), currency: code,
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
