//! The selling company's profile at the head of every quote: admins set it, every phone reads
//! it offline.

use fieldsales_core::ops::CompanyInput;

use crate::FieldSales;
use crate::error::Result;
use crate::types::RecordKind;

/// The company profile as the screens see it. `logo` is the PNG or JPEG bytes.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CompanyProfile {
    pub legal_name: String,
    pub address: String,
    pub tax_id: String,
    pub phone: String,
    pub logo: Option<Vec<u8>>,
}

impl From<fieldsales_core::records::CompanyProfile> for CompanyProfile {
    fn from(c: fieldsales_core::records::CompanyProfile) -> Self {
        CompanyProfile {
            legal_name: c.legal_name,
            address: c.address,
            tax_id: c.tax_id,
            phone: c.phone,
            logo: c.logo.map(|l| l.0),
        }
    }
}

#[uniffi::export]
impl FieldSales {
    /// Set the company profile (admins once signed in). `logo`: a PNG or JPEG of at most
    /// 256 KB; `None` keeps the current one, empty bytes remove it. `Invalid` for an empty
    /// legal name, a logo too large or not an image; nothing changes then.
    pub fn set_company_profile(
        &self,
        legal_name: String,
        address: String,
        tax_id: String,
        phone: String,
        logo: Option<Vec<u8>>,
    ) -> Result<CompanyProfile> {
        self.write(&[RecordKind::CompanyProfile], |s| {
            s.set_company_profile(CompanyInput {
                legal_name,
                address,
                tax_id,
                phone,
                logo,
            })
        })
        .map(Into::into)
    }

    /// The company profile, if an admin has set one.
    pub fn company_profile(&self) -> Result<Option<CompanyProfile>> {
        self.with(|s| s.company_profile())
            .map(|c| c.map(Into::into))
    }
}
