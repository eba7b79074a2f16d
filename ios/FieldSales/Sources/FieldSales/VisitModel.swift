import Foundation
import Observation
import FieldSalesFFI

/// A visit at the customer's: check in, notes, photos, check out with the outcome.
@Observable
@MainActor
public final class VisitModel {
    public let visitId: String
    public private(set) var visit: Visit?
    public private(set) var accountName = ""
    /// Photo bytes by content hash, loaded once each.
    public private(set) var photos: [String: Data] = [:]
    public private(set) var isWorking = false
    public var message: UserMessage?

    /// Visit statuses from the core.
    public var isPlanned: Bool { visit?.status == "planned" }
    public var isCheckedIn: Bool { visit?.status == "checked_in" }
    public var isOpen: Bool { isPlanned || isCheckedIn }

    private let session: Session

    public init(session: Session, visitId: String) {
        self.session = session
        self.visitId = visitId
    }

    public func run() async {
        await load()
        for await _ in session.changes(of: .visit) {
            await load()
        }
    }

    public func load() async {
        let id = visitId
        do {
            let (v, name) = try await session.run { ffi -> (Visit, String) in
                let v = try ffi.getVisit(id: id)
                let name = (try? ffi.getAccount(id: v.accountId).name) ?? ""
                return (v, name)
            }
            visit = v
            accountName = name
            await loadPhotos(v.photos)
        } catch {
            message = UserMessage(error)
        }
    }

    /// Arrive now, where the phone is (if it knows).
    public func checkIn(place: GeoPoint?) async {
        let id = visitId
        await write { ffi in try ffi.checkIn(visitId: id, place: place) }
    }

    public func addNote(_ text: String) async {
        let id = visitId
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { return }
        await write { ffi in try ffi.addVisitNote(visitId: id, text: note) }
    }

    /// Attach a JPEG or PNG; it uploads at the next sync.
    public func addPhoto(_ bytes: Data) async {
        let id = visitId
        await write { ffi in try ffi.addVisitPhoto(visitId: id, bytes: bytes) }
    }

    /// Leave now, with what came of the visit.
    public func checkOut(outcome: String, place: GeoPoint?) async {
        let id = visitId
        await write { ffi in try ffi.checkOut(visitId: id, outcome: outcome, place: place) }
    }

    public func cancel() async {
        let id = visitId
        await write { ffi in try ffi.cancelVisit(visitId: id) }
    }

    private func write(_ op: @escaping @Sendable (FieldSalesFFI.FieldSales) throws -> Visit) async {
        isWorking = true
        defer { isWorking = false }
        do {
            let v = try await session.run(op)
            visit = v
            await loadPhotos(v.photos)
        } catch {
            message = UserMessage(error)
        }
    }

    private func loadPhotos(_ hashes: [String]) async {
        for hash in hashes where photos[hash] == nil {
            if let bytes = try? await session.run({ ffi in try ffi.photo(hash: hash) }) {
                photos[hash] = bytes
            }
        }
    }
}
