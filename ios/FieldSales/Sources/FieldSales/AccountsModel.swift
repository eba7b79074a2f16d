import Foundation
import Observation
import FieldSalesFFI

/// The account list: searched by name (every word, prefixes match), a page at a time.
@Observable
@MainActor
public final class AccountsModel {
    /// What the search field holds; `reload()` applies it.
    public var search = ""
    public private(set) var accounts: [Account] = []
    public private(set) var canLoadMore = false
    /// The territories this phone holds, for a new account (the server refuses an account
    /// without one from a rep).
    public private(set) var territories: [Territory] = []
    /// The territories the server assigned this user (empty on a store of one's own).
    public private(set) var ownTerritoryIds: [String] = []

    /// Where a new account goes unless the rep picks another: their own territory (the first
    /// of several), else the first one this phone holds.
    public var defaultTerritoryId: String? {
        territories.first { ownTerritoryIds.contains($0.id) }?.id ?? ownTerritoryIds.first ?? territories.first?.id
    }
    public private(set) var isLoading = false
    public var message: UserMessage?

    private let session: Session
    private let pageSize: UInt32
    /// Bumped by every load, so an older search that finishes late does not overwrite a newer one.
    @ObservationIgnored private var generation = 0

    public init(session: Session, pageSize: UInt32 = 50) {
        self.session = session
        self.pageSize = pageSize
    }

    /// Reload whenever accounts change, until the calling task is cancelled.
    public func run() async {
        for await _ in session.changes(of: .account) {
            await reload()
        }
    }

    /// The first pages again, as many as are shown, for the current search.
    public func reload() async {
        let shown = UInt32(clamping: accounts.count)
        await load(offset: 0, limit: max(pageSize, shown), replace: true)
    }

    /// The next page, when the list is scrolled to its end.
    public func loadMore() async {
        guard canLoadMore, !isLoading else { return }
        await load(offset: UInt32(clamping: accounts.count), limit: pageSize, replace: false)
    }

    public func loadTerritories() async {
        do {
            let (all, mine) = try await session.run { ffi -> ([Territory], [String]) in
                (try ffi.territories(), try ffi.identity().territoryIds)
            }
            territories = all
            ownTerritoryIds = mine
        } catch {
            message = UserMessage(error)
        }
    }

    /// A new account; `nil` (and a message) when the core refuses it.
    public func create(_ account: NewAccount) async -> Account? {
        do {
            return try await session.run { ffi in try ffi.createAccount(account: account) }
        } catch {
            message = UserMessage(error)
            return nil
        }
    }

    private func load(offset: UInt32, limit: UInt32, replace: Bool) async {
        generation += 1
        let mine = generation
        let text = search.trimmingCharacters(in: .whitespacesAndNewlines)
        let query = AccountQuery(
            search: text.isEmpty ? nil : text, city: nil, territoryId: nil, limit: limit, offset: offset)
        isLoading = true
        defer { isLoading = false }
        do {
            let page = try await session.run { ffi in try ffi.listAccounts(query: query) }
            guard mine == generation else { return }
            accounts = replace ? page : accounts + page
            canLoadMore = page.count == Int(limit)
        } catch {
            guard mine == generation else { return }
            message = UserMessage(error)
        }
    }

    /// An empty new account with the fields a rep fills in first.
    public nonisolated static func blankAccount(name: String = "", city: String = "") -> NewAccount {
        NewAccount(
            name: name, legalName: "", phone: "", email: "", street: "", city: city, postalCode: "",
            country: "", geo: nil, segment: "", territoryId: nil, visitFrequencyDays: 28)
    }
}
