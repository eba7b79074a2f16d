import Foundation
import Observation
import FieldSalesFFI

/// A quote from draft to order: lines and discount, approval when the discount is over the
/// rep's limit, presenting, the customer's signature, verification, the PDF, conversion.
@Observable
@MainActor
public final class QuoteModel {
    public let accountId: String
    public private(set) var quote: Quote?
    public private(set) var accountName = ""
    public private(set) var currency = ""
    /// The consent sentence shown above the pad for `signerName`.
    public private(set) var consent = ""
    public private(set) var verification: Verification?
    /// The PDF written to a temporary file, to show and share.
    public private(set) var pdfURL: URL?
    /// The order the quote became.
    public private(set) var order: Order?
    public private(set) var role: Role = .rep
    public private(set) var isWorking = false
    public var message: UserMessage?

    public var signerName = ""
    public var signerRole = ""

    /// Quote statuses from the core.
    public var status: String { quote?.status ?? "draft" }
    public var isDraft: Bool { quote == nil || status == "draft" }
    /// Lines, discount and terms can change until the quote is presented; a change to a quote
    /// awaiting or holding an approval decision brings it back to draft.
    public var canEdit: Bool {
        quote == nil || ["draft", "approval_requested", "approved", "approval_rejected"].contains(status)
    }
    public var canPresent: Bool { (status == "draft" || status == "approved") && !(quote?.lines.isEmpty ?? true) }
    public var canSign: Bool { status == "presented" }
    public var canConvert: Bool { status == "signed" }
    public var canPrint: Bool { ["presented", "signed", "converted"].contains(status) }
    public var awaitsApproval: Bool { status == "approval_requested" }
    public var isManager: Bool { role == .manager || role == .admin }

    private let session: Session
    @ObservationIgnored private var quoteId: String?
    private let validDays: Int64

    /// `quoteId` opens an existing quote; `nil` starts a new one for the account, valid for
    /// `validDays` from today.
    public init(session: Session, accountId: String, quoteId: String? = nil, validDays: Int64 = 30) {
        self.session = session
        self.accountId = accountId
        self.quoteId = quoteId
        self.validDays = validDays
    }

    public func run() async {
        await load()
        for await _ in session.changes(of: .quote) {
            await load()
        }
    }

    public func load() async {
        let account = accountId
        let id = quoteId
        do {
            let (q, a, who) = try await session.run { ffi -> (Quote?, Account, Identity) in
                (try id.map { try ffi.getQuote(id: $0) }, try ffi.getAccount(id: account), try ffi.identity())
            }
            quote = q
            accountName = a.name
            currency = q?.currency ?? a.currency
            role = who.role
        } catch {
            message = UserMessage(error)
        }
    }

    // MARK: - Draft

    /// Add a line; the first one creates the draft quote.
    public func add(productId: String, qtyMilli: Int64, discountBp: Int64 = 0) async {
        let line = NewLine(productId: productId, qtyMilli: qtyMilli, discountBp: discountBp)
        if quoteId == nil {
            let account = accountId
            let days = validDays
            await write { ffi in try ffi.newQuote(accountId: account, validDays: days) }
        }
        guard let id = quoteId else { return }
        await write { ffi in try ffi.addQuoteLine(quoteId: id, line: line) }
    }

    public func change(lineId: String, qtyMilli: Int64?, discountBp: Int64? = nil) async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.changeQuoteLine(quoteId: id, lineId: lineId, qtyMilli: qtyMilli, discountBp: discountBp) }
    }

    public func remove(lineId: String) async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.removeQuoteLine(quoteId: id, lineId: lineId) }
    }

    /// The discount on the whole quote; over the rep's limit it needs a manager's approval.
    public func setDiscount(bp: Int64) async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.setQuoteDiscount(quoteId: id, discountBp: bp) }
    }

    public func setTerms(_ terms: QuoteTerms) async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.setQuoteTerms(quoteId: id, terms: terms) }
    }

    // MARK: - Approval

    public func requestApproval() async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.requestQuoteApproval(quoteId: id) }
    }

    public func approve() async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.approveQuote(quoteId: id) }
    }

    public func reject() async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.rejectQuote(quoteId: id) }
    }

    // MARK: - At the customer's

    /// Show the quote to the customer; its content is frozen from here.
    public func present() async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.presentQuote(quoteId: id) }
    }

    /// The consent sentence for the current signer name, from the core.
    public func loadConsent() async {
        guard let id = quoteId else { return }
        let name = signerName.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            consent = try await session.run { ffi in try ffi.consentText(quoteId: id, signerName: name) }
        } catch {
            message = UserMessage(error)
        }
    }

    /// The customer signs with the strokes from the pad; the phone seals it with its key.
    /// `true` when signed.
    @discardableResult
    public func sign(strokes: [Stroke], place: GeoPoint?) async -> Bool {
        guard let id = quoteId else { return false }
        let input = SignatureInput(
            signerName: signerName.trimmingCharacters(in: .whitespacesAndNewlines),
            signerRole: signerRole.trimmingCharacters(in: .whitespacesAndNewlines),
            consentText: consent.isEmpty ? nil : consent,
            strokes: strokes,
            place: place)
        await write { ffi in try ffi.signQuote(quoteId: id, signature: input) }
        guard quote?.status == "signed" else { return false }
        await verify()
        return true
    }

    /// Whether the signature still matches the quote and this phone's key.
    public func verify() async {
        guard let id = quoteId else { return }
        do {
            verification = try await session.run { ffi in try ffi.verifyQuote(quoteId: id) }
        } catch {
            message = UserMessage(error)
        }
    }

    /// Write the PDF to a temporary file named after the quote; `pdfURL` points at it.
    @discardableResult
    public func makePdf() async -> URL? {
        guard let id = quoteId else { return nil }
        let number = quote?.number ?? id
        let revision = quote?.revision ?? 1
        do {
            let bytes = try await session.run { ffi in try ffi.quotePdf(quoteId: id) }
            // the file name the share sheet shows, in the user's language
            let name = Strings.text("quote_pdf_name", number, String(revision))
            let url = try await offMain { () -> URL in
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quotes", isDirectory: true)
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                let url = dir.appendingPathComponent(name + ".pdf", isDirectory: false)
                try bytes.write(to: url, options: .atomic)
                return url
            }
            pdfURL = url
            return url
        } catch {
            message = UserMessage(error)
            return nil
        }
    }

    /// Turn the signed quote into a submitted order.
    @discardableResult
    public func convert() async -> Order? {
        guard let id = quoteId else { return nil }
        isWorking = true
        defer { isWorking = false }
        do {
            let c = try await session.run { ffi in try ffi.convertQuote(quoteId: id) }
            quote = c.quote
            order = c.order
            return c.order
        } catch {
            message = UserMessage(error)
            return nil
        }
    }

    public func decline() async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.declineQuote(quoteId: id) }
    }

    /// A new draft revision of a presented or declined quote; the screen switches to it.
    public func revise() async {
        guard let id = quoteId else { return }
        await write { ffi in try ffi.reviseQuote(quoteId: id) }
        verification = nil
        pdfURL = nil
    }

    private func write(_ op: @Sendable (FieldSalesFFI.FieldSales) throws -> Quote) async {
        isWorking = true
        defer { isWorking = false }
        do {
            let q = try await session.run(op)
            quote = q
            quoteId = q.id
            currency = q.currency
        } catch {
            message = UserMessage(error)
        }
    }
}
