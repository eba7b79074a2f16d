//! The selling company's profile, printed at the head of every quote: admins set it, every
//! device shows it.

use std::path::PathBuf;

use clap::Subcommand;
use fieldsales_core::Store;
use fieldsales_core::ops::CompanyInput;
use fieldsales_core::records::{CompanyProfile, Logo, LogoFormat};
use serde_json::{Value, json};

use crate::error::{CliResult, read_file};
use crate::output::Out;

#[derive(Subcommand)]
pub enum CompanyCmd {
    /// Set the company profile (admins): legal name, address, tax id, phone and logo.
    Set {
        #[arg(long)]
        legal_name: String,
        /// Address; `\n` in the value starts a new line.
        #[arg(long, default_value = "")]
        address: String,
        #[arg(long, default_value = "")]
        tax_id: String,
        #[arg(long, default_value = "")]
        phone: String,
        /// A PNG or JPEG of at most 256 KB; without it the current logo is kept.
        #[arg(long)]
        logo: Option<PathBuf>,
        /// Remove the logo.
        #[arg(long, conflicts_with = "logo")]
        no_logo: bool,
    },
    /// The company profile.
    Show,
}

fn profile_json(c: &CompanyProfile) -> Value {
    let logo = c.logo.as_ref().map(|l| {
        let format = match Logo::format(&l.0) {
            Some(LogoFormat::Png) => "png",
            Some(LogoFormat::Jpeg) => "jpeg",
            None => "unknown",
        };
        json!({ "format": format, "bytes": l.0.len() })
    });
    json!({
        "legal_name": c.legal_name,
        "address": c.address,
        "tax_id": c.tax_id,
        "phone": c.phone,
        "logo": logo,
    })
}

fn print(c: &CompanyProfile) {
    println!("{}", c.legal_name);
    for line in c.address.lines() {
        println!("  {line}");
    }
    if !c.tax_id.is_empty() {
        println!("  tax id: {}", c.tax_id);
    }
    if !c.phone.is_empty() {
        println!("  phone: {}", c.phone);
    }
    if let Some(l) = &c.logo {
        println!("  logo: {} bytes", l.0.len());
    }
}

pub fn company(store: &mut Store, cmd: CompanyCmd, out: &Out) -> CliResult {
    match cmd {
        CompanyCmd::Set {
            legal_name,
            address,
            tax_id,
            phone,
            logo,
            no_logo,
        } => {
            let logo = match (logo, no_logo) {
                (Some(path), _) => Some(read_file("read logo", &path)?),
                (None, true) => Some(Vec::new()),
                (None, false) => None,
            };
            let c = store.set_company_profile(CompanyInput {
                legal_name,
                address: address.replace("\\n", "\n"),
                tax_id,
                phone,
                logo,
            })?;
            out.emit(&profile_json(&c), || print(&c))
        }
        CompanyCmd::Show => {
            let c = store.company_profile()?;
            out.emit(&c.as_ref().map(profile_json), || match &c {
                Some(c) => print(c),
                None => println!("no company profile; an admin sets it with `company set`"),
            })
        }
    }
}
