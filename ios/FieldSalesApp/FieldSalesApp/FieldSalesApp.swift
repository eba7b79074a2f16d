import SwiftUI
import FieldSales

@main
struct FieldSalesApp: App {
    @State private var app: AppModel
    @Environment(\.scenePhase) private var scenePhase

    init() {
        // the store lives in Application Support; without it (a full disk at first launch)
        // the app still starts, on a store in the temporary directory
        let dir = (try? AppModel.defaultDirectory()) ?? FileManager.default.temporaryDirectory
        _app = State(initialValue: AppModel(directory: dir))
    }

    var body: some Scene {
        WindowGroup {
            RootView()
                .environment(app)
                .task { await app.start() }
        }
        .onChange(of: scenePhase) { _, phase in
            // back in the app: bring the phone up to date (a demo store does not sync)
            if phase == .active {
                _Concurrency.Task { await app.syncNow() }
            }
        }
    }
}
