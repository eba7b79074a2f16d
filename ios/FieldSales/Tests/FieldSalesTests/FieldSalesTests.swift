import Foundation
import XCTest
import FieldSalesFFI
@testable import FieldSales

/// The wrapper against a real store in a temporary directory: the Rust core through the
/// XCFramework, the generated bindings and the models the screens use. Behaviour is tested in
/// Rust; these check that the Swift layers carry it through.
final class FieldSalesTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("fieldsales-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func path(_ name: String) -> String {
        dir.appendingPathComponent(name, isDirectory: false).path(percentEncoded: false)
    }

    /// A store of its own (no server) whose user is a manager, so it may add products.
    private func makeSession() async throws -> Session {
        try await Session.create(path: path("store.fieldsales"), userName: "Rita Rep", role: .manager, zone: "Europe/Berlin")
    }

    private func makeAccount(_ session: Session, name: String = "Bäckerei Huber") async throws -> Account {
        let new = AccountsModel.blankAccount(name: name, city: "Munich")
        return try await session.run { ffi in try ffi.createAccount(account: new) }
    }

    /// Flour at 25.00 and salt at 1.99, both taxed 7 %.
    private func makeProducts(_ session: Session) async throws -> (flour: Product, salt: Product) {
        try await session.run { ffi -> (Product, Product) in
            let flour = try ffi.createProduct(product: NewProduct(
                sku: "FLOUR-25", name: "Flour 25 kg", basePriceMinor: 2500, currency: "EUR", taxBp: 700))
            let salt = try ffi.createProduct(product: NewProduct(
                sku: "SALT-1", name: "Salt 1 kg", basePriceMinor: 199, currency: "EUR", taxBp: 700))
            return (flour, salt)
        }
    }

    // MARK: - Store

    func testCreateStoreReopenAndIdentity() async throws {
        let session = try await makeSession()
        let me = try await session.run { ffi in try ffi.identity() }
        XCTAssertEqual(me.userName, "Rita Rep")
        XCTAssertEqual(me.role, .manager)
        XCTAssertEqual(me.zone, "Europe/Berlin")
        XCTAssertNil(me.serverUrl)
        XCTAssertEqual(me.territoryIds, [])
        let today = try await session.run { ffi in try ffi.today() }
        XCTAssertEqual(today.count, 10, "today is YYYY-MM-DD: \(today)")

        try await session.close()
        do {
            _ = try await session.run { ffi in try ffi.identity() }
            XCTFail("a closed store answered")
        } catch FieldSalesError.Invalid {
            // closed stores refuse every call
        }
        let again = try await Session.open(path: path("store.fieldsales"))
        let reopened = try await again.run { ffi in try ffi.identity() }
        XCTAssertEqual(reopened.userId, me.userId)
        XCTAssertFalse(coreVersion().isEmpty)
    }

    // MARK: - Accounts and listeners

    func testAccountCreatedFiresListenerAndIsFound() async throws {
        let session = try await makeSession()
        var changes = session.changes(of: .account).makeAsyncIterator()

        let account = try await makeAccount(session)

        // the core tells listeners before the write returns, so the tick is already buffered
        let kind = await changes.next()
        XCTAssertEqual(kind, .account)

        let found = try await session.run { ffi in
            try ffi.listAccounts(query: AccountQuery(search: "bäck", city: nil, territoryId: nil, limit: 10, offset: 0))
        }
        XCTAssertEqual(found.map(\.id), [account.id])
        XCTAssertEqual(found.first?.city, "Munich")
    }

    @MainActor
    func testAccountsModelSearchesAndReloadsOnChange() async throws {
        let session = try await makeSession()
        _ = try await makeAccount(session, name: "Bäckerei Huber")
        _ = try await makeAccount(session, name: "Metzgerei Maier")

        let model = AccountsModel(session: session)
        await model.reload()
        XCTAssertEqual(model.accounts.map(\.name), ["Bäckerei Huber", "Metzgerei Maier"])

        model.search = "metz"
        await model.reload()
        XCTAssertEqual(model.accounts.map(\.name), ["Metzgerei Maier"])
        XCTAssertFalse(model.canLoadMore)

        let created = await model.create(AccountsModel.blankAccount(name: "Metzgerei Berger"))
        XCTAssertNotNil(created)
        await model.reload()
        XCTAssertEqual(model.accounts.map(\.name), ["Metzgerei Berger", "Metzgerei Maier"])

        // a store of its own has no territories; a server's rep picks one of theirs
        await model.loadTerritories()
        XCTAssertTrue(model.territories.isEmpty)
        XCTAssertNil(model.defaultTerritoryId)

        let refused = await model.create(AccountsModel.blankAccount(name: "  "))
        XCTAssertNil(refused)
        XCTAssertEqual(model.message?.title, "Check your input")
    }

    // MARK: - Orders

    func testOrderWithLinesHasTotalsFromTheCore() async throws {
        let session = try await makeSession()
        let account = try await makeAccount(session)
        let (flour, salt) = try await makeProducts(session)

        let order = try await session.run { ffi in
            try ffi.newOrder(accountId: account.id, lines: [
                NewLine(productId: flour.id, qtyMilli: 2000, discountBp: 0),
                NewLine(productId: salt.id, qtyMilli: 3000, discountBp: 1000),
            ])
        }
        XCTAssertEqual(order.status, "draft")
        XCTAssertEqual(order.lines.count, 2)
        // 2 x 25.00 = 50.00; 3 x 1.99 less 10 % = 5.37; tax 7 % of each line, rounded per line
        XCTAssertEqual(order.lines.map(\.netMinor), [5000, 537])
        XCTAssertEqual(order.lines.map(\.taxMinor), [350, 38])
        XCTAssertEqual(order.subtotalMinor, 5537)
        XCTAssertEqual(order.taxMinor, 388)
        XCTAssertEqual(order.totalMinor, 5925)
        XCTAssertEqual(order.totalMinor, order.subtotalMinor + order.taxMinor)
    }

    @MainActor
    func testOrderEntryModelAddsChangesAndSubmits() async throws {
        let session = try await makeSession()
        let account = try await makeAccount(session)
        let (flour, salt) = try await makeProducts(session)

        let model = OrderEntryModel(session: session, accountId: account.id)
        await model.load()
        XCTAssertNil(model.order)
        XCTAssertEqual(model.accountName, account.name)
        XCTAssertTrue(model.isEditable)
        XCTAssertFalse(model.canSubmit)

        await model.add(productId: flour.id, qtyMilli: Formats.milli(2))
        await model.add(productId: salt.id, qtyMilli: Formats.milli(1))
        XCTAssertNil(model.message)
        let order = try XCTUnwrap(model.order)
        XCTAssertEqual(order.lines.count, 2)
        XCTAssertEqual(order.subtotalMinor, 5199)

        let saltLine = try XCTUnwrap(order.lines.first { $0.productId == salt.id })
        await model.change(lineId: saltLine.lineId, qtyMilli: 3000)
        XCTAssertEqual(model.order?.subtotalMinor, 5597)
        await model.remove(lineId: saltLine.lineId)
        XCTAssertEqual(model.order?.lines.count, 1)
        XCTAssertEqual(model.order?.totalMinor, 5350)

        let submitted = await model.submit()
        XCTAssertTrue(submitted)
        XCTAssertEqual(model.order?.status, "submitted")
        XCTAssertFalse(model.isEditable)

        // a submitted order's lines are frozen: the core says so, the model shows it
        await model.add(productId: flour.id, qtyMilli: 1000)
        XCTAssertEqual(model.message?.title, "Can no longer be changed")
        XCTAssertEqual(model.order?.lines.count, 1)
    }

    // MARK: - Quotes

    @MainActor
    func testQuoteFromDraftToSignedPdfAndOrder() async throws {
        let session = try await makeSession()
        let account = try await makeAccount(session)
        let (flour, _) = try await makeProducts(session)

        let model = QuoteModel(session: session, accountId: account.id)
        await model.load()
        XCTAssertTrue(model.isDraft)
        XCTAssertTrue(model.isManager)

        await model.add(productId: flour.id, qtyMilli: 4000)
        XCTAssertEqual(model.quote?.status, "draft")
        XCTAssertEqual(model.quote?.totalMinor, 10700)

        // a draft is not printed
        let draftPdf = await model.makePdf()
        XCTAssertNil(draftPdf)
        XCTAssertEqual(model.message?.title, "Check your input")
        model.message = nil

        await model.present()
        XCTAssertEqual(model.status, "presented")
        XCTAssertTrue(model.canSign)

        model.signerName = "Hans Huber"
        model.signerRole = "Owner"
        await model.loadConsent()
        XCTAssertTrue(model.consent.contains("Hans Huber"), model.consent)
        XCTAssertTrue(model.consent.contains(model.quote?.number ?? "?"), model.consent)

        var pad = StrokeRecorder()
        let start = Date()
        pad.add(x: 10.2, y: 10.7, at: start)
        pad.add(x: 20, y: 15, at: start.addingTimeInterval(0.016))
        pad.add(x: 20, y: 15, at: start.addingTimeInterval(0.032)) // resting finger, dropped
        pad.end()
        pad.add(x: 30, y: 5, at: start.addingTimeInterval(0.5))
        pad.end()
        XCTAssertEqual(pad.strokes, [
            Stroke(points: [StrokePoint(x: 10, y: 11, tMs: 0), StrokePoint(x: 20, y: 15, tMs: 16)]),
            Stroke(points: [StrokePoint(x: 30, y: 5, tMs: 0)]),
        ])

        let signed = await model.sign(strokes: pad.strokes, place: GeoPoint(lat: 48.137, lon: 11.575))
        XCTAssertTrue(signed, model.message?.detail ?? "")
        XCTAssertEqual(model.status, "signed")
        XCTAssertEqual(model.verification, .valid)
        XCTAssertEqual(model.quote?.signature?.signerName, "Hans Huber")
        XCTAssertEqual(model.quote?.signature?.consentText, model.consent)
        XCTAssertEqual(model.quote?.signature?.strokes, pad.strokes)

        let pdfURL = await model.makePdf()
        let pdf = try Data(contentsOf: try XCTUnwrap(pdfURL))
        XCTAssertEqual(pdf.prefix(5), Data("%PDF-".utf8))

        let order = await model.convert()
        XCTAssertEqual(model.status, "converted")
        XCTAssertEqual(order?.status, "submitted")
        XCTAssertEqual(order?.totalMinor, model.quote?.totalMinor)
        XCTAssertEqual(order?.fromQuoteId, model.quote?.id)
        XCTAssertEqual(model.quote?.orderId, order?.id)
    }

    @MainActor
    func testQuoteListenerFiresOnPresent() async throws {
        let session = try await makeSession()
        let account = try await makeAccount(session)
        let (flour, _) = try await makeProducts(session)
        let model = QuoteModel(session: session, accountId: account.id)
        await model.add(productId: flour.id, qtyMilli: 1000)

        var quotes = session.changes(of: [.quote, .order]).makeAsyncIterator()
        await model.present()
        let kind = await quotes.next()
        XCTAssertEqual(kind, .quote)
    }

    // MARK: - Visits

    @MainActor
    func testVisitCheckInNotePhotoCheckOut() async throws {
        let session = try await makeSession()
        let account = try await makeAccount(session)

        let accountModel = AccountDetailModel(session: session, accountId: account.id)
        let planned = await accountModel.visitNow()
        let visitId = try XCTUnwrap(planned)
        let model = VisitModel(session: session, visitId: visitId)
        await model.load()
        XCTAssertTrue(model.isPlanned)
        XCTAssertEqual(model.accountName, account.name)

        await model.checkIn(place: GeoPoint(lat: 48.1, lon: 11.5))
        XCTAssertTrue(model.isCheckedIn)
        await model.addNote("Met the owner")
        XCTAssertTrue(model.visit?.notes.contains("Met the owner") ?? false)

        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        await model.addPhoto(png)
        let hash = try XCTUnwrap(model.visit?.photos.first)
        XCTAssertEqual(model.photos[hash], png)

        await model.checkOut(outcome: "order", place: nil)
        XCTAssertEqual(model.visit?.status, "completed")
        XCTAssertEqual(model.visit?.outcome, "order")
        XCTAssertFalse(model.isOpen)
        XCTAssertNil(model.message)

        await accountModel.load()
        XCTAssertEqual(accountModel.detail?.visits.map(\.id), [visitId])
    }

    // MARK: - Today, quota, sync status

    @MainActor
    func testTodayQuotaAndSyncStatusLoad() async throws {
        let session = try await makeSession()
        let account = try await makeAccount(session)
        let (flour, _) = try await makeProducts(session)

        let today = TodayModel(session: session)
        await today.addTask(title: "Call back about the delivery", accountId: account.id, due: nil)
        await today.load()
        XCTAssertNil(today.message)
        XCTAssertEqual(today.date.count, 10)
        XCTAssertEqual(today.plan?.date, today.date)
        XCTAssertEqual(today.tasks.map(\.title), ["Call back about the delivery"])
        await today.complete(taskId: today.tasks[0].id)
        await today.load()
        XCTAssertTrue(today.tasks.isEmpty)

        let period = Formats.month(ofDay: today.date)
        _ = try await session.run { ffi in
            try ffi.setQuota(userName: "Rita Rep", territoryId: nil, period: period, metric: .revenue, target: 100_000)
        }
        _ = try await session.run { ffi in
            try ffi.newOrder(accountId: account.id, lines: [NewLine(productId: flour.id, qtyMilli: 1000, discountBp: 0)])
        }
        let quota = QuotaModel(session: session)
        await quota.load()
        XCTAssertNil(quota.message)
        XCTAssertEqual(quota.period, period)
        XCTAssertEqual(quota.attainment.map(\.metric), [.revenue])
        XCTAssertEqual(quota.attainment.first?.target, 100_000)

        let status = SyncStatusModel(session: session)
        await status.load()
        XCTAssertNil(status.message)
        XCTAssertTrue(status.rejections.isEmpty)
        XCTAssertTrue(status.conflicts.isEmpty)
    }

    // MARK: - Errors

    func testErrorsBecomeUserMessages() async throws {
        let session = try await makeSession()
        do {
            _ = try await session.run { ffi in try ffi.getAccount(id: "no-such-account") }
            XCTFail("found an account that does not exist")
        } catch {
            guard case FieldSalesError.NotFound(let kind, let id)? = error as? FieldSalesError else {
                return XCTFail("expected NotFound, got \(error)")
            }
            XCTAssertEqual(kind, "account")
            XCTAssertEqual(id, "no-such-account")
            XCTAssertEqual(UserMessage(error).title, "Not on this phone")
        }

        // a store without a server cannot sync
        do {
            _ = try await session.sync()
            XCTFail("synced without a server")
        } catch {
            XCTAssertEqual(UserMessage(error).title, "Check your input")
        }

        // nothing listens on port 1: offline, and nothing is created
        do {
            _ = try await Session.login(path: path("nobody.fieldsales"), serverUrl: "http://127.0.0.1:1", user: "nobody", password: "pw")
            XCTFail("signed in at a closed port")
        } catch {
            XCTAssertEqual(UserMessage(error).action, .retryLater)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("nobody.fieldsales")))

        let expired = UserMessage(FieldSalesError.Unauthorized(reason: "not signed in: token revoked"))
        XCTAssertEqual(expired.action, .signIn)
        let wrongPassword = AppModel.loginMessage(FieldSalesError.Unauthorized(reason: "not signed in: wrong user name or password"))
        XCTAssertEqual(wrongPassword.detail, "Wrong user name or password.")
        let overLimit = UserMessage(FieldSalesError.Conflict(code: "discount_over_limit", reason: "discount 30 % is over your limit"))
        XCTAssertEqual(overLimit.title, "Discount needs approval")
        XCTAssertEqual(overLimit.detail, "Discount 30 % is over your limit.")
    }

    // MARK: - App

    @MainActor
    func testAppModelDemoStoreSignOutAndReopen() async throws {
        let suite = "fieldsales-tests-\(UUID().uuidString)"
        let defaults = try XCTUnwrap(UserDefaults(suiteName: suite))
        defer { defaults.removePersistentDomain(forName: suite) }
        let app = AppModel(directory: dir, defaults: defaults)
        await app.start()
        XCTAssertEqual(app.phase, .signedOut)

        await app.startDemo(userName: "Demo Rep")
        XCTAssertEqual(app.phase, .ready)
        XCTAssertEqual(app.identity?.userName, "Demo Rep")
        XCTAssertFalse(app.canSync)
        XCTAssertNil(app.message)

        let session = try XCTUnwrap(app.session)
        _ = try await makeAccount(session)
        await app.refreshPending()
        XCTAssertGreaterThan(app.pendingChanges, 0)

        // a demo store has no server: syncing is not offered and does nothing
        await app.syncNow()
        XCTAssertNil(app.lastSyncError)
        XCTAssertEqual(app.syncState, .idle)

        // the app is killed with the store open; launching again reopens it without signing in
        try await session.close()
        let relaunched = AppModel(directory: dir, defaults: defaults)
        await relaunched.start()
        XCTAssertEqual(relaunched.phase, .ready)
        XCTAssertEqual(relaunched.identity?.userName, "Demo Rep")
        let reopened = try XCTUnwrap(relaunched.session)
        let accounts = try await reopened.run { ffi in
            try ffi.listAccounts(query: AccountQuery(search: nil, city: nil, territoryId: nil, limit: 10, offset: 0))
        }
        XCTAssertEqual(accounts.count, 1)

        // signing out closes the store, keeps the file, and forgets it as the last store
        await relaunched.signOut()
        XCTAssertEqual(relaunched.phase, .signedOut)
        XCTAssertNil(relaunched.session)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("demo.fieldsales")))
        let third = AppModel(directory: dir, defaults: defaults)
        await third.start()
        XCTAssertEqual(third.phase, .signedOut)
        await third.startDemo()
        XCTAssertEqual(third.identity?.userName, "Demo Rep", "the demo store is kept")
        await third.signOut()
    }

    // MARK: - Signing out and remote wipe (SignOutFlow decides; no server needed)

    private func logoutReport(revoked: Bool, documents: UInt64 = 0) -> LogoutReport {
        LogoutReport(serverRevoked: revoked, discardedDocuments: documents, discardedBlobs: 0)
    }

    private let unsynced = FieldSalesError.Conflict(
        code: "unsynced",
        reason: "2 document(s) and 1 photo(s) are not synced yet: sync first, or sign out with --force to discard them")

    func testSignOutFlowCleanSignOutLeaves() {
        var flow = SignOutFlow()
        XCTAssertEqual(flow.start(), .logout(force: false))
        XCTAssertEqual(flow.step, .working)
        XCTAssertEqual(flow.loggedOut(logoutReport(revoked: true)), .leave)
        XCTAssertEqual(flow.step, .signedOut(serverRevoked: true))
        XCTAssertNil(flow.question)
    }

    func testSignOutFlowUnsyncedAsksWithCountsThenForces() {
        var flow = SignOutFlow()
        _ = flow.start()
        XCTAssertEqual(flow.failed(unsynced, pending: 2, work: UnsyncedWork(documents: 2, photos: 1)), .ask)
        XCTAssertEqual(flow.step, .confirmUnsynced(documents: 2, photos: 1))
        XCTAssertEqual(
            flow.question,
            "Not on the server yet: 2 changes and 1 photo. Signing out now deletes them from this phone for good.")
        XCTAssertEqual(flow.signOutAnyway(), .logout(force: true))
        XCTAssertEqual(flow.loggedOut(logoutReport(revoked: true, documents: 2)), .leave)
    }

    func testSignOutFlowSyncNowThenSignsOutOrAsksAgain() {
        var flow = SignOutFlow()
        _ = flow.start()
        _ = flow.failed(unsynced, pending: 2, work: UnsyncedWork(documents: 2, photos: 1))
        XCTAssertEqual(flow.syncFirst(), .sync)
        // a sync that fails keeps the question up, with why
        guard case .show(let title, _) = flow.failed(FieldSalesError.Offline(reason: "offline: refused"), pending: 2) else {
            return XCTFail("a failed sync is shown")
        }
        XCTAssertEqual(title, "Offline")
        XCTAssertEqual(flow.step, .confirmUnsynced(documents: 2, photos: 1))
        XCTAssertEqual(flow.syncFirst(), .sync)
        XCTAssertEqual(flow.synced(), .logout(force: false))
        XCTAssertEqual(flow.loggedOut(logoutReport(revoked: true)), .leave)
    }

    func testSignOutFlowOfflineAsksThenForces() {
        var flow = SignOutFlow()
        _ = flow.start()
        XCTAssertEqual(flow.failed(FieldSalesError.Offline(reason: "offline: connection refused"), pending: 0), .ask)
        XCTAssertEqual(flow.step, .confirmOffline)
        XCTAssertTrue(flow.question?.contains("stays valid on the server until it expires") ?? false)
        XCTAssertEqual(flow.syncFirst(), .ask, "Sync now belongs to the unsynced question only")
        XCTAssertEqual(flow.signOutAnyway(), .logout(force: true))
        XCTAssertEqual(flow.loggedOut(logoutReport(revoked: false)), .leave)
        XCTAssertEqual(flow.step, .signedOut(serverRevoked: false))
    }

    func testSignOutFlowOfflineThenCancelledKeepsEverything() {
        var flow = SignOutFlow()
        _ = flow.start()
        _ = flow.failed(FieldSalesError.Offline(reason: "offline: connection refused"), pending: 0)
        flow.cancel()
        XCTAssertEqual(flow.step, .idle)
        XCTAssertNil(flow.question)
        XCTAssertEqual(flow.signOutAnyway(), .ask, "a stale button forces nothing")
    }

    func testSignOutFlowOtherFailures() {
        var flow = SignOutFlow()
        _ = flow.start()
        // when the store cannot say what waits, the photos are not guessed
        _ = flow.failed(FieldSalesError.Conflict(code: "unsynced", reason: "work waits"), pending: 3)
        XCTAssertEqual(flow.step, .confirmUnsynced(documents: 3, photos: nil))
        _ = flow.start()
        guard case .show = flow.failed(FieldSalesError.Storage(reason: "disk full"), pending: 0) else {
            return XCTFail("a storage failure is shown")
        }
        XCTAssertEqual(flow.step, .idle)
        _ = flow.start()
        XCTAssertEqual(
            flow.failed(FieldSalesError.DeviceRevoked(reason: "device revoked: lost"), pending: 0),
            .revoked(reason: "device revoked: lost"))
    }

    func testDeviceRevokedLeavesForTheSignInScreenAndSaysWhy() async throws {
        let suite = "fieldsales-tests-\(UUID().uuidString)"
        let defaults = try XCTUnwrap(UserDefaults(suiteName: suite))
        defer { defaults.removePersistentDomain(forName: suite) }
        let app = AppModel(directory: dir, defaults: defaults)
        await app.start()
        await app.startDemo(userName: "Demo Rep")
        XCTAssertEqual(app.phase, .ready)

        await app.deviceRevoked(reason: "device revoked: lost phone")
        XCTAssertEqual(app.phase, .signedOut)
        XCTAssertNil(app.session)
        XCTAssertTrue(app.needsSignIn)
        XCTAssertEqual(
            app.revokedNotice?.detail,
            "This phone was signed out by your administrator; its data was removed from this phone. Sign in again to go on.")
        XCTAssertEqual(app.revokedNotice?.action, .signIn)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("demo.fieldsales")))
        // a second report (another screen's call) changes nothing; a relaunch opens nothing
        await app.deviceRevoked(reason: "device revoked: again")
        XCTAssertEqual(app.phase, .signedOut)
        let relaunched = AppModel(directory: dir, defaults: defaults)
        await relaunched.start()
        XCTAssertEqual(relaunched.phase, .signedOut)
    }

    func testStoreNamesAreOnePerUserAndServer() {
        XCTAssertEqual(AppModel.storeName(server: "http://127.0.0.1:8080", user: "Ana"), "ana@127.0.0.1_8080.fieldsales")
        XCTAssertEqual(AppModel.storeName(server: "https://sales.example.com", user: "ana/../x"), "ana_.._x@sales.example.com.fieldsales")
    }

    func testFormats() {
        XCTAssertEqual(Formats.milli(2.5), 2500)
        XCTAssertEqual(Formats.minor(Decimal(string: "25.5")!, "EUR"), 2550)
        XCTAssertEqual(Formats.minor(300, "JPY"), 300)
        XCTAssertEqual(Formats.decimal(5925, places: 2), Decimal(string: "59.25"))
        XCTAssertEqual(Formats.month(ofDay: "2026-11-22"), "2026-11")
        XCTAssertEqual(Formats.status("checked_in"), "Checked in")
        XCTAssertEqual(Formats.ms(Formats.date(ms: 1_763_900_000_123)), 1_763_900_000_123)
    }

    /// Money through the core: each currency's ISO 4217 decimals, typed amounts refused when
    /// they have more decimals than the currency or the currency is unknown.
    func testMoneyGoesThroughTheCore() {
        XCTAssertEqual(Formats.money(150_000, "THB"), "1500.00 THB")
        XCTAssertEqual(Formats.money(25_000, "VND"), "25000 VND")
        XCTAssertEqual(Formats.money(1_234, "KWD"), "1.234 KWD")
        XCTAssertEqual(Formats.decimals("THB"), 2)
        XCTAssertEqual(Formats.decimals("VND"), 0)
        XCTAssertEqual(Formats.decimals("KWD"), 3)
        XCTAssertNil(Formats.decimals("XYZ"))
        XCTAssertEqual(Formats.minor(Decimal(string: "1500.5")!, "THB"), 150_050)
        XCTAssertEqual(Formats.minor(Decimal(string: "25000")!, "VND"), 25_000)
        XCTAssertNil(Formats.minor(Decimal(string: "12.5")!, "VND"))
        XCTAssertEqual(Formats.minor(Decimal(string: "1.234")!, "KWD"), 1_234)
        XCTAssertNil(Formats.minor(Decimal(string: "1.2345")!, "KWD"))
        XCTAssertNil(Formats.minor(1, "XYZ"))
    }

    /// The catalog ships the four translations, and a Thai, Chinese, Persian and Vietnamese
    /// phone gets its own words for the same key.
    func testTheCatalogSpeaksFiveLanguages() throws {
        var seen = Set<String>()
        for (lang, sample) in [("en", "Sync now"), ("th", "ซิงก์ตอนนี้"), ("zh-Hans", "立即同步"),
                               ("fa", "همگام‌سازی همین حالا"), ("vi", "Đồng bộ ngay")] {
            let path = try XCTUnwrap(Bundle.module.path(forResource: lang, ofType: "lproj"), lang)
            let bundle = try XCTUnwrap(Bundle(path: path))
            let text = bundle.localizedString(forKey: "sync_now", value: nil, table: "Localizable")
            XCTAssertEqual(text, sample, lang)
            seen.insert(text)
        }
        XCTAssertEqual(seen.count, 5)
        XCTAssertEqual(Strings.text("sign_out_changes", Int64(2)), "2 changes")
        XCTAssertEqual(Strings.text("sign_out_changes", Int64(1)), "1 change")
        XCTAssertEqual(Strings.status("approval_requested"), "Approval requested")
        XCTAssertEqual(Strings.status("from_a_newer_server"), "From a newer server")
    }
}
