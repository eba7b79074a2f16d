import SwiftUI
import Observation
import FieldSales

/// Where a screen can lead.
enum Route: Hashable {
    case account(id: String)
    case visit(id: String)
    /// `orderId == nil` starts a new order for the account.
    case order(accountId: String, orderId: String?)
    /// `quoteId == nil` starts a new quote for the account.
    case quote(accountId: String, quoteId: String?)
}

/// A tab's navigation path, for screens that open another screen after an async step
/// (a visit planned now, an order a quote became).
@Observable
final class Navigator {
    var path: [Route] = []

    func open(_ route: Route) {
        path.append(route)
    }
}

struct RouteDestination: View {
    let route: Route
    let session: Session

    var body: some View {
        switch route {
        case .account(let id):
            AccountDetailView(session: session, accountId: id)
        case .visit(let id):
            VisitView(session: session, visitId: id)
        case .order(let accountId, let orderId):
            OrderEntryView(session: session, accountId: accountId, orderId: orderId)
        case .quote(let accountId, let quoteId):
            QuoteView(session: session, accountId: accountId, quoteId: quoteId)
        }
    }
}
