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
                    Text(Strings.text("quota_none_month"))
                        .foregroundStyle(.secondary)
                }
                ForEach(Array(model.attainment.enumerated()), id: \.offset) { _, attainment in
                    AttainmentRow(attainment: attainment, currency: model.currency)
                }
            } header: {
                Text(Strings.text("quota_attainment_title"))
            } footer: {
                Text(Strings.text("quota_pending_hint"))
            }

            ForEach(model.kpis, id: \.id) { kpi in
                Section(model.kpis.count > 1 ? kpi.name : Strings.text("quota_this_month")) {
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
        model.period.isEmpty ? Strings.text("tab_quota") : Strings.text("quota_title_period", model.period)
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
                Text(
                    Strings.text(
                        "quota_of", attainment.display(attainment.actual, currency: currency),
                        attainment.display(attainment.target, currency: currency)))
                if attainment.pending > 0 {
                    Text(Strings.text("quota_pending", attainment.display(attainment.pending, currency: currency)))
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
        LabeledContent(Strings.text("kpi_revenue"), value: Formats.money(kpi.revenueMinor, currency))
        LabeledContent(Strings.text("account_orders")) { Text(kpi.orders, format: .number) }
        LabeledContent(Strings.text("kpi_avg_order"), value: Formats.money(kpi.avgOrderMinor, currency))
        LabeledContent(Strings.text("kpi_visits_completed")) { Text(kpi.visitsCompleted, format: .number) }
        LabeledContent(Strings.text("kpi_visits_with_order")) { Text(kpi.visitsWithOrder, format: .number) }
        LabeledContent(Strings.text("kpi_conversion"), value: Formats.percent(kpi.conversionPct))
        LabeledContent(Strings.text("kpi_new_accounts")) { Text(kpi.newAccounts, format: .number) }
        if let quota = kpi.quotaPct {
            LabeledContent(Strings.text("tab_quota"), value: Formats.percent(quota))
        }
    }
}
