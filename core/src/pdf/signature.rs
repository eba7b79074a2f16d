//! The signature block: the handwritten strokes as vector paths, who signed, when and where,
//! and the consent sentence exactly as it was signed.

use super::DocumentSignature;
use super::compose::{Composer, FULL, LEFT, Op, fit_size, leading, r, shape};
use crate::locale::Labels;

const BOX_W: f32 = 200.0;
const BOX_H: f32 = 80.0;
const PAD: f64 = 4.0;

pub(super) fn signature(c: &mut Composer, sig: &DocumentSignature, l: &Labels) {
    c.ensure(leading(10.0) + 4.0 + BOX_H + 8.0 + 2.0 * leading(9.0));
    c.para(l.signature, true, 10.0, LEFT, FULL);
    c.space(4.0);
    let bottom = c.y - BOX_H;
    c.frame(LEFT, bottom, BOX_W, BOX_H, 0.7);
    c.push(Op::Ink(ink(&sig.strokes, LEFT, bottom)));
    c.y = bottom - 8.0;

    let who = if sig.signer_role.trim().is_empty() {
        sig.signer_name.clone()
    } else {
        // the Arabic comma in right-to-left labels
        let comma = if l.rtl { "، " } else { ", " };
        format!("{}{comma}{}", sig.signer_name, sig.signer_role)
    };
    c.para(&format!("{}: {who}", l.signed_by), true, 9.0, LEFT, FULL);
    c.para(
        &format!("{}: {}", l.signed_at, sig.signed_at),
        false,
        9.0,
        LEFT,
        FULL,
    );
    if let Some(place) = sig.place.as_deref().filter(|p| !p.trim().is_empty()) {
        c.para(&format!("{}: {place}", l.place), false, 9.0, LEFT, FULL);
    }
    let mut key = shape(&format!("{}: {}", l.device_key, sig.device_key), false);
    let mut size = fit_size(&key, 8.0, 6.0, FULL);
    if key.width_at(size) > FULL {
        key = shape(
            &format!("{}: {}", l.device_key, shorten(&sig.device_key)),
            false,
        );
        size = fit_size(&key, 8.0, 3.0, FULL);
    }
    c.line(LEFT, FULL, size, key);
    if !sig.consent_text.trim().is_empty() {
        c.space(4.0);
        c.para(sig.consent_text.trim_end(), false, 8.5, LEFT, FULL);
    }
}

/// First and last 16 characters with an ellipsis between.
fn shorten(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 35 {
        return s.to_string();
    }
    let head: String = chars.iter().take(16).collect();
    let tail: String = chars.iter().skip(chars.len() - 16).collect();
    format!("{head}...{tail}")
}

/// The pad strokes scaled uniformly into the box whose lower-left corner is (x, y), centred,
/// with the pad's downward y axis flipped to PDF's upward one.
fn ink(strokes: &[Vec<[i64; 3]>], x: f32, y: f32) -> Vec<Vec<(f32, f32)>> {
    let mut points = strokes.iter().flatten();
    let Some(first) = points.next() else {
        return Vec::new();
    };
    let (mut min_x, mut max_x) = (first[0] as f64, first[0] as f64);
    let (mut min_y, mut max_y) = (first[1] as f64, first[1] as f64);
    for p in points {
        min_x = min_x.min(p[0] as f64);
        max_x = max_x.max(p[0] as f64);
        min_y = min_y.min(p[1] as f64);
        max_y = max_y.max(p[1] as f64);
    }
    let avail_w = f64::from(BOX_W) - 2.0 * PAD;
    let avail_h = f64::from(BOX_H) - 2.0 * PAD;
    let (w, h) = (max_x - min_x, max_y - min_y);
    let scale = match (w > 0.0, h > 0.0) {
        (true, true) => (avail_w / w).min(avail_h / h),
        (true, false) => avail_w / w,
        (false, true) => avail_h / h,
        (false, false) => 1.0,
    };
    let left = f64::from(x) + PAD + (avail_w - w * scale) / 2.0;
    let top = f64::from(y) + f64::from(BOX_H) - PAD - (avail_h - h * scale) / 2.0;
    let map = |p: &[i64; 3]| {
        let px = left + (p[0] as f64 - min_x) * scale;
        let py = top - (p[1] as f64 - min_y) * scale;
        (r(px as f32), r(py as f32))
    };
    strokes
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.iter().map(map).collect())
        .collect()
}
