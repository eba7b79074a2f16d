//! The records the screens see. Times are UTC milliseconds (`*_ms`), days are ISO dates
//! (`YYYY-MM-DD`) on the rep's calendar, money is integer minor units (`*_minor`), quantities
//! are thousandths (`*_milli`), rates are basis points (`*_bp`). Status fields carry the core's
//! labels (`draft`, `submitted`, ...).

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Role {
    Rep,
    Manager,
    Admin,
}

/// `RecordKind` from the core's list of kinds: a new kind appears here by itself.
macro_rules! define_record_kind {
    ($($name:ident = $label:literal),+ $(,)?) => {
        /// The kind of a record, for data-changed listeners and search hits.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum RecordKind {
            $($name),+
        }

        impl From<fieldsales_core::records::Kind> for RecordKind {
            fn from(k: fieldsales_core::records::Kind) -> Self {
                match k {
                    $(fieldsales_core::records::Kind::$name => RecordKind::$name),+
                }
            }
        }
    };
}
fieldsales_core::with_record_kinds!(define_record_kind);

#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Identity {
    pub user_id: String,
    pub user_name: String,
    pub role: Role,
    pub device_id: String,
    /// IANA zone of the user's days.
    pub zone: String,
    pub currency: String,
    pub server_url: Option<String>,
    /// The territories the server assigned this user at login (empty for a standalone store).
    pub territory_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub legal_name: String,
    pub tax_id: String,
    pub phone: String,
    pub email: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub geo: Option<GeoPoint>,
    pub segment: String,
    pub price_list_id: Option<String>,
    pub payment_terms_days: i64,
    pub credit_limit_minor: i64,
    pub currency: String,
    pub visit_frequency_days: i64,
    pub tags: Vec<String>,
    pub notes: String,
    pub territory_id: Option<String>,
    pub created_at_ms: i64,
}

/// A new account. Empty strings are fine for what the rep does not know yet.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewAccount {
    pub name: String,
    pub legal_name: String,
    pub phone: String,
    pub email: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub country: String,
    pub geo: Option<GeoPoint>,
    pub segment: String,
    pub territory_id: Option<String>,
    pub visit_frequency_days: i64,
}

/// The fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct AccountEdit {
    #[uniffi(default = None)]
    pub name: Option<String>,
    #[uniffi(default = None)]
    pub phone: Option<String>,
    #[uniffi(default = None)]
    pub email: Option<String>,
    #[uniffi(default = None)]
    pub street: Option<String>,
    #[uniffi(default = None)]
    pub city: Option<String>,
    #[uniffi(default = None)]
    pub postal_code: Option<String>,
    #[uniffi(default = None)]
    pub segment: Option<String>,
    #[uniffi(default = None)]
    pub price_list_id: Option<String>,
    #[uniffi(default = None)]
    pub visit_frequency_days: Option<i64>,
    /// A paragraph appended to the account's notes (two people's notes both survive a merge).
    #[uniffi(default = None)]
    pub note: Option<String>,
}

/// Which accounts a list shows: a search, filters, a page.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AccountQuery {
    pub search: Option<String>,
    pub city: Option<String>,
    pub territory_id: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

/// An account with what happened there, newest first: the account detail screen.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct AccountDetail {
    pub account: Account,
    pub contacts: Vec<Contact>,
    pub visits: Vec<Visit>,
    pub orders: Vec<Order>,
    pub quotes: Vec<Quote>,
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Contact {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewContact {
    pub account_id: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct ContactEdit {
    #[uniffi(default = None)]
    pub name: Option<String>,
    #[uniffi(default = None)]
    pub title: Option<String>,
    #[uniffi(default = None)]
    pub phone: Option<String>,
    #[uniffi(default = None)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SearchHit {
    pub kind: RecordKind,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Product {
    pub id: String,
    pub sku: String,
    pub name: String,
    pub unit: String,
    pub tax_bp: i64,
    pub base_price_minor: i64,
    pub currency: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewProduct {
    pub sku: String,
    pub name: String,
    pub base_price_minor: i64,
    pub currency: String,
    pub tax_bp: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Stock {
    pub id: String,
    pub product_id: String,
    pub warehouse: String,
    pub on_hand_milli: i64,
    pub as_of_ms: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Visit {
    pub id: String,
    pub account_id: String,
    pub owner_id: String,
    pub planned_start_ms: i64,
    pub planned_end_ms: i64,
    /// `planned`, `checked_in`, `completed`, `cancelled`, `missed`.
    pub status: String,
    pub check_in_ms: Option<i64>,
    pub check_in_place: Option<GeoPoint>,
    pub check_out_ms: Option<i64>,
    pub notes: String,
    pub outcome: String,
    /// Content hashes of the photos; `photo(hash)` returns the bytes.
    pub photos: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Line {
    pub line_id: String,
    pub product_id: String,
    pub description: String,
    pub qty_milli: i64,
    pub unit_price_minor: i64,
    pub discount_bp: i64,
    pub tax_bp: i64,
    pub net_minor: i64,
    pub tax_minor: i64,
}

/// A line to add: the price comes from the account's price list.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct NewLine {
    pub product_id: String,
    pub qty_milli: i64,
    pub discount_bp: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Order {
    pub id: String,
    pub number: String,
    pub account_id: String,
    pub owner_id: String,
    /// `draft`, `submitted`, `confirmed`, `rejected`, `fulfilled`, `invoiced`, `cancelled`.
    pub status: String,
    pub currency: String,
    pub order_date: String,
    pub lines: Vec<Line>,
    pub discount_bp: i64,
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub from_quote_id: Option<String>,
    pub notes: String,
    pub submitted_at_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct QuoteApproval {
    pub approved: bool,
    pub decided_by_name: String,
    pub decided_at_ms: i64,
    pub discount_bp: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct QuoteSignature {
    pub signer_name: String,
    pub signer_role: String,
    pub signed_at_ms: i64,
    pub place: Option<GeoPoint>,
    pub consent_text: String,
    pub strokes: Vec<Stroke>,
    pub content_hash: String,
    pub device_id: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Quote {
    pub id: String,
    pub number: String,
    pub account_id: String,
    pub owner_id: String,
    /// `draft`, `approval_requested`, `approved`, `approval_rejected`, `presented`, `signed`,
    /// `converted`, `declined`, `expired`.
    pub status: String,
    pub revision: i64,
    pub currency: String,
    pub quote_date: String,
    pub valid_until: String,
    pub lines: Vec<Line>,
    pub discount_bp: i64,
    pub subtotal_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub payment_terms_days: i64,
    pub terms: String,
    pub customer_name: String,
    pub previous_id: Option<String>,
    pub approval: Option<QuoteApproval>,
    pub signature: Option<QuoteSignature>,
    pub order_id: Option<String>,
}

/// Terms to change on a draft quote; `None` leaves a term as it is.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct QuoteTerms {
    #[uniffi(default = None)]
    pub terms: Option<String>,
    #[uniffi(default = None)]
    pub payment_terms_days: Option<i64>,
    /// `YYYY-MM-DD`.
    #[uniffi(default = None)]
    pub valid_until: Option<String>,
}

/// One pen point on the signature pad: position and milliseconds since the stroke began.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct StrokePoint {
    pub x: i64,
    pub y: i64,
    pub t_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Stroke {
    pub points: Vec<StrokePoint>,
}

/// What the signature pad captured.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SignatureInput {
    pub signer_name: String,
    pub signer_role: String,
    /// The consent shown to the signer; `None` uses the standard text (`consent_text`).
    pub consent_text: Option<String>,
    pub strokes: Vec<Stroke>,
    pub place: Option<GeoPoint>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Verification {
    Valid,
    /// The quote changed after it was signed, in these fields.
    Tampered {
        fields: Vec<String>,
    },
    BadSignature,
    Unsigned,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ConvertedQuote {
    pub quote: Quote,
    pub order: Order,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Task {
    pub id: String,
    pub account_id: Option<String>,
    pub owner_id: String,
    pub title: String,
    pub due: Option<String>,
    /// `open`, `done`, `cancelled`.
    pub status: String,
    pub done_at_ms: Option<i64>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PlanStop {
    pub visit_id: String,
    pub account_id: String,
    pub account_name: String,
    pub planned_start_ms: i64,
    pub place: Option<GeoPoint>,
    pub leg_km: f64,
}

/// Today's plan: the day's visits in driving order.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DayPlan {
    pub date: String,
    pub start: Option<GeoPoint>,
    pub stops: Vec<PlanStop>,
    pub distance_km: f64,
    pub planned_order_km: f64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DueAccount {
    pub account_id: String,
    pub name: String,
    pub visit_frequency_days: i64,
    pub last_visit_ms: Option<i64>,
    pub due_on: String,
    pub overdue_days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum QuotaMetric {
    Revenue,
    Orders,
    Visits,
    NewAccounts,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Quota {
    pub id: String,
    pub user_id: Option<String>,
    pub territory_id: Option<String>,
    /// `2026-11` or `2026-Q4`.
    pub period: String,
    pub metric: QuotaMetric,
    pub target: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Attainment {
    pub user: Option<String>,
    pub user_id: Option<String>,
    pub territory: Option<String>,
    pub territory_id: Option<String>,
    pub metric: QuotaMetric,
    pub target: i64,
    pub actual: i64,
    /// Orders on this device not yet accepted by the server.
    pub pending: i64,
    pub pct: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum KpiGroup {
    Rep,
    Territory,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Kpi {
    pub id: String,
    pub name: String,
    pub revenue_minor: i64,
    pub orders: i64,
    pub avg_order_minor: i64,
    pub visits_completed: i64,
    pub visits_with_order: i64,
    pub conversion_pct: f64,
    pub new_accounts: i64,
    pub quota_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Territory {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
}

/// An edit the server refused; the record was reset to the server's state.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Rejection {
    pub id: i64,
    pub doc_id: String,
    pub kind: RecordKind,
    /// A stable code: `forbidden`, `not_editable`, `invalid_transition`, ...
    pub reason: String,
    pub detail: String,
    pub at_ms: i64,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ConflictValue {
    /// The value as JSON text.
    pub value_json: String,
    /// Who wrote it, when known.
    pub by: Option<String>,
}

/// A field two people changed at the same time: the value every device shows, and the ones
/// that lost, kept until dismissed.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Conflict {
    pub doc_id: String,
    pub kind: RecordKind,
    pub path: String,
    pub winner: ConflictValue,
    pub losers: Vec<ConflictValue>,
    pub detected_at_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SyncState {
    Idle,
    Syncing,
    Offline,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SyncPhase {
    Pushing,
    Pulling,
    Blobs,
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub round_trips: u32,
    pub pushed: u64,
    pub pulled: u64,
    pub to_push: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RejectedEdit {
    pub doc_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncReport {
    pub round_trips: u32,
    pub bytes_up: u64,
    pub bytes_down: u64,
    pub pushed: u64,
    pub pulled: u64,
    pub rejected: Vec<RejectedEdit>,
    pub revoked: u64,
    pub blobs_up: u64,
    pub duration_ms: u64,
    pub changed: Vec<RecordKind>,
}
