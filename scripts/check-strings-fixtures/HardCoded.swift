import SwiftUI
import FieldSales

// A view written the wrong way, for scripts/check-strings-test: every line marked FLAG must be
// reported, and no other line.

struct HardCodedView: View {
    let name: String
    let flag: Bool

    var body: some View {
        List {
            Text("Hello")                                                  // FLAG
            Text("สวัสดี \(name)")                                          // FLAG
            Button("سلام") {}                                              // FLAG
            Label("你好", systemImage: "hand.wave")                         // FLAG
            Section("Xin chào") { EmptyView() }                            // FLAG
            TextField("Name", text: .constant(""))                        // FLAG
            Text(flag ? "Yes" : name)                                      // FLAG
            Text(name.isEmpty ? name : "Nobody")                           // FLAG
            Text(Strings.text("no_such_key"))                              // FLAG
            Text(String(localized: "sync_now"))                            // FLAG
            Text(name).padding(.left, 4)                                   // FLAG
            // what is allowed: catalog keys, symbols, SF Symbols, data
            Text(Strings.text("sync_now"))
            Label(Strings.text("tab_today"), systemImage: "calendar")
            Image(systemName: flag ? "circle" : "checkmark.circle.fill")
            Text(verbatim: "http://127.0.0.1:8080")
            Text("\(name) · \(name)")
            Text(name).padding(.leading, 4)
        }
        .navigationTitle("Hard-coded")                                     // FLAG
        .searchable(text: .constant(""), prompt: "Search")                 // FLAG
    }

    private var title: String {
        return "Untitled"                                                  // FLAG
    }
}
