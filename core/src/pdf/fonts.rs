//! The fonts every quote is drawn with, compiled into the core (docs/adr/0012-quote-fonts.md):
//! Noto Sans (Latin, Vietnamese, Greek, Cyrillic), Noto Sans Thai, Noto Sans Arabic (Persian)
//! and Noto Sans SC limited to GB 2312 (Simplified Chinese), all SIL OFL (fonts/OFL.txt).
//! The same bytes on every platform, so the same quote gives the same PDF everywhere.

use std::sync::LazyLock;

/// Font families in fallback order: a character is drawn with the first that has it.
const FAMILIES: [(&[u8], &[u8]); 4] = [
    (
        include_bytes!("../../../fonts/NotoSans-Regular.ttf"),
        include_bytes!("../../../fonts/NotoSans-Bold.ttf"),
    ),
    (
        include_bytes!("../../../fonts/NotoSansThai-Regular.ttf"),
        include_bytes!("../../../fonts/NotoSansThai-Bold.ttf"),
    ),
    (
        include_bytes!("../../../fonts/NotoSansArabic-Regular.ttf"),
        include_bytes!("../../../fonts/NotoSansArabic-Bold.ttf"),
    ),
    // one weight: a bold CJK face would add 3 MB to every phone
    (
        include_bytes!("../../../fonts/NotoSansSC-Regular-GB2312.otf"),
        include_bytes!("../../../fonts/NotoSansSC-Regular-GB2312.otf"),
    ),
];

/// One face: for shaping and coverage (rustybuzz) and for embedding (krilla).
pub(super) struct Face {
    pub(super) shaper: rustybuzz::Face<'static>,
    pub(super) pdf: krilla::text::Font,
    pub(super) units_per_em: f32,
}

/// A face's index in [`faces`]: family * 2 + (1 if bold).
pub(super) type FaceId = usize;

static FACES: LazyLock<Vec<Option<Face>>> = LazyLock::new(|| {
    FAMILIES
        .iter()
        .flat_map(|(regular, bold)| [*regular, *bold])
        .map(|data| {
            let shaper = rustybuzz::Face::from_slice(data, 0)?;
            let pdf = krilla::text::Font::new(data.into(), 0)?;
            let units_per_em = shaper.units_per_em().max(1) as f32;
            Some(Face {
                shaper,
                pdf,
                units_per_em,
            })
        })
        .collect()
});

pub(super) fn face(id: FaceId) -> Option<&'static Face> {
    FACES.get(id).and_then(Option::as_ref)
}

fn covers(id: FaceId, c: char) -> bool {
    face(id).is_some_and(|f| f.shaper.glyph_index(c).is_some())
}

/// Combining marks and joiners stay in their base character's run whatever the font says,
/// so a Thai vowel, a Vietnamese tone mark or a Persian ZWNJ is shaped with its letter.
pub(super) fn clings(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0E31}'
        | '\u{0E34}'..='\u{0E3A}'
        | '\u{0E47}'..='\u{0E4E}'
        | '\u{200C}'..='\u{200D}'
        | '\u{FE00}'..='\u{FE0F}')
}

/// The face to draw `c` with, given the face of the character before it in the run.
/// Letters take the first family that has them; spaces, digits and punctuation stay with the
/// current face when it has them (so "ชำระเงินภายใน 30 วัน" keeps one run where it can and a
/// Thai font without Latin digits hands the digits to Noto Sans).
pub(super) fn pick(c: char, current: Option<FaceId>, bold: bool) -> FaceId {
    let weight = usize::from(bold);
    if let Some(cur) = current
        && (clings(c) || (!c.is_alphabetic() && covers(cur, c)))
    {
        return cur;
    }
    (0..FAMILIES.len())
        .map(|f| f * 2 + weight)
        .find(|&id| covers(id, c))
        .or(current)
        .unwrap_or(weight)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_face_loads_and_each_script_finds_its_family() {
        for id in 0..FAMILIES.len() * 2 {
            assert!(face(id).is_some(), "face {id} does not load");
        }
        assert_eq!(pick('A', None, false), 0);
        assert_eq!(pick('ệ', None, true), 1);
        assert_eq!(pick('ก', None, false), 2);
        assert_eq!(
            pick('3', Some(2), false),
            0,
            "Noto Sans Thai has no Latin digits"
        );
        assert_eq!(pick('\u{0E49}', Some(2), false), 2);
        assert_eq!(pick('ف', None, false), 4);
        assert_eq!(pick('\u{200C}', Some(4), false), 4);
        assert_eq!(pick('报', None, false), 6);
        assert_eq!(pick('，', Some(6), false), 6);
        // nothing has it: the current face draws its .notdef
        assert_eq!(pick('🚀', Some(2), false), 2);
        assert_eq!(pick('🚀', None, true), 1);
    }
}
