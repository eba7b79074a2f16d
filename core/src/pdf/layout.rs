//! Text helpers: WinAnsi encoding, approximate Helvetica metrics and word wrapping.

use pdf_writer::Name;

/// The two standard Type1 fonts the renderer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Font {
    Regular,
    Bold,
}

impl Font {
    /// Resource name of the font on every page.
    pub(super) fn resource(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }
}

/// Characters WinAnsiEncoding places in 0x80..=0x9F.
const SPECIALS: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// Encode text to WinAnsi bytes: Latin-1 maps directly, the Windows-1252 extras map to
/// their code points, whitespace controls become spaces and everything else becomes '?'.
pub(super) fn encode(s: &str) -> Vec<u8> {
    s.chars().map(win_ansi).collect()
}

fn win_ansi(c: char) -> u8 {
    match c as u32 {
        cp @ (0x20..=0x7E | 0xA0..=0xFF) => u8::try_from(cp).unwrap_or(b'?'),
        0x09..=0x0D => b' ',
        _ => SPECIALS
            .iter()
            .find(|(u, _)| *u == c)
            .map_or(b'?', |(_, b)| *b),
    }
}

/// Helvetica advance widths (1/1000 em) for ASCII 32..=126 (standard AFM metrics).
#[rustfmt::skip]
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Helvetica-Bold advance widths (1/1000 em) for ASCII 32..=126.
#[rustfmt::skip]
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// Approximate advance width of one WinAnsi byte in 1/1000 em.
fn glyph_width(font: Font, b: u8) -> f32 {
    let table = match font {
        Font::Regular => &REGULAR,
        Font::Bold => &BOLD,
    };
    let w = match b {
        32..=126 => table.get(usize::from(b - 32)).copied().unwrap_or(556),
        0xC0..=0xDE => 722,
        _ => 556,
    };
    f32::from(w)
}

/// Width in points of encoded text at `size`.
pub(super) fn width(font: Font, size: f32, s: &[u8]) -> f32 {
    s.iter().map(|b| glyph_width(font, *b)).sum::<f32>() * size / 1000.0
}

/// The largest font size not above `size` (and not below `min`) at which `s` fits `max_w`.
pub(super) fn fit_size(s: &[u8], font: Font, size: f32, min: f32, max_w: f32) -> f32 {
    let w = width(font, size, s);
    if w <= max_w || w <= 0.0 {
        size
    } else {
        (size * max_w / w).max(min)
    }
}

/// Greedy word wrap into encoded lines no wider than `max_w` points. Newlines start new
/// lines (blank lines are kept); words longer than a line are broken between characters.
pub(super) fn wrap(text: &str, font: Font, size: f32, max_w: f32) -> Vec<Vec<u8>> {
    let space = glyph_width(font, b' ') * size / 1000.0;
    let mut out = Vec::new();
    for para in text.split('\n') {
        let para = encode(para);
        let mut line: Vec<u8> = Vec::new();
        let mut lw = 0.0_f32;
        for word in para.split(|b| *b == b' ').filter(|w| !w.is_empty()) {
            let ww = width(font, size, word);
            let sep = if line.is_empty() { 0.0 } else { space };
            if lw + sep + ww <= max_w {
                if !line.is_empty() {
                    line.push(b' ');
                }
                line.extend_from_slice(word);
                lw += sep + ww;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                lw = 0.0;
            }
            for &b in word {
                let cw = glyph_width(font, b) * size / 1000.0;
                if !line.is_empty() && lw + cw > max_w {
                    out.push(std::mem::take(&mut line));
                    lw = 0.0;
                }
                line.push(b);
                lw += cw;
            }
        }
        out.push(line);
    }
    out
}

/// Basis points as a percentage with two decimals: 1250 -> "12.50 %".
pub(super) fn pct(bp: i64) -> String {
    format!("{} %", crate::money::format_minor(bp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_encode_maps_latin1_and_replaces_the_rest() {
        assert_eq!(encode("Grüße €5"), b"Gr\xfc\xdfe \x805".to_vec());
        assert_eq!(encode("Ελ😀\t"), b"??? ".to_vec());
    }

    #[test]
    fn pdf_wrap_respects_width_newlines_and_long_words() {
        let text = format!("alpha beta gamma\n\n{}", "x".repeat(300));
        let lines = wrap(&text, Font::Regular, 10.0, 100.0);
        assert!(lines.len() > 4);
        assert_eq!(lines[1], b"".to_vec());
        for l in &lines {
            assert!(width(Font::Regular, 10.0, l) <= 100.0, "{l:?}");
        }
        assert_eq!(wrap("", Font::Bold, 9.0, 0.0), vec![Vec::<u8>::new()]);
        assert_eq!(pct(1250), "12.50 %");
        assert_eq!(pct(-5), "-0.05 %");
    }
}
