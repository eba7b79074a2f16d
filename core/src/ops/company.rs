//! The selling company's profile (admins set it; every phone has it) and the seller printed at
//! the head of a quote.

use serde::{Deserialize, Serialize};

use super::{nfc, non_empty};
use crate::Store;
use crate::error::{Error, Result};
use crate::quotes::Seller;
use crate::records::{COMPANY_PROFILE_ID, CompanyProfile, Logo, MAX_LOGO_BYTES, User};

/// Longest name, address, tax id or phone accepted.
const MAX_FIELD: usize = 1_000;

/// What an admin sets on the company profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyInput {
    pub legal_name: String,
    /// Lines separated by newlines.
    pub address: String,
    pub tax_id: String,
    pub phone: String,
    /// A PNG or JPEG of at most 256 KB; `None` keeps the current logo, an empty one removes it.
    pub logo: Option<Vec<u8>>,
}

fn check(input: &CompanyInput) -> Result<()> {
    non_empty("legal name", &input.legal_name)?;
    for (field, v) in [
        ("legal name", &input.legal_name),
        ("address", &input.address),
        ("tax id", &input.tax_id),
        ("phone", &input.phone),
    ] {
        if v.len() > MAX_FIELD {
            return Err(Error::invalid(format!(
                "the {field} is longer than {MAX_FIELD} bytes"
            )));
        }
    }
    if let Some(logo) = input.logo.as_deref().filter(|l| !l.is_empty()) {
        if logo.len() > MAX_LOGO_BYTES {
            return Err(Error::invalid(format!(
                "the logo is {} KB; at most {} KB",
                logo.len().div_ceil(1024),
                MAX_LOGO_BYTES / 1024
            )));
        }
        if Logo::format(logo).is_none() {
            return Err(Error::invalid("the logo must be a PNG or a JPEG image"));
        }
    }
    Ok(())
}

impl Store {
    /// The company profile, if an admin has set one (from the index: works offline).
    pub fn company_profile(&self) -> Result<Option<CompanyProfile>> {
        self.find::<CompanyProfile>(COMPANY_PROFILE_ID)
    }

    /// Set the company profile (admins, once bound to a server: the rules refuse others).
    /// Bad input is refused with nothing changed.
    pub fn set_company_profile(&mut self, input: CompanyInput) -> Result<CompanyProfile> {
        check(&input)?;
        let apply = |c: &mut CompanyProfile| {
            c.legal_name = nfc(input.legal_name.trim());
            c.address = nfc(input.address.trim());
            c.tax_id = input.tax_id.trim().to_string();
            c.phone = input.phone.trim().to_string();
            match &input.logo {
                None => {}
                Some(l) if l.is_empty() => c.logo = None,
                Some(l) => c.logo = Some(Logo(l.clone())),
            }
        };
        if self.company_profile()?.is_some() {
            self.update::<CompanyProfile>(COMPANY_PROFILE_ID, |c| {
                apply(c);
                Ok(())
            })
        } else {
            let mut c = CompanyProfile::new("");
            apply(&mut c);
            self.create(c)
        }
    }

    /// Who issues a quote owned by `owner_id`: the company profile with its address, tax id
    /// and phone (labelled in `locale`) and logo; the owner's name when no profile is set.
    pub fn quote_seller(&self, owner_id: &str, locale: &str) -> Result<Seller> {
        let l = crate::locale::labels(locale);
        if let Some(c) = self.company_profile()? {
            let mut lines: Vec<String> = c
                .address
                .lines()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            if !c.tax_id.is_empty() {
                lines.push(format!("{}: {}", l.tax_id, c.tax_id));
            }
            if !c.phone.is_empty() {
                lines.push(format!("{}: {}", l.phone, c.phone));
            }
            return Ok(Seller {
                name: c.legal_name,
                lines,
                logo: c.logo.map(|l| l.0),
            });
        }
        Ok(Seller {
            name: self
                .find::<User>(owner_id)?
                .map(|u| u.name)
                .unwrap_or_else(|| "fieldsales".into()),
            ..Seller::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InitOptions;
    use crate::records::Role;

    fn input() -> CompanyInput {
        CompanyInput {
            legal_name: "บริษัท ช้างน้ำ จำกัด".into(),
            address: "99 ถนนสุขุมวิท\nกรุงเทพมหานคร 10110".into(),
            tax_id: "0105556012345".into(),
            phone: "+66 2 123 4567".into(),
            logo: Some(b"\x89PNG\r\n\x1a\nbody".to_vec()),
        }
    }

    #[test]
    fn the_profile_is_set_kept_and_heads_the_quote() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::init(
            dir.path().join("c.db"),
            InitOptions::new("ana", Role::Admin),
        )
        .unwrap();
        let owner = s.identity().user_id.clone();
        assert_eq!(s.quote_seller(&owner, "th").unwrap().name, "ana");
        let c = s.set_company_profile(input()).unwrap();
        assert_eq!(c.id, COMPANY_PROFILE_ID);
        let seller = s.quote_seller(&owner, "th-TH").unwrap();
        assert_eq!(seller.name, "บริษัท ช้างน้ำ จำกัด");
        assert_eq!(
            seller.lines,
            [
                "99 ถนนสุขุมวิท",
                "กรุงเทพมหานคร 10110",
                "เลขประจำตัวผู้เสียภาษี: 0105556012345",
                "โทร.: +66 2 123 4567"
            ]
        );
        assert!(seller.logo.is_some());

        // a second set edits the same record; no logo given keeps the logo
        let mut again = input();
        again.legal_name = "Công ty TNHH Voi Nước".into();
        again.logo = None;
        s.set_company_profile(again).unwrap();
        let c = s.company_profile().unwrap().unwrap();
        assert_eq!(c.legal_name, "Công ty TNHH Voi Nước");
        assert!(c.logo.is_some());
    }

    #[test]
    fn bad_profiles_are_refused_and_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::init(
            dir.path().join("c.db"),
            InitOptions::new("ana", Role::Admin),
        )
        .unwrap();
        s.set_company_profile(input()).unwrap();
        let before = s.company_profile().unwrap();
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(MAX_LOGO_BYTES + 1, 0);
        for bad in [
            CompanyInput {
                legal_name: " ".into(),
                ..input()
            },
            CompanyInput {
                logo: Some(big),
                ..input()
            },
            CompanyInput {
                logo: Some(b"GIF89a....".to_vec()),
                ..input()
            },
            CompanyInput {
                phone: "9".repeat(MAX_FIELD + 1),
                ..input()
            },
        ] {
            assert!(matches!(s.set_company_profile(bad), Err(Error::Invalid(_))));
        }
        assert_eq!(s.company_profile().unwrap(), before);
    }
}
