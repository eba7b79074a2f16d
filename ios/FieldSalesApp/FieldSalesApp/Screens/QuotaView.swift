import SwiftUI
import FieldSales
import FieldSalesFFI

/// Quota attainment and KPIs for the current month on the user's calendar.
struct QuotaView: View {
    @State private var model: QuotaModel

    init(session: Session) {
        _model = State(initialValue: QuotaModel(session: session))
    }

    var body: some View {
        List {
            Section {
                if model.attainment.isEmpty {
                    Text("No quota is set for this month.")
                        .foregroundStyle(.secondary)
                }
                ForEach(Array(model.attainment.enumerated()), id: \.offset) { _, attainment in
                    AttainmentRow(attainment: attainment, currency: model.currency)
                }
            } header: {
                Text("Attainment")
            } footer: {
                Text("Orders on this phone that the server has not accepted yet count as pending.")
            }

            ForEach(model.kpis, id: \.id) { kpi in
                Section(model.kpis.count > 1 ? kpi.name : "This month") {
                    KpiRows(kpi: kpi, currency: model.currency)
                }
            }
        }
        .navigationTitle(title)
        .refreshable { await model.load() }
        .task { await model.run() }
        .messageAlert($model.message)
    }

    private var title: String {
        model.period.isEmpty ? "Quota" : "Quota \(model.period)"
    }
}

private struct AttainmentRow: View {
    let attainment: Attainment
    let currency: String

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            HStack {
                Text(attainment.metric.label)
                    .font(.headline)
                if let who = attainment.user ?? attainment.territory {
                    Text(who)
                        .foregroundStyle(.secondary)
                }
                Spacer()
                Text(Formats.percent(attainment.pct))
                    .monospacedDigit()
                    .bold()
            }
            ProgressView(value: min(max(attainment.pct, 0), 100), total: 100)
                .tint(attainment.pct >= 100 ? Color.green : Color.accentColor)
            HStack {
                Text("\(attainment.display(attainment.actual, currency: currency)) of \(attainment.display(attainment.target, currency: currency))")
                if attainment.pending > 0 {
                    Text("(\(attainment.display(attainment.pending, currency: currency)) pending)")
                }
            }
            .font(.caption)
            .foregroundStyle(.secondary)
        }
        .padding(.vertical, 2)
    }
}

private struct KpiRows: View {
    let kpi: Kpi
    let currency: String

    var body: some View {
        LabeledContent("Revenue", value: Formats.money(kpi.revenueMinor, currency))
        LabeledContent("Orders") { Text(kpi.orders, format: .number) }
        LabeledContent("Average order", value: Formats.money(kpi.avgOrderMinor, currency))
        LabeledContent("Visits completed") { Text(kpi.visitsCompleted, format: .number) }
        LabeledContent("Visits with an order") { Text(kpi.visitsWithOrder, format: .number) }
        LabeledContent("Conversion", value: Formats.percent(kpi.conversionPct))
        LabeledContent("New accounts") { Text(kpi.newAccounts, format: .number) }
        if let quota = kpi.quotaPct {
            LabeledContent("Quota", value: Formats.percent(quota))
        }
    }
}
