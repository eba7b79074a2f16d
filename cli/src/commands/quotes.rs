//! Quotes: drafting, discount approval, presenting, signing on site, verifying, the PDF,
//! revisions and conversion to an order.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use fieldsales_core::Store;
use fieldsales_core::money::{format_money, parse_qty};
use fieldsales_core::ops::{NewLine, QuoteTerms, SalesQuery, SignatureInput};
use fieldsales_core::quotes::content_hash_hex;
use fieldsales_core::records::Quote;
use fieldsales_core::time::Day;
use serde_json::json;

use super::geo;
use crate::error::{CliResult, read_file, usage, write_file};
use crate::output::{Out, order_json, print_quote, quote_json};

#[derive(Subcommand)]
pub enum QuoteCmd {
    /// Start a draft quote for an account, with its prices and payment terms.
    New {
        #[arg(long)]
        account: String,
        /// Days the quote stays valid.
        #[arg(long, default_value_t = 30, allow_hyphen_values = true)]
        valid_days: i64,
    },
    /// Add a line, priced from the account's price list (an approval request or decision
    /// goes back to draft).
    AddLine {
        id: String,
        #[arg(long)]
        product: String,
        /// Quantity, decimal (3, 0.5).
        #[arg(long, allow_hyphen_values = true)]
        qty: String,
        #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
        discount_bp: i64,
    },
    /// Change a line's quantity or discount.
    ChangeLine {
        id: String,
        #[arg(long)]
        line: String,
        #[arg(long, allow_hyphen_values = true)]
        qty: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        discount_bp: Option<i64>,
    },
    /// Remove a line.
    RemoveLine {
        id: String,
        #[arg(long)]
        line: String,
    },
    /// Set the quote-level discount, on top of line discounts.
    Discount {
        id: String,
        #[arg(long, allow_hyphen_values = true)]
        bp: i64,
    },
    /// Set special conditions: free-text terms, payment terms, validity.
    Terms {
        id: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        payment_terms_days: Option<i64>,
        /// YYYY-MM-DD
        #[arg(long)]
        valid_until: Option<String>,
    },
    /// Ask a manager to approve discounts over your limit.
    RequestApproval { id: String },
    /// Approve the requested discounts (manager).
    Approve { id: String },
    /// Refuse the requested discounts (manager).
    Reject { id: String },
    /// Put the quote before the customer.
    Present { id: String },
    /// The customer signs the presented quote on this device.
    Sign {
        id: String,
        /// The signer's name.
        #[arg(long)]
        signer: String,
        /// The signer's role at the customer.
        #[arg(long, default_value = "")]
        role: String,
        /// JSON file of pen strokes: [[[x, y, t_ms], ...], ...]
        #[arg(long)]
        strokes: PathBuf,
        /// The consent sentence shown to the signer (default: one naming the total).
        #[arg(long)]
        consent: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        lat: Option<f64>,
        #[arg(long, allow_hyphen_values = true)]
        lon: Option<f64>,
    },
    /// Check the signature and that the signed content is unchanged.
    Verify { id: String },
    /// Write the quote as a PDF.
    Pdf {
        id: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Turn a signed quote into an order with the same lines and totals.
    Convert { id: String },
    /// Start the next revision of a presented or signed quote, as a new draft.
    Revise { id: String },
    /// The customer declines.
    Decline { id: String },
    /// One quote with its lines, totals, decision and signature.
    Show { id: String },
    /// Quotes, newest first.
    List {
        #[arg(long)]
        account: Option<String>,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
    },
}

fn read_strokes(path: &Path) -> CliResult<Vec<Vec<[i64; 3]>>> {
    let bytes = read_file("read strokes", path)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        usage(format!(
            "{} does not hold strokes as [[[x, y, t_ms], ...], ...]: {e}",
            path.display()
        ))
    })
}

pub fn quote(store: &mut Store, cmd: QuoteCmd, out: &Out) -> CliResult {
    let q = match cmd {
        QuoteCmd::New {
            account,
            valid_days,
        } => store.new_quote(&account, valid_days)?,
        QuoteCmd::AddLine {
            id,
            product,
            qty,
            discount_bp,
        } => store.add_quote_line(&id, NewLine::new(product, parse_qty(&qty)?, discount_bp))?,
        QuoteCmd::ChangeLine {
            id,
            line,
            qty,
            discount_bp,
        } => {
            let qty = qty.map(|q| parse_qty(&q)).transpose()?;
            store.change_quote_line(&id, &line, qty, discount_bp)?
        }
        QuoteCmd::RemoveLine { id, line } => store.remove_quote_line(&id, &line)?,
        QuoteCmd::Discount { id, bp } => store.set_quote_discount(&id, bp)?,
        QuoteCmd::Terms {
            id,
            text,
            payment_terms_days,
            valid_until,
        } => {
            let valid_until = valid_until
                .map(|d| Day::parse_in(&d, &store.identity().locale))
                .transpose()?;
            store.set_quote_terms(
                &id,
                QuoteTerms {
                    terms: text,
                    payment_terms_days,
                    valid_until,
                },
            )?
        }
        QuoteCmd::RequestApproval { id } => store.request_quote_approval(&id)?,
        QuoteCmd::Approve { id } => store.approve_quote(&id)?,
        QuoteCmd::Reject { id } => store.reject_quote(&id)?,
        QuoteCmd::Present { id } => store.present_quote(&id)?,
        QuoteCmd::Sign {
            id,
            signer,
            role,
            strokes,
            consent,
            lat,
            lon,
        } => {
            let input = SignatureInput {
                signer_name: signer,
                signer_role: role,
                consent_text: consent,
                strokes: read_strokes(&strokes)?,
                place: geo(lat, lon)?,
                signed_at: None,
            };
            store.sign_quote(&id, input)?
        }
        QuoteCmd::Verify { id } => return verify(store, &id, out),
        QuoteCmd::Pdf { id, out: path } => {
            let bytes = store.quote_pdf(&id)?;
            write_file("write PDF", &path, &bytes)?;
            let shown = path.display().to_string();
            return out.emit(&json!({ "out": shown, "bytes": bytes.len() }), || {
                println!("wrote {} ({} bytes)", shown, bytes.len())
            });
        }
        QuoteCmd::Convert { id } => {
            let (q, o) = store.convert_quote(&id)?;
            let value = json!({ "quote_id": q.id, "order_id": o.id, "order": order_json(&o) });
            return out.emit(&value, || {
                println!(
                    "quote {} rev {} converted to order {} ({}), total {} {}",
                    q.number,
                    q.revision,
                    o.number,
                    o.id,
                    format_money(o.total_minor, &o.currency),
                    o.currency
                )
            });
        }
        QuoteCmd::Revise { id } => store.revise_quote(&id)?,
        QuoteCmd::Decline { id } => store.decline_quote(&id)?,
        QuoteCmd::Show { id } => store.get::<Quote>(&id)?,
        QuoteCmd::List {
            account,
            status,
            limit,
            offset,
        } => return list(store, account, status, limit, offset, out),
    };
    out.emit(&quote_json(&q), || print_quote(&q))
}

fn verify(store: &mut Store, id: &str, out: &Out) -> CliResult {
    let q = store.get::<Quote>(id)?;
    let v = store.verify_quote(id)?;
    let mut value = serde_json::to_value(&v)?;
    value["quote_id"] = json!(q.id);
    value["content_hash"] = json!(content_hash_hex(&q));
    if let Some(s) = &q.signature {
        value["signed_content_hash"] = json!(s.content_hash);
        value["public_key"] = json!(s.public_key);
        value["device_id"] = json!(s.device_id);
    }
    out.emit(&value, || {
        println!("quote {} rev {}: {}", q.number, q.revision, v.label());
        if let fieldsales_core::quotes::Verification::Tampered { fields } = &v {
            println!("  changed since signing: {}", fields.join(", "));
        }
    })
}

fn list(
    store: &Store,
    account: Option<String>,
    status: Option<String>,
    limit: u32,
    offset: u32,
    out: &Out,
) -> CliResult {
    let list = store.quotes(&SalesQuery {
        account_id: account,
        status,
        limit,
        offset,
    })?;
    let json: Vec<_> = list.iter().map(quote_json).collect();
    out.emit(&json, || {
        for q in &list {
            println!(
                "{}  {:<16} rev {:<3} {:<18} {:>12} {}",
                q.id,
                q.number,
                q.revision,
                q.status,
                format_money(q.total_minor, &q.currency),
                q.currency
            );
        }
    })
}
