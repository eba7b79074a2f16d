import Foundation
import Observation
import FieldSalesFFI

/// Quota attainment and KPIs for the current month on the user's calendar. Orders on this
/// phone that the server has not accepted yet count as `pending`.
@Observable
@MainActor
public final class QuotaModel {
    /// `2026-11`.
    public private(set) var period = ""
    public private(set) var attainment: [Attainment] = []
    /// The user's own KPIs for a rep; every rep's for a manager.
    public private(set) var kpis: [Kpi] = []
    public private(set) var currency = ""
    public var message: UserMessage?

    private let session: Session

    public init(session: Session) {
        self.session = session
    }

    public func run() async {
        await load()
        for await _ in session.changes(of: [.order, .visit, .account, .quota]) {
            await load()
        }
    }

    public func load() async {
        do {
            let s = try await session.run { ffi -> QuotaSnapshot in
                let period = Formats.month(ofDay: try ffi.today())
                let me = try ffi.identity()
                var kpis = try ffi.kpis(period: period, by: .rep)
                if me.role == .rep {
                    kpis = kpis.filter { $0.id == me.userId }
                }
                return QuotaSnapshot(
                    period: period, attainment: try ffi.attainment(period: period), kpis: kpis,
                    currency: me.currency)
            }
            period = s.period
            attainment = s.attainment
            kpis = s.kpis
            currency = s.currency
        } catch {
            message = UserMessage(error)
        }
    }
}

struct QuotaSnapshot: Sendable {
    var period: String
    var attainment: [Attainment]
    var kpis: [Kpi]
    var currency: String
}

extension QuotaMetric {
    public var label: String {
        switch self {
        case .revenue: return Strings.text("kpi_revenue")
        case .orders: return Strings.text("account_orders")
        case .visits: return Strings.text("account_visits")
        case .newAccounts: return Strings.text("kpi_new_accounts")
        }
    }
}

extension Attainment {
    /// `actual` and `target` in the metric's unit (money for revenue).
    public func display(_ value: Int64, currency: String) -> String {
        metric == .revenue ? Formats.money(value, currency) : value.formatted()
    }
}
