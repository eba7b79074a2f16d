import SwiftUI
import FieldSales
import FieldSalesFFI

/// The customer signs a presented quote: their name and role, the consent sentence from the
/// core for that name, and the pad. Signing reloads the consent first, so the sentence sealed
/// is the one on screen.
struct SignatureSheet: View {
    @Bindable var model: QuoteModel
    @Environment(\.dismiss) private var dismiss
    @State private var pad = StrokeRecorder()
    @State private var signing = false

    private var canSign: Bool {
        !signing && !pad.isEmpty && !model.signerName.trimmingCharacters(in: .whitespaces).isEmpty
    }

    var body: some View {
        NavigationStack {
            // no Form or ScrollView around the pad: their scrolling would take the strokes
            VStack(alignment: .leading, spacing: 12) {
                TextField(Strings.text("quote_signer_name"), text: $model.signerName)
                    .textContentType(.name)
                    .textFieldStyle(.roundedBorder)
                TextField(Strings.text("quote_signer_role"), text: $model.signerRole)
                    .textFieldStyle(.roundedBorder)
                Text(model.consent.isEmpty ? Strings.text("consent_placeholder") : model.consent)
                    .font(.callout)
                    .foregroundStyle(model.consent.isEmpty ? Color.secondary : Color.primary)
                    .fixedSize(horizontal: false, vertical: true)
                SignaturePad(recorder: $pad)
                    .frame(maxWidth: .infinity, minHeight: 200, maxHeight: 320)
                HStack {
                    Text(Strings.text("strokes_count", pad.strokes.count))
                        .font(.caption)
                        .foregroundStyle(.secondary)
                    Spacer()
                    Button(Strings.text("action_clear"), role: .destructive) { pad.clear() }
                        .disabled(pad.isEmpty)
                }
                Spacer(minLength: 0)
            }
            .padding()
            .navigationTitle(Strings.text("quote_sign_title"))
            .navigationBarTitleDisplayMode(.inline)
            .toolbar {
                ToolbarItem(placement: .cancellationAction) {
                    Button(Strings.text("action_cancel")) { dismiss() }
                }
                ToolbarItem(placement: .confirmationAction) {
                    Button(Strings.text("quote_sign"), action: sign)
                        .disabled(!canSign)
                }
            }
            .task(id: model.signerName) {
                try? await _Concurrency.Task.sleep(for: .milliseconds(300))
                guard !_Concurrency.Task.isCancelled else { return }
                if model.signerName.trimmingCharacters(in: .whitespaces).isEmpty {
                    return
                }
                await model.loadConsent()
            }
            .interactiveDismissDisabled(!pad.isEmpty)
            .messageAlert($model.message)
        }
    }

    private func sign() {
        signing = true
        let strokes = pad.strokes
        _Concurrency.Task {
            await model.loadConsent()
            let place = await LocationProvider.shared.current()
            let signed = await model.sign(strokes: strokes, place: place)
            signing = false
            if signed {
                dismiss()
            }
        }
    }
}

/// A pad the customer signs on with a finger or a pencil: a Canvas drawing the strokes and a
/// drag gesture recording (x, y, t_ms) points in the pad's own coordinates.
struct SignaturePad: View {
    @Binding var recorder: StrokeRecorder

    var body: some View {
        Canvas { context, _ in
            for stroke in recorder.allStrokes {
                let path = SignaturePad.path(stroke) { p in CGPoint(x: CGFloat(p.x), y: CGFloat(p.y)) }
                context.stroke(
                    path, with: .color(.primary),
                    style: StrokeStyle(lineWidth: 2.5, lineCap: .round, lineJoin: .round))
            }
        }
        .background(Color(uiColor: .secondarySystemBackground))
        .overlay(alignment: .bottomLeading) {
            // where to sign
            HStack(alignment: .lastTextBaseline, spacing: 6) {
                Image(systemName: "xmark")
                Rectangle().frame(height: 1)
            }
            .foregroundStyle(.tertiary)
            .padding(.horizontal, 16)
            .padding(.bottom, 36)
            .allowsHitTesting(false)
        }
        .clipShape(RoundedRectangle(cornerRadius: 12))
        .contentShape(Rectangle())
        .gesture(
            DragGesture(minimumDistance: 0)
                .onChanged { value in
                    recorder.add(x: value.location.x, y: value.location.y, at: value.time)
                }
                .onEnded { _ in
                    recorder.end()
                }
        )
        .accessibilityLabel(Strings.text("signature_pad"))
        .accessibilityHint(Strings.text("signature_pad_hint"))
    }

    /// A stroke as a path; a single point as a dot.
    static func path(_ stroke: Stroke, place: (StrokePoint) -> CGPoint) -> Path {
        var path = Path()
        guard let first = stroke.points.first else { return path }
        let start = place(first)
        if stroke.points.count == 1 {
            path.addEllipse(in: CGRect(x: start.x - 1.5, y: start.y - 1.5, width: 3, height: 3))
            return path
        }
        path.move(to: start)
        for p in stroke.points.dropFirst() {
            path.addLine(to: place(p))
        }
        return path
    }
}
