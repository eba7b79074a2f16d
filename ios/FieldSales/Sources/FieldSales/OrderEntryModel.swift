import Foundation
import Observation
import FieldSalesFFI

/// Active products to pick lines from, searched by name or SKU.
@Observable
@MainActor
public final class ProductCatalog {
    public var search = ""
    public private(set) var products: [Product] = []
    public var message: UserMessage?

    private let session: Session
    @ObservationIgnored private var generation = 0

    public init(session: Session) {
        self.session = session
    }

    public func run() async {
        for await _ in session.changes(of: .product) {
            await load()
        }
    }

    public func load() async {
        generation += 1
        let mine = generation
        let text = search.trimmingCharacters(in: .whitespacesAndNewlines)
        let term: String? = text.isEmpty ? nil : text
        do {
            let found = try await session.run { ffi in try ffi.listProducts(search: term, limit: 100, offset: 0) }
            if mine == generation {
                products = found
            }
        } catch {
            message = UserMessage(error)
        }
    }

    /// A new product (a demo store, or a manager); `nil` and a message when refused.
    public func create(_ product: NewProduct) async -> Product? {
        do {
            return try await session.run { ffi in try ffi.createProduct(product: product) }
        } catch {
            message = UserMessage(error)
            return nil
        }
    }
}

/// Taking an order: lines priced by the core from the account's price list, totals from the
/// core, then submit. The draft order is created with its first line, so leaving the screen
/// before adding anything leaves nothing behind.
@Observable
@MainActor
public final class OrderEntryModel {
    public let accountId: String
    public private(set) var order: Order?
    public private(set) var accountName = ""
    public private(set) var currency = ""
    public private(set) var isWorking = false
    public var message: UserMessage?

    /// Lines can change while the order is a draft (or before it exists).
    public var isEditable: Bool { order == nil || order?.status == "draft" }
    public var canSubmit: Bool { order?.status == "draft" && !(order?.lines.isEmpty ?? true) }

    private let session: Session
    @ObservationIgnored private var orderId: String?

    /// `orderId` opens an existing order; `nil` starts a new one for the account.
    public init(session: Session, accountId: String, orderId: String? = nil) {
        self.session = session
        self.accountId = accountId
        self.orderId = orderId
    }

    public func run() async {
        await load()
        for await _ in session.changes(of: .order) {
            await load()
        }
    }

    public func load() async {
        let account = accountId
        let id = orderId
        do {
            let (o, a) = try await session.run { ffi -> (Order?, Account) in
                (try id.map { try ffi.getOrder(id: $0) }, try ffi.getAccount(id: account))
            }
            order = o
            accountName = a.name
            currency = o?.currency ?? a.currency
        } catch {
            message = UserMessage(error)
        }
    }

    /// Add `qtyMilli` thousandths of a product; the first line creates the draft order.
    public func add(productId: String, qtyMilli: Int64, discountBp: Int64 = 0) async {
        let line = NewLine(productId: productId, qtyMilli: qtyMilli, discountBp: discountBp)
        let account = accountId
        if let id = orderId {
            await write { ffi in try ffi.addOrderLine(orderId: id, line: line) }
        } else {
            await write { ffi in try ffi.newOrder(accountId: account, lines: [line]) }
        }
    }

    /// Change a line's quantity and/or discount; `nil` keeps it.
    public func change(lineId: String, qtyMilli: Int64?, discountBp: Int64? = nil) async {
        guard let id = orderId else { return }
        await write { ffi in try ffi.changeOrderLine(orderId: id, lineId: lineId, qtyMilli: qtyMilli, discountBp: discountBp) }
    }

    public func remove(lineId: String) async {
        guard let id = orderId else { return }
        await write { ffi in try ffi.removeOrderLine(orderId: id, lineId: lineId) }
    }

    /// Submit the draft; `true` when it went through.
    @discardableResult
    public func submit() async -> Bool {
        guard let id = orderId else { return false }
        await write { ffi in try ffi.submitOrder(orderId: id) }
        return order?.status == "submitted"
    }

    /// Cancel the order (a draft the rep does not want, or a submitted one the customer withdrew).
    public func cancel() async {
        guard let id = orderId else { return }
        await write { ffi in try ffi.cancelOrder(orderId: id) }
    }

    private func write(_ op: @Sendable (FieldSalesFFI.FieldSales) throws -> Order) async {
        isWorking = true
        defer { isWorking = false }
        do {
            let o = try await session.run(op)
            order = o
            orderId = o.id
            currency = o.currency
        } catch {
            message = UserMessage(error)
        }
    }
}
