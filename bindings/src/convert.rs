//! Core records to binding records and back: field for field, no logic.

use fieldsales_core::ops;
use fieldsales_core::records as core;
use fieldsales_core::time::{Day, Ts};

use crate::error::Result;
use crate::types::*;

pub(crate) fn day(s: &str) -> Result<Day> {
    Ok(Day::parse(s)?)
}

pub(crate) fn ts(ms: i64) -> Ts {
    Ts::from_millis(ms)
}

pub(crate) fn geo_in(g: Option<GeoPoint>) -> Result<Option<core::GeoPoint>> {
    g.map(|g| core::GeoPoint::new(g.lat, g.lon))
        .transpose()
        .map_err(Into::into)
}

fn geo(g: Option<core::GeoPoint>) -> Option<GeoPoint> {
    g.map(|g| GeoPoint {
        lat: g.lat,
        lon: g.lon,
    })
}

impl From<core::Role> for Role {
    fn from(r: core::Role) -> Self {
        match r {
            core::Role::Rep => Role::Rep,
            core::Role::Manager => Role::Manager,
            core::Role::Admin => Role::Admin,
        }
    }
}

impl From<Role> for core::Role {
    fn from(r: Role) -> Self {
        match r {
            Role::Rep => core::Role::Rep,
            Role::Manager => core::Role::Manager,
            Role::Admin => core::Role::Admin,
        }
    }
}

impl From<core::QuotaMetric> for QuotaMetric {
    fn from(m: core::QuotaMetric) -> Self {
        match m {
            core::QuotaMetric::Revenue => QuotaMetric::Revenue,
            core::QuotaMetric::Orders => QuotaMetric::Orders,
            core::QuotaMetric::Visits => QuotaMetric::Visits,
            core::QuotaMetric::NewAccounts => QuotaMetric::NewAccounts,
        }
    }
}

impl From<QuotaMetric> for core::QuotaMetric {
    fn from(m: QuotaMetric) -> Self {
        match m {
            QuotaMetric::Revenue => core::QuotaMetric::Revenue,
            QuotaMetric::Orders => core::QuotaMetric::Orders,
            QuotaMetric::Visits => core::QuotaMetric::Visits,
            QuotaMetric::NewAccounts => core::QuotaMetric::NewAccounts,
        }
    }
}

impl Identity {
    pub(crate) fn of(store: &fieldsales_core::Store) -> fieldsales_core::Result<Self> {
        let i = store.identity();
        Ok(Identity {
            territory_ids: store.territory_ids()?,
            user_id: i.user_id.clone(),
            user_name: i.user_name.clone(),
            role: i.role.into(),
            device_id: i.device_id.clone(),
            zone: i.zone.clone(),
            currency: i.currency.clone(),
            server_url: i.server_url.clone(),
        })
    }
}

impl From<core::Account> for Account {
    fn from(a: core::Account) -> Self {
        Account {
            notes: a.notes.as_str().to_string(),
            id: a.id,
            name: a.name,
            legal_name: a.legal_name,
            tax_id: a.tax_id,
            phone: a.phone,
            email: a.email,
            street: a.billing.street,
            city: a.billing.city,
            postal_code: a.billing.postal_code,
            country: a.billing.country,
            geo: geo(a.geo),
            segment: a.segment,
            price_list_id: a.price_list_id,
            payment_terms_days: a.payment_terms_days,
            credit_limit_minor: a.credit_limit_minor,
            currency: a.currency,
            visit_frequency_days: a.visit_frequency_days,
            tags: a.tags,
            territory_id: a.territory_id,
            created_at_ms: a.created_at.millis(),
        }
    }
}

impl NewAccount {
    pub(crate) fn into_core(self) -> Result<ops::NewAccount> {
        Ok(ops::NewAccount {
            name: self.name,
            legal_name: self.legal_name,
            phone: self.phone,
            email: self.email,
            street: self.street,
            city: self.city,
            postal_code: self.postal_code,
            country: self.country,
            geo: geo_in(self.geo)?,
            segment: self.segment,
            territory_id: self.territory_id,
            visit_frequency_days: self.visit_frequency_days,
            ..Default::default()
        })
    }
}

impl From<AccountEdit> for ops::AccountEdit {
    fn from(e: AccountEdit) -> Self {
        ops::AccountEdit {
            name: e.name,
            phone: e.phone,
            email: e.email,
            street: e.street,
            city: e.city,
            postal_code: e.postal_code,
            segment: e.segment,
            price_list_id: e.price_list_id,
            visit_frequency_days: e.visit_frequency_days,
            note: e.note,
            ..Default::default()
        }
    }
}

impl From<AccountQuery> for ops::AccountQuery {
    fn from(q: AccountQuery) -> Self {
        ops::AccountQuery {
            search: q.search,
            city: q.city,
            territory_id: q.territory_id,
            limit: q.limit,
            offset: q.offset,
        }
    }
}

impl From<ops::AccountDetail> for AccountDetail {
    fn from(d: ops::AccountDetail) -> Self {
        AccountDetail {
            account: d.account.into(),
            contacts: all(d.contacts),
            visits: all(d.visits),
            orders: all(d.orders),
            quotes: all(d.quotes),
            tasks: all(d.tasks),
        }
    }
}

impl From<NewContact> for ops::NewContact {
    fn from(c: NewContact) -> Self {
        ops::NewContact {
            account_id: c.account_id,
            name: c.name,
            title: c.title,
            phone: c.phone,
            email: c.email,
        }
    }
}

impl From<ContactEdit> for ops::ContactEdit {
    fn from(e: ContactEdit) -> Self {
        ops::ContactEdit {
            name: e.name,
            title: e.title,
            phone: e.phone,
            email: e.email,
        }
    }
}

impl SignatureInput {
    pub(crate) fn into_core(self) -> Result<ops::SignatureInput> {
        Ok(ops::SignatureInput {
            place: geo_in(self.place)?,
            signer_name: self.signer_name,
            signer_role: self.signer_role,
            consent_text: self.consent_text,
            strokes: self
                .strokes
                .into_iter()
                .map(|st| st.points.into_iter().map(|p| [p.x, p.y, p.t_ms]).collect())
                .collect(),
            signed_at: None,
        })
    }
}

impl From<core::Contact> for Contact {
    fn from(c: core::Contact) -> Self {
        Contact {
            id: c.id,
            account_id: c.account_id,
            name: c.name,
            title: c.title,
            phone: c.phone,
            email: c.email,
        }
    }
}

impl From<fieldsales_core::store::SearchHit> for SearchHit {
    fn from(h: fieldsales_core::store::SearchHit) -> Self {
        SearchHit {
            kind: h.kind.into(),
            id: h.id,
            text: h.text,
        }
    }
}

impl From<core::Product> for Product {
    fn from(p: core::Product) -> Self {
        Product {
            id: p.id,
            sku: p.sku,
            name: p.name,
            unit: p.unit,
            tax_bp: p.tax_bp,
            base_price_minor: p.base_price_minor,
            currency: p.currency,
            active: p.active,
        }
    }
}

impl From<core::Stock> for Stock {
    fn from(s: core::Stock) -> Self {
        Stock {
            id: s.id,
            product_id: s.product_id,
            warehouse: s.warehouse,
            on_hand_milli: s.on_hand_milli,
            as_of_ms: s.as_of.millis(),
        }
    }
}

impl From<core::Visit> for Visit {
    fn from(v: core::Visit) -> Self {
        Visit {
            notes: v.notes.as_str().to_string(),
            id: v.id,
            account_id: v.account_id,
            owner_id: v.owner_id,
            planned_start_ms: v.planned_start.millis(),
            planned_end_ms: v.planned_end.millis(),
            status: v.status.as_str().to_string(),
            check_in_ms: v.check_in.as_ref().map(|f| f.at.millis()),
            check_in_place: geo(v.check_in.and_then(|f| f.place)),
            check_out_ms: v.check_out.as_ref().map(|f| f.at.millis()),
            outcome: v.outcome,
            photos: v.photos,
        }
    }
}

impl From<core::Line> for Line {
    fn from(l: core::Line) -> Self {
        Line {
            line_id: l.line_id,
            product_id: l.product_id,
            description: l.description,
            qty_milli: l.qty_milli,
            unit_price_minor: l.unit_price_minor,
            discount_bp: l.discount_bp,
            tax_bp: l.tax_bp,
            net_minor: l.net_minor,
            tax_minor: l.tax_minor,
        }
    }
}

impl From<NewLine> for fieldsales_core::ops::NewLine {
    fn from(l: NewLine) -> Self {
        fieldsales_core::ops::NewLine::new(l.product_id, l.qty_milli, l.discount_bp)
    }
}

impl From<core::Order> for Order {
    fn from(o: core::Order) -> Self {
        Order {
            notes: o.notes.as_str().to_string(),
            id: o.id,
            number: o.number,
            account_id: o.account_id,
            owner_id: o.owner_id,
            status: o.status.as_str().to_string(),
            currency: o.currency,
            order_date: o.order_date.to_string(),
            lines: o.lines.into_iter().map(Into::into).collect(),
            discount_bp: o.discount_bp,
            subtotal_minor: o.subtotal_minor,
            tax_minor: o.tax_minor,
            total_minor: o.total_minor,
            from_quote_id: o.from_quote_id,
            submitted_at_ms: o.submitted_at.map(|t| t.millis()),
        }
    }
}

fn strokes(s: &core::Strokes) -> Vec<Stroke> {
    s.0.iter()
        .map(|points| Stroke {
            points: points
                .iter()
                .map(|&[x, y, t_ms]| StrokePoint { x, y, t_ms })
                .collect(),
        })
        .collect()
}

impl From<core::Quote> for Quote {
    fn from(q: core::Quote) -> Self {
        Quote {
            terms: q.terms.as_str().to_string(),
            id: q.id,
            number: q.number,
            account_id: q.account_id,
            owner_id: q.owner_id,
            status: q.status.as_str().to_string(),
            revision: q.revision,
            currency: q.currency,
            quote_date: q.quote_date.to_string(),
            valid_until: q.valid_until.to_string(),
            lines: q.lines.into_iter().map(Into::into).collect(),
            discount_bp: q.discount_bp,
            subtotal_minor: q.subtotal_minor,
            tax_minor: q.tax_minor,
            total_minor: q.total_minor,
            payment_terms_days: q.payment_terms_days,
            customer_name: q.customer_name,
            previous_id: q.previous_id,
            approval: q.approval.map(|a| QuoteApproval {
                approved: a.approved,
                decided_by_name: a.decided_by_name,
                decided_at_ms: a.decided_at.millis(),
                discount_bp: a.discount_bp,
            }),
            signature: q.signature.map(|s| QuoteSignature {
                strokes: strokes(&s.strokes),
                signer_name: s.signer_name,
                signer_role: s.signer_role,
                signed_at_ms: s.signed_at.millis(),
                place: geo(s.place),
                consent_text: s.consent_text,
                content_hash: s.content_hash,
                device_id: s.device_id,
            }),
            order_id: q.order_id,
        }
    }
}

impl From<fieldsales_core::quotes::Verification> for Verification {
    fn from(v: fieldsales_core::quotes::Verification) -> Self {
        use fieldsales_core::quotes::Verification as V;
        match v {
            V::Valid => Verification::Valid,
            V::Tampered { fields } => Verification::Tampered { fields },
            V::BadSignature => Verification::BadSignature,
            V::Unsigned => Verification::Unsigned,
        }
    }
}

impl From<core::Task> for Task {
    fn from(t: core::Task) -> Self {
        Task {
            notes: t.notes.as_str().to_string(),
            id: t.id,
            account_id: t.account_id,
            owner_id: t.owner_id,
            title: t.title,
            due: t.due.map(|d| d.to_string()),
            status: t.status.as_str().to_string(),
            done_at_ms: t.done_at.map(|t| t.millis()),
        }
    }
}

impl From<fieldsales_core::ops::DayPlan> for DayPlan {
    fn from(p: fieldsales_core::ops::DayPlan) -> Self {
        DayPlan {
            date: p.date.to_string(),
            start: geo(p.start),
            stops: p
                .visits
                .into_iter()
                .map(|s| PlanStop {
                    visit_id: s.visit_id,
                    account_id: s.account_id,
                    account_name: s.account_name,
                    planned_start_ms: s.planned_start.millis(),
                    place: geo(s.place),
                    leg_km: s.leg_km,
                })
                .collect(),
            distance_km: p.distance_km,
            planned_order_km: p.planned_order_km,
        }
    }
}

impl From<fieldsales_core::ops::DueAccount> for DueAccount {
    fn from(d: fieldsales_core::ops::DueAccount) -> Self {
        DueAccount {
            account_id: d.account_id,
            name: d.name,
            visit_frequency_days: d.visit_frequency_days,
            last_visit_ms: d.last_visit.map(|t| t.millis()),
            due_on: d.due_on.to_string(),
            overdue_days: d.overdue_days,
        }
    }
}

impl From<core::Quota> for Quota {
    fn from(q: core::Quota) -> Self {
        Quota {
            id: q.id,
            user_id: q.user_id,
            territory_id: q.territory_id,
            period: q.period,
            metric: q.metric.into(),
            target: q.target,
        }
    }
}

impl From<fieldsales_core::reports::AttainmentRow> for Attainment {
    fn from(r: fieldsales_core::reports::AttainmentRow) -> Self {
        Attainment {
            user: r.user,
            user_id: r.user_id,
            territory: r.territory,
            territory_id: r.territory_id,
            metric: r.metric.into(),
            target: r.target,
            actual: r.actual,
            pending: r.pending,
            pct: r.pct,
        }
    }
}

impl From<fieldsales_core::reports::KpiRow> for Kpi {
    fn from(r: fieldsales_core::reports::KpiRow) -> Self {
        Kpi {
            id: r.id,
            name: r.name,
            revenue_minor: r.revenue_minor,
            orders: r.orders,
            avg_order_minor: r.avg_order_minor,
            visits_completed: r.visits_completed,
            visits_with_order: r.visits_with_order,
            conversion_pct: r.conversion_pct,
            new_accounts: r.new_accounts,
            quota_pct: r.quota_pct,
        }
    }
}

impl From<core::Territory> for Territory {
    fn from(t: core::Territory) -> Self {
        Territory {
            id: t.id,
            name: t.name,
            parent_id: t.parent_id,
        }
    }
}

impl From<fieldsales_core::store::StoredRejection> for Rejection {
    fn from(r: fieldsales_core::store::StoredRejection) -> Self {
        Rejection {
            id: r.id,
            doc_id: r.doc_id,
            kind: r.kind.into(),
            reason: r.reason.to_string(),
            detail: r.detail,
            at_ms: r.at.millis(),
        }
    }
}

fn conflict_value(v: fieldsales_core::doc::ConflictValue) -> ConflictValue {
    ConflictValue {
        value_json: v.value.to_string(),
        by: v.by,
    }
}

impl From<fieldsales_core::store::StoredConflict> for Conflict {
    fn from(c: fieldsales_core::store::StoredConflict) -> Self {
        Conflict {
            doc_id: c.doc_id,
            kind: c.kind.into(),
            path: c.conflict.path,
            winner: conflict_value(c.conflict.winner),
            losers: c.conflict.losers.into_iter().map(conflict_value).collect(),
            detected_at_ms: c.detected_at.millis(),
        }
    }
}

impl From<&fieldsales_core::sync::SyncProgress> for SyncProgress {
    fn from(p: &fieldsales_core::sync::SyncProgress) -> Self {
        use fieldsales_core::sync::SyncPhase as P;
        SyncProgress {
            phase: match p.phase {
                P::Pushing => SyncPhase::Pushing,
                P::Pulling => SyncPhase::Pulling,
                P::Blobs => SyncPhase::Blobs,
                P::Done => SyncPhase::Done,
            },
            round_trips: p.round_trips,
            pushed: p.pushed,
            pulled: p.pulled,
            to_push: p.to_push,
        }
    }
}

impl From<fieldsales_core::sync::SyncReport> for SyncReport {
    fn from(r: fieldsales_core::sync::SyncReport) -> Self {
        SyncReport {
            round_trips: r.round_trips,
            bytes_up: r.bytes_up,
            bytes_down: r.bytes_down,
            pushed: r.pushed,
            pulled: r.pulled,
            rejected: r
                .rejected
                .into_iter()
                .map(|x| RejectedEdit {
                    doc_id: x.doc_id,
                    reason: x.reason.to_string(),
                })
                .collect(),
            revoked: r.revoked,
            blobs_up: r.blobs_up,
            duration_ms: r.duration_ms,
            changed: r.changed.into_iter().map(Into::into).collect(),
        }
    }
}

/// Every `Vec` of core records as binding records.
pub(crate) fn all<C, B: From<C>>(v: Vec<C>) -> Vec<B> {
    v.into_iter().map(Into::into).collect()
}
