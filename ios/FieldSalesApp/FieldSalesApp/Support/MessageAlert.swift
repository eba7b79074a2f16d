import SwiftUI
import FieldSales

extension View {
    /// Shows a `UserMessage` as an alert until it is dismissed.
    func messageAlert(_ message: Binding<UserMessage?>) -> some View {
        alert(
            message.wrappedValue?.title ?? "",
            isPresented: Binding(
                get: { message.wrappedValue != nil },
                set: { shown in
                    if !shown {
                        message.wrappedValue = nil
                    }
                }),
            presenting: message.wrappedValue
        ) { _ in
            Button(Strings.text("action_ok"), role: .cancel) {}
        } message: { m in
            Text(m.detail)
        }
    }
}
