//! Text to positioned glyphs: the bidi algorithm (unicode-bidi) orders a line's runs, each
//! run is split where the font has to change ([`fonts::pick`]) and shaped with rustybuzz
//! (Thai marks, Arabic joining, Vietnamese stacked diacritics), and paragraphs are wrapped on
//! the shaped widths.

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, UnicodeBuffer};
use unicode_bidi::{BidiInfo, Level};

use super::fonts::{self, FaceId};

/// Glyphs of one face in visual order, with the text they came from.
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub(super) face: FaceId,
    pub(super) glyphs: Vec<KrillaGlyph>,
    pub(super) text: String,
}

/// A shaped line: runs in visual order, left to right.
#[derive(Debug, Clone)]
pub(super) struct Shaped {
    pub(super) runs: Vec<Run>,
    /// Advance width in em.
    pub(super) width: f32,
    /// The paragraph reads right to left (aligned to the right).
    pub(super) rtl: bool,
}

impl Shaped {
    /// Width in points at `size`.
    pub(super) fn width_at(&self, size: f32) -> f32 {
        self.width * size
    }
}

fn shape_run(text: &str, face_id: FaceId, rtl: bool) -> (Run, f32) {
    let mut glyphs = Vec::new();
    let mut width = 0.0;
    if let Some(face) = fonts::face(face_id) {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        let out = rustybuzz::shape(&face.shaper, &[], buffer);
        let mut starts: Vec<usize> = out
            .glyph_infos()
            .iter()
            .map(|i| i.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let upem = face.units_per_em;
        for (info, pos) in out.glyph_infos().iter().zip(out.glyph_positions()) {
            let start = (info.cluster as usize).min(text.len());
            let end = starts
                .iter()
                .find(|&&s| s > start)
                .copied()
                .unwrap_or(text.len());
            width += pos.x_advance as f32 / upem;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / upem,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end,
                None,
            ));
        }
    }
    let text = if rtl {
        mirror_clusters(text, &glyphs)
    } else {
        text.to_string()
    };
    (
        Run {
            face: face_id,
            glyphs,
            text,
        },
        width,
    )
}

/// The text layer of a right-to-left run: each cluster of several characters (a lam-alef
/// ligature, a letter with its vowel mark) with its characters reversed. Readers (poppler's
/// `pdftotext`, browsers' viewers) put a right-to-left line back in logical order by reversing
/// its characters, including those inside one glyph's mapping; reversing them here first makes
/// "کالا" come back as "کالا" and not "کاال". Each cluster keeps its byte range, so the glyphs'
/// ranges still point at their own characters.
fn mirror_clusters(text: &str, glyphs: &[KrillaGlyph]) -> String {
    let mut ranges: Vec<std::ops::Range<usize>> =
        glyphs.iter().map(|g| g.text_range.clone()).collect();
    ranges.sort_by_key(|r| r.start);
    ranges.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        let (Some(before), Some(cluster)) = (text.get(at..r.start), text.get(r.clone())) else {
            continue;
        };
        out.push_str(before);
        out.extend(cluster.chars().rev());
        at = r.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    if out.len() == text.len() {
        out
    } else {
        text.to_string()
    }
}

/// Split `text` (one bidi level) into pieces of one face each, in logical order.
fn by_face(text: &str, bold: bool) -> Vec<(FaceId, &str)> {
    let mut out = Vec::new();
    let mut current: Option<FaceId> = None;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let f = fonts::pick(c, current, bold);
        if let Some(cur) = current
            && cur != f
        {
            out.push((cur, &text[start..i]));
            start = i;
        }
        current = Some(f);
    }
    if let Some(cur) = current {
        out.push((cur, &text[start..]));
    }
    out
}

/// The base direction of a paragraph: that of its first strong character, left to right if
/// it has none.
pub(super) fn base_level(text: &str) -> Level {
    BidiInfo::new(text, None)
        .paragraphs
        .first()
        .map_or(Level::ltr(), |p| p.level)
}

/// Shape one line (no newlines) in the paragraph direction `base`.
pub(super) fn shape_line(text: &str, bold: bool, base: Level) -> Shaped {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let bidi = BidiInfo::new(&text, Some(base));
    let mut runs = Vec::new();
    let mut width = 0.0;
    for para in &bidi.paragraphs {
        let (levels, visual) = bidi.visual_runs(para, para.range.clone());
        for range in visual {
            let rtl = levels.get(range.start).is_some_and(|l| l.is_rtl());
            let mut pieces = by_face(&text[range], bold);
            if rtl {
                pieces.reverse();
            }
            for (face, piece) in pieces {
                let (run, w) = shape_run(piece, face, rtl);
                width += w;
                runs.push(run);
            }
        }
    }
    Shaped {
        runs,
        width,
        rtl: base.is_rtl(),
    }
}

/// Width in em of a piece of a line, shaped alone.
fn piece_width(text: &str, bold: bool, base: Level) -> f32 {
    shape_line(text, bold, base).width
}

/// Where a line may break: after a space, and around each CJK character (Chinese has no
/// spaces between words). Returns pieces that concatenate back to `para`.
fn pieces(para: &str) -> Vec<&str> {
    let cjk = |c: char| matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}');
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<char> = None;
    for (i, c) in para.char_indices() {
        if let Some(p) = prev
            && i > start
            && ((p == ' ' && c != ' ') || cjk(c) || (cjk(p) && !is_closing(c)))
        {
            out.push(&para[start..i]);
            start = i;
        }
        prev = Some(c);
    }
    if start < para.len() {
        out.push(&para[start..]);
    }
    out
}

/// Punctuation that must not start a line.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '、' | '）' | '：' | '；' | '！' | '？' | ')' | ',' | '.'
    )
}

/// Break a piece wider than a line between characters (never before a combining mark).
fn split_chars(piece: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in piece.char_indices() {
        if i > start && !fonts::clings(c) {
            out.push(&piece[start..i]);
            start = i;
        }
    }
    if start < piece.len() {
        out.push(&piece[start..]);
    }
    out
}

/// Greedy wrap of `text` into shaped lines no wider than `max_w` points at `size`. Newlines
/// start new lines (blank lines are kept); each paragraph keeps its own direction.
pub(super) fn wrap(text: &str, bold: bool, size: f32, max_w: f32) -> Vec<Shaped> {
    let max_em = if size > 0.0 { max_w / size } else { 0.0 };
    let mut out = Vec::new();
    for para in text.split('\n') {
        let base = base_level(para);
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut lw = 0.0_f32;
        for piece in pieces(para) {
            let w = piece_width(piece, bold, base);
            if lw + w <= max_em || line.trim().is_empty() && w <= max_em {
                line.push_str(piece);
                lw += w;
                continue;
            }
            if !line.trim().is_empty() {
                lines.push(std::mem::take(&mut line));
                lw = 0.0;
            }
            if w <= max_em {
                line.push_str(piece);
                lw = w;
                continue;
            }
            for part in split_chars(piece) {
                let cw = piece_width(part, bold, base);
                if !line.is_empty() && lw + cw > max_em {
                    lines.push(std::mem::take(&mut line));
                    lw = 0.0;
                }
                line.push_str(part);
                lw += cw;
            }
        }
        lines.push(line);
        out.extend(lines.iter().map(|l| shape_line(l.trim_end(), bold, base)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(s: &Shaped) -> String {
        s.runs.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn thai_digits_go_to_noto_sans_and_persian_runs_read_right_to_left() {
        let s = shape_line("ชำระเงินภายใน 30 วัน", false, base_level("ชำระ"));
        let faces: Vec<FaceId> = s.runs.iter().map(|r| r.face).collect();
        assert_eq!(faces, vec![2, 0, 2]);
        assert!(s.runs.iter().all(|r| !r.glyphs.is_empty()));
        assert!(s.width > 5.0);

        // logical: Persian words, then a number: visually the number is left of the words
        let fa = "جمع کل 120 ریال";
        let s = shape_line(fa, false, base_level(fa));
        assert!(s.rtl);
        let visual = text_of(&s);
        assert!(visual.starts_with("ریال"), "{visual}");
        assert!(visual.contains("120"));
    }

    #[test]
    fn wrapping_keeps_every_character_and_the_width() {
        let text = "Điều khoản thanh toán: chuyển khoản trong vòng 30 ngày kể từ ngày nhận hàng. \
                    本报价单自签署之日起生效，有效期三十天。";
        let lines = wrap(text, false, 10.0, 120.0);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(l.width_at(10.0) <= 120.5, "{}", text_of(l));
        }
        let joined: String = lines.iter().map(text_of).collect::<Vec<_>>().join("");
        let squeeze = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
        assert_eq!(squeeze(&joined), squeeze(text));
        assert_eq!(wrap("", true, 9.0, 0.0).len(), 1);
        assert!(wrap(&"ก".repeat(500), false, 9.0, 50.0).len() > 5);
    }
}
