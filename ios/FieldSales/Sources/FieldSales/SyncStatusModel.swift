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
        case .idle: return Strings.text("sync_state_idle")
        case .syncing: return Strings.text("sync_state_syncing")
        case .offline: return Strings.text("sync_state_offline")
        case .error: return Strings.text("sync_state_error")
        }
    }
}

extension SyncPhase {
    public var label: String {
        switch self {
        case .pushing: return Strings.text("sync_phase_sending")
        case .pulling: return Strings.text("sync_phase_receiving")
        case .blobs: return Strings.text("sync_phase_uploading_photos")
        case .done: return Strings.text("action_done")
        }
    }
}

extension RecordKind {
    public var label: String {
        switch self {
        case .territory: return Strings.text("kind_territory")
        case .user: return Strings.text("kind_user")
        case .account: return Strings.text("kind_account")
        case .contact: return Strings.text("kind_contact")
        case .product: return Strings.text("kind_product")
        case .priceList: return Strings.text("kind_price_list")
        case .stock: return Strings.text("kind_stock")
        case .visit: return Strings.text("kind_visit")
        case .order: return Strings.text("kind_order")
        case .quote: return Strings.text("kind_quote")
        case .quota: return Strings.text("kind_quota")
        case .task: return Strings.text("kind_task")
        case .schedule: return Strings.text("kind_schedule")
        }
    }
}

extension Verification {
    public var label: String {
        switch self {
        case .valid: return Strings.text("verification_valid")
        case .tampered(let fields): return Strings.text("verification_tampered", fields.joined(separator: ", "))
        case .badSignature: return Strings.text("verification_bad_signature")
        case .unsigned: return Strings.text("verification_not_signed")
        }
    }

    public var isValid: Bool { self == .valid }
}
