//! The selling company's profile: legal name, address, tax id, phone and logo, printed at the
//! head of every quote. One record for the whole company ([`COMPANY_PROFILE_ID`]), global (on
//! every phone, so quotes print offline), written by admins only.

use autosurgeon::{Hydrate, HydrateError, Reconcile, Reconciler};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Column, DOC_SCHEMA, Home, Kind, Record, Role, text};

/// The one company profile's id: every admin's device writes the same document, so two
/// profiles set offline merge into one.
pub const COMPANY_PROFILE_ID: &str = "company-profile";

/// A logo is at most this large (it travels in the document to every phone).
pub const MAX_LOGO_BYTES: usize = 256 * 1024;

/// Image bytes: an Automerge byte scalar in the document, base64 in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Logo(pub Vec<u8>);

impl Reconcile for Logo {
    type Key<'a> = autosurgeon::reconcile::NoKey;
    fn reconcile<R: Reconciler>(&self, mut r: R) -> Result<(), R::Error> {
        r.bytes(&self.0)
    }
}

impl Hydrate for Logo {
    fn hydrate_bytes(bytes: &[u8]) -> Result<Self, HydrateError> {
        Ok(Logo(bytes.to_vec()))
    }
}

impl Serialize for Logo {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Logo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        STANDARD
            .decode(s.as_bytes())
            .map(Logo)
            .map_err(serde::de::Error::custom)
    }
}

/// The image formats a logo may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
}

impl Logo {
    /// The format its first bytes announce, if it is a PNG or a JPEG.
    pub fn format(bytes: &[u8]) -> Option<LogoFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(LogoFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(LogoFormat::Jpeg)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Reconcile, Hydrate)]
pub struct CompanyProfile {
    pub kind: String,
    pub id: String,
    pub schema: i64,
    pub legal_name: String,
    /// Free text, lines separated by newlines.
    pub address: String,
    pub tax_id: String,
    pub phone: String,
    /// PNG or JPEG, at most [`MAX_LOGO_BYTES`].
    pub logo: Option<Logo>,
}

impl CompanyProfile {
    pub fn new(legal_name: impl Into<String>) -> Self {
        CompanyProfile {
            kind: Kind::CompanyProfile.as_str().into(),
            id: COMPANY_PROFILE_ID.into(),
            schema: DOC_SCHEMA,
            legal_name: legal_name.into(),
            address: String::new(),
            tax_id: String::new(),
            phone: String::new(),
            logo: None,
        }
    }
}

impl Record for CompanyProfile {
    const KIND: Kind = Kind::CompanyProfile;
    const COLUMNS: &'static [Column<Self>] = &[Column::text("legal_name", |c| text(&c.legal_name))];
    const MIN_WRITER: Role = Role::Admin;

    fn id(&self) -> &str {
        &self.id
    }

    fn home(&self) -> Home {
        Home::Global
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logos_are_bytes_in_the_document_and_base64_in_json() {
        let mut c = CompanyProfile::new("บริษัท ช้างน้ำ จำกัด");
        c.logo = Some(Logo(vec![0x89, b'P', b'N', b'G', 0, 255]));
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("\"logo\":\"iVBORwD/\""), "{json}");
        let back: CompanyProfile = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        let mut doc = automerge::AutoCommit::new();
        autosurgeon::reconcile(&mut doc, &c).unwrap();
        let read: CompanyProfile = autosurgeon::hydrate(&doc).unwrap();
        assert_eq!(read, c);
        assert_eq!(
            Logo::format(b"\x89PNG\r\n\x1a\nrest"),
            Some(LogoFormat::Png)
        );
        assert_eq!(
            Logo::format(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(LogoFormat::Jpeg)
        );
        assert_eq!(Logo::format(b"GIF89a"), None);
    }
}
