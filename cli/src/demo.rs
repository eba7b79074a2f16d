//! `fieldsales demo`: the whole story on an embedded sync server on a free loopback port,
//! with a temporary data directory: a manager and two reps in two territories, a catalogue,
//! reps offline editing the same order and the same customer, an edit outside a rep's rights,
//! sync, then the merged order, the conflict, the rejection, a territory move, attainment,
//! and a quote over a rep's discount limit approved by the manager and signed on site. The
//! signed quote's PDF outlives the run, in a folder the user chooses.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use fieldsales_core::money::format_minor;
use fieldsales_core::ops::{NewAccount, NewLine, NewProduct, SignatureInput};
use fieldsales_core::records::{Account, GeoPoint, Order, Product, QuotaMetric, Quote, Role};
use fieldsales_core::sync::{self, session};
use fieldsales_core::{Error, Store, reports};
use fieldsales_http::HttpTransport;
use fieldsales_server::http::Background;

use crate::commands::merge::describe;
use crate::error::{CliError, CliResult, internal, write_file};
use crate::output::print_order;

#[derive(Args)]
pub struct DemoArgs {
    /// The folder for the demo's files (the signed quote's PDF), created if missing; only the
    /// demo's own files in it are replaced. The servers' and phones' data stay temporary.
    #[arg(long, default_value = "fieldsales-demo")]
    out: PathBuf,
}

/// The demo's own file in the output folder.
const QUOTE_PDF: &str = "quote.pdf";

fn server_err(e: fieldsales_server::Error) -> CliError {
    internal(format!("demo server setup failed: {e}"))
}

fn sync_quiet(s: &mut Store, t: &HttpTransport) -> CliResult<sync::SyncReport> {
    Ok(sync::sync(s, t, &mut |_| Ok(()))?)
}

pub fn run(a: DemoArgs) -> CliResult {
    // absolute, so the path printed at the end opens from anywhere
    let out = std::path::absolute(&a.out)
        .and_then(|p| std::fs::create_dir_all(&p).map(|()| p))
        .map_err(|source| CliError::File {
            action: "create the folder",
            path: a.out.clone(),
            source,
        })?;
    let dir = tempfile::tempdir()?;
    let api =
        Arc::new(fieldsales_server::Api::open(&dir.path().join("server")).map_err(server_err)?);
    let svc = &api.service;
    let north = svc.create_territory("North", None).map_err(server_err)?;
    let south = svc.create_territory("South", None).map_err(server_err)?;
    svc.create_user("root", "demo-root-secret", Role::Admin, &[])
        .map_err(server_err)?;
    svc.create_user(
        "mia",
        "demo-mia-secret",
        Role::Manager,
        &[north.id.clone(), south.id.clone()],
    )
    .map_err(server_err)?;
    svc.create_user(
        "ana",
        "demo-ana-secret",
        Role::Rep,
        std::slice::from_ref(&north.id),
    )
    .map_err(server_err)?;
    svc.create_user(
        "ben",
        "demo-ben-secret",
        Role::Rep,
        std::slice::from_ref(&north.id),
    )
    .map_err(server_err)?;
    svc.create_user(
        "cy",
        "demo-cy-secret",
        Role::Rep,
        std::slice::from_ref(&south.id),
    )
    .map_err(server_err)?;
    let server = Background::start(api.clone())?;
    let t = HttpTransport::new(&server.url).map_err(Error::from)?;
    println!(
        "Sync server on {} with territories North and South.",
        server.url
    );
    println!("Manager mia runs both; reps ana and ben work North, cy works South.\n");

    let login = |name: &str| -> CliResult<Store> {
        let s = session::login(
            &dir.path().join(format!("{name}.db")),
            &t,
            &server.url,
            name,
            &format!("demo-{name}-secret"),
        )?;
        Ok(s)
    };
    let mut root = login("root")?;
    let coffee = root.create_product(NewProduct::new(
        "CF-1KG",
        "Espresso beans 1 kg",
        1890,
        "EUR",
        700,
    ))?;
    let cups = root.create_product(NewProduct::new(
        "CUP-100",
        "Paper cups, box of 100",
        650,
        "EUR",
        1900,
    ))?;
    let grinder = root.create_product(NewProduct::new(
        "GR-200",
        "Burr grinder",
        24900,
        "EUR",
        1900,
    ))?;
    sync_quiet(&mut root, &t)?;
    let mut mia = login("mia")?;
    // the territories and the reps' profiles reach mia's phone with her first sync
    sync_quiet(&mut mia, &t)?;
    let acc = mia.create_account(NewAccount {
        name: "Bäckerei Sonnenschein".into(),
        city: "Berlin".into(),
        territory_id: Some(north.id.clone()),
        phone: "+49 30 5550100".into(),
        ..Default::default()
    })?;
    let month = mia.today().to_string()[..7].to_string();
    for rep in ["ana", "ben"] {
        mia.set_quota(Some(rep), None, &month, QuotaMetric::Revenue, 100_000)?;
    }
    sync_quiet(&mut mia, &t)?;
    let (mut ana, mut ben, mut cy) = (login("ana")?, login("ben")?, login("cy")?);
    for s in [&mut ana, &mut ben, &mut cy] {
        sync_quiet(s, &t)?;
    }
    println!(
        "root added the catalogue, mia the customer {} in North and monthly quotas.",
        acc.name
    );
    let order = ana.new_order_with_lines(&acc.id, &[NewLine::new(&coffee.id, 10_000, 500)])?;
    sync_quiet(&mut ana, &t)?;
    sync_quiet(&mut ben, &t)?;
    println!(
        "ana started order {}; after a sync ben's phone has it too.\n",
        order.number
    );

    println!("Everyone goes offline.");
    ana.add_order_line(&order.id, NewLine::new(&cups.id, 4_000, 0))?;
    ana.update::<Account>(&acc.id, |a| {
        a.phone = "+49 30 5550199".into();
        Ok(())
    })?;
    println!("  ana adds 4 boxes of cups and enters a new phone number for the bakery");
    ben.add_order_line(&order.id, NewLine::new(&grinder.id, 1_000, 1_000))?;
    ben.update::<Account>(&acc.id, |a| {
        a.phone = "+49 171 5550123".into();
        Ok(())
    })?;
    println!("  ben adds a grinder at 10% off and enters a different phone number");
    // cy's app would refuse this; a tampered app (or an old one) sends it anyway
    let mut forged = automerge::AutoCommit::load(&cy.export(&coffee.id)?).map_err(Error::from)?;
    let mut p: Product = fieldsales_core::doc::read(&forged)?;
    p.base_price_minor = 1;
    fieldsales_core::doc::write(&mut forged, &p)?;
    forged.commit();
    cy.import(&forged.save())?;
    println!(
        "  cy's phone tries to change the price of the espresso beans to 0.01 (reps may not)\n"
    );

    println!("Back online, everyone syncs.");
    for name in ["ana", "ben", "cy", "ana"] {
        let s = match name {
            "ana" => &mut ana,
            "ben" => &mut ben,
            _ => &mut cy,
        };
        let r = sync_quiet(s, &t)?;
        println!(
            "  {name}: {} round trip(s), pushed {}, pulled {}, rejected {}",
            r.round_trips,
            r.pushed,
            r.pulled,
            r.rejected.len()
        );
    }
    sync_quiet(&mut mia, &t)?;

    let oa: Order = ana.get(&order.id)?;
    let ob: Order = ben.get(&order.id)?;
    println!("\nThe merged order, on ana's phone:");
    print_order(&oa);
    println!(
        "ben's phone shows {} lines and total {} {}: {}",
        ob.lines.len(),
        format_minor(ob.total_minor),
        ob.currency,
        if oa == ob { "identical" } else { "DIFFERENT" }
    );
    if oa != ob {
        return Err(internal("the phones did not converge"));
    }
    println!("\nNothing typed was lost. One field was set on two phones: a conflict to review.");
    for c in ana
        .conflicts()?
        .iter()
        .chain(ben.conflicts()?.iter())
        .take(1)
    {
        println!("  {}", describe(c));
    }
    println!("\nThe server rejected cy's price change, and cy's phone shows why:");
    for r in cy.rejections()? {
        println!(
            "  rejected {} {}: {} ({})",
            r.kind, r.doc_id, r.reason, r.detail
        );
    }
    println!(
        "  cy's phone is back to the real price: {}",
        format_minor(cy.get::<Product>(&coffee.id)?.base_price_minor)
    );

    println!("\nmia moves the bakery from North to South.");
    mia.update::<Account>(&acc.id, |a| {
        a.territory_id = Some(south.id.clone());
        Ok(())
    })?;
    sync_quiet(&mut mia, &t)?;
    let rc = sync_quiet(&mut cy, &t)?;
    let ra = sync_quiet(&mut ana, &t)?;
    println!(
        "  cy received {} documents (the account and its order); ana's phone removed {} and still has it: {}",
        rc.pulled,
        ra.revoked,
        ana.find::<Account>(&acc.id)?.is_some()
    );

    println!(
        "\ncy, now looking after the bakery, submits ana's order; attainment this month on mia's phone:"
    );
    cy.submit_order(&order.id)?;
    sync_quiet(&mut cy, &t)?;
    sync_quiet(&mut mia, &t)?;
    for r in reports::attainment(&mia, &month)? {
        if r.metric == QuotaMetric::Revenue {
            println!(
                "  {:<6} revenue {:>10} of {:>10}  ({:.1}%)",
                r.user.as_deref().unwrap_or("-"),
                format_minor(r.actual + r.pending),
                format_minor(r.target),
                r.pct
            );
        }
    }
    let pdf = out.join(QUOTE_PDF);
    quote_signed_on_site(&mut cy, &mut mia, &t, &acc, &coffee, &grinder, &pdf)?;
    drop(server);
    println!("\nThe demo's files are in {}:", out.display());
    println!("  {QUOTE_PDF}  the quote the bakery's owner signed, as printed for her");
    Ok(())
}

/// A signature's pen strokes, made up deterministically: a looping first name and an
/// underline, in pad units with the time in ms.
fn demo_strokes() -> Vec<Vec<[i64; 3]>> {
    let name = (0..48)
        .map(|i: i64| {
            let wave = [0, 9, 16, 9, 0, -9, -16, -9][(i % 8) as usize];
            [12 + i * 7, 60 + wave - i / 4, i * 16]
        })
        .collect();
    let underline = (0..12)
        .map(|i: i64| [20 + i * 28, 96 + i % 2, 1_200 + i * 16])
        .collect();
    vec![name, underline]
}

/// cy's quote for the bakery: over his discount limit, approved by mia, then presented,
/// signed on cy's phone at the bakery while offline, verified, printed and ordered.
fn quote_signed_on_site(
    cy: &mut Store,
    mia: &mut Store,
    t: &HttpTransport,
    acc: &Account,
    coffee: &Product,
    grinder: &Product,
    pdf_path: &Path,
) -> CliResult {
    println!(
        "
cy prepares a quote for the bakery: a grinder at 15% off (his limit is 10%) and 20 kg of beans at 5% off."
    );
    let q = cy.new_quote(&acc.id, 30)?;
    cy.add_quote_line(&q.id, NewLine::new(&grinder.id, 1_000, 1_500))?;
    cy.add_quote_line(&q.id, NewLine::new(&coffee.id, 20_000, 500))?;
    match cy.present_quote(&q.id) {
        Err(e) => println!("  presenting it is refused: {e}"),
        Ok(_) => return Err(internal("an over-limit quote was presented")),
    }
    cy.request_quote_approval(&q.id)?;
    sync_quiet(cy, t)?;
    sync_quiet(mia, t)?;
    let decided = mia.approve_quote(&q.id)?;
    sync_quiet(mia, t)?;
    sync_quiet(cy, t)?;
    println!(
        "  cy asks for approval; mia approves discounts up to {} bp on her phone; cy's phone has it after a sync.",
        decided.approval.map(|a| a.discount_bp).unwrap_or_default()
    );

    println!(
        "
At the bakery, offline, cy presents the quote and the owner signs on his phone."
    );
    cy.present_quote(&q.id)?;
    let signed = cy.sign_quote(
        &q.id,
        SignatureInput {
            signer_name: "Lena Sommer".into(),
            signer_role: "Owner".into(),
            consent_text: None,
            strokes: demo_strokes(),
            place: Some(GeoPoint::new(52.52080, 13.40940)?),
            signed_at: None,
        },
    )?;
    if let Some(sig) = &signed.signature {
        println!(
            "  signed by {}, {}: \"{}\"",
            sig.signer_name, sig.signer_role, sig.consent_text
        );
        println!(
            "  {} pen points sealed with the phone's key; content hash {}",
            sig.strokes.points(),
            sig.content_hash
        );
    }
    println!("  verification: {}", cy.verify_quote(&q.id)?.label());
    let pdf = cy.quote_pdf(&q.id)?;
    write_file("write PDF", pdf_path, &pdf)?;
    println!(
        "  PDF written to {} ({} bytes)",
        pdf_path.display(),
        pdf.len()
    );
    let (_, order) = cy.convert_quote(&q.id)?;
    println!(
        "  converted to order {}: total {} {}, the signed quote's {} {}",
        order.number,
        format_minor(order.total_minor),
        order.currency,
        format_minor(signed.total_minor),
        signed.currency
    );
    let r = sync_quiet(cy, t)?;
    sync_quiet(mia, t)?;
    if !r.rejected.is_empty() {
        return Err(internal(format!(
            "the server rejected the signed quote: {:?}",
            r.rejected
        )));
    }
    println!(
        "  back online, cy syncs (pushed {}, rejected 0); on mia's phone the quote is {} and its signature {}.",
        r.pushed,
        mia.get::<Quote>(&q.id)?.status,
        mia.verify_quote(&q.id)?.label()
    );
    Ok(())
}
