import SwiftUI
import FieldSales

/// Login until a store is open, then the tabs.
struct RootView: View {
    @Environment(AppModel.self) private var app

    var body: some View {
        @Bindable var app = app
        Group {
            switch app.phase {
            case .starting:
                ProgressView()
            case .signedOut:
                LoginView()
            case .ready:
                if let session = app.session {
                    MainTabs(session: session)
                } else {
                    ProgressView()
                }
            }
        }
        .messageAlert($app.message)
    }
}

/// The screens a rep moves between; each tab keeps its own navigation path.
struct MainTabs: View {
    let session: Session
    @Environment(AppModel.self) private var app

    var body: some View {
        TabView {
            TabStack(session: session) { TodayView(session: session) }
                .tabItem { Label(Strings.text("tab_today"), systemImage: "calendar") }
            TabStack(session: session) { AccountsView(session: session) }
                .tabItem { Label(Strings.text("tab_accounts"), systemImage: "building.2") }
            TabStack(session: session) { QuotaView(session: session) }
                .tabItem { Label(Strings.text("tab_quota"), systemImage: "chart.bar") }
            TabStack(session: session) { SyncStatusView(session: session) }
                .tabItem { Label(Strings.text("tab_sync"), systemImage: "arrow.triangle.2.circlepath") }
                .badge(Int(clamping: app.pendingChanges))
        }
    }
}

/// A navigation stack that knows every `Route`, with a `Navigator` its screens can push onto.
struct TabStack<Content: View>: View {
    let session: Session
    let content: Content
    @State private var navigator = Navigator()

    init(session: Session, @ViewBuilder content: () -> Content) {
        self.session = session
        self.content = content()
    }

    var body: some View {
        NavigationStack(path: $navigator.path) {
            content.navigationDestination(for: Route.self) { route in
                RouteDestination(route: route, session: session)
            }
        }
        .environment(navigator)
    }
}
