import Foundation
import Observation
import FieldSalesFFI

/// What the last syncs left for the user: edits the server refused (the record was reset to
/// the server's state) and fields two people changed at once. Both stay until dismissed.
@Observable
@MainActor
public final class SyncStatusModel {
    public private(set) var rejections: [Rejection] = []
    public private(set) var conflicts: [Conflict] = []
    public var message: UserMessage?

    private let session: Session

    public init(session: Session) {
        self.session = session
    }

    /// Reload when records change (a sync that brought something changes records too).
    public func run() async {
        await load()
        for await _ in session.changes(of: RecordKind.all) {
            await load()
        }
    }

    public func load() async {
        do {
            let (r, c) = try await session.run { ffi -> ([Rejection], [Conflict]) in
                (try ffi.rejections(), try ffi.conflicts())
            }
            rejections = r
            conflicts = c
        } catch {
            message = UserMessage(error)
        }
    }

    public func dismiss(rejectionId: Int64) async {
        do {
            _ = try await session.run { ffi in try ffi.dismissRejection(id: rejectionId) }
            rejections.removeAll { $0.id == rejectionId }
        } catch {
            message = UserMessage(error)
        }
    }

    public func dismiss(conflict: Conflict) async {
        let docId = conflict.docId
        let path = conflict.path
        do {
            _ = try await session.run { ffi in try ffi.dismissConflict(docId: docId, path: path) }
            conflicts.removeAll { $0.docId == docId && $0.path == path }
        } catch {
            message = UserMessage(error)
        }
    }
}

extension SyncState {
    /// The state as the sync screen names it.
    public var label: String {
        switch self {
        case .idle: return "Up to date"
        case .syncing: return "Syncing"
        case .offline: return "Offline"
        case .error: return "Sync failed"
        }
    }
}

extension SyncPhase {
    public var label: String {
        switch self {
        case .pushing: return "Sending changes"
        case .pulling: return "Receiving changes"
        case .blobs: return "Uploading photos"
        case .done: return "Done"
        }
    }
}

extension RecordKind {
    public var label: String {
        switch self {
        case .territory: return "Territory"
        case .user: return "User"
        case .account: return "Account"
        case .contact: return "Contact"
        case .product: return "Product"
        case .priceList: return "Price list"
        case .stock: return "Stock"
        case .visit: return "Visit"
        case .order: return "Order"
        case .quote: return "Quote"
        case .quota: return "Quota"
        case .task: return "Task"
        case .schedule: return "Schedule"
        }
    }
}

extension Verification {
    public var label: String {
        switch self {
        case .valid: return "Signature valid"
        case .tampered(let fields): return "Changed after signing: " + fields.joined(separator: ", ")
        case .badSignature: return "Signature does not hold"
        case .unsigned: return "Not signed"
        }
    }

    public var isValid: Bool { self == .valid }
}
