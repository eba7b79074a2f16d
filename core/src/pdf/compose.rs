//! Page composition: a cursor that flows content down A4 pages, breaking pages as needed.

use pdf_writer::{Content, Str};

use super::layout::{Font, width, wrap};

/// A4 in points.
pub(super) const PAGE_W: f32 = 595.28;
pub(super) const PAGE_H: f32 = 841.89;
pub(super) const LEFT: f32 = 50.0;
pub(super) const RIGHT: f32 = PAGE_W - 50.0;
/// Full text width between the margins.
pub(super) const FULL: f32 = RIGHT - LEFT;
pub(super) const TOP: f32 = PAGE_H - 50.0;
/// Content never goes below this; the footer lives underneath.
pub(super) const BOTTOM: f32 = 60.0;
const FOOTER_Y: f32 = 32.0;

/// Line height for a font size.
pub(super) fn leading(size: f32) -> f32 {
    size * 1.35
}

/// Round a coordinate to 1/100 pt so content streams stay short and stable.
pub(super) fn r(v: f32) -> f32 {
    if v.is_finite() {
        (v * 100.0).round() / 100.0
    } else {
        0.0
    }
}

fn put_text(c: &mut Content, x: f32, y: f32, font: Font, size: f32, s: &[u8]) {
    c.begin_text()
        .set_font(font.resource(), r(size))
        .next_line(r(x), r(y))
        .show(Str(s))
        .end_text();
}

fn put_gray_text(c: &mut Content, x: f32, y: f32, size: f32, s: &[u8]) {
    c.save_state().set_fill_gray(0.4);
    put_text(c, x, y, Font::Regular, size, s);
    c.restore_state();
}

/// Flows content top to bottom; `y` is the top of the free space on the current page.
pub(super) struct Composer {
    done: Vec<Content>,
    cur: Content,
    pub(super) y: f32,
    /// Small heading repeated at the top of continuation pages.
    running: Vec<u8>,
    /// Text at the bottom left of every page.
    footer: Vec<u8>,
}

impl Composer {
    pub(super) fn new(running: Vec<u8>, footer: Vec<u8>) -> Self {
        Self {
            done: Vec::new(),
            cur: Content::new(),
            y: TOP,
            running,
            footer,
        }
    }

    /// Raw access to the current page's content stream.
    pub(super) fn content(&mut self) -> &mut Content {
        &mut self.cur
    }

    /// Number of pages started so far (including the current one).
    pub(super) fn page_count(&self) -> usize {
        self.done.len() + 1
    }

    pub(super) fn new_page(&mut self) {
        let old = std::mem::replace(&mut self.cur, Content::new());
        self.done.push(old);
        put_gray_text(&mut self.cur, LEFT, TOP - 8.0, 8.0, &self.running);
        self.y = TOP - 22.0;
    }

    /// Make sure `h` points are free on this page; start a new page otherwise.
    /// Returns true when a page break happened.
    pub(super) fn ensure(&mut self, h: f32) -> bool {
        if self.y - h < BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Vertical gap.
    pub(super) fn space(&mut self, h: f32) {
        self.y -= h;
    }

    pub(super) fn text(&mut self, x: f32, y: f32, font: Font, size: f32, s: &[u8]) {
        put_text(&mut self.cur, x, y, font, size, s);
    }

    pub(super) fn text_right(&mut self, right: f32, y: f32, font: Font, size: f32, s: &[u8]) {
        let w = width(font, size, s);
        self.text(right - w, y, font, size, s);
    }

    /// Horizontal rule at `y`.
    pub(super) fn rule(&mut self, x1: f32, x2: f32, y: f32, line_width: f32, gray: f32) {
        self.cur
            .save_state()
            .set_stroke_gray(gray)
            .set_line_width(line_width)
            .move_to(r(x1), r(y))
            .line_to(r(x2), r(y))
            .stroke()
            .restore_state();
    }

    /// Outline rectangle.
    pub(super) fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, gray: f32) {
        self.cur
            .save_state()
            .set_stroke_gray(gray)
            .set_line_width(0.5)
            .rect(r(x), r(y), r(w), r(h))
            .stroke()
            .restore_state();
    }

    /// One already-encoded line of text at the cursor, breaking the page first if needed.
    pub(super) fn line(&mut self, x: f32, font: Font, size: f32, s: &[u8]) {
        let lh = leading(size);
        self.ensure(lh);
        let base = self.y - size;
        self.text(x, base, font, size, s);
        self.y -= lh;
    }

    /// Word-wrapped paragraph at the cursor, flowing onto further pages.
    pub(super) fn para(&mut self, text: &str, font: Font, size: f32, x: f32, max_w: f32) {
        for l in wrap(text, font, size, max_w) {
            self.line(x, font, size, &l);
        }
    }

    /// Add the footers ("Page i of n") and return every page's content stream.
    pub(super) fn finish(mut self) -> Vec<Vec<u8>> {
        let last = std::mem::replace(&mut self.cur, Content::new());
        self.done.push(last);
        let n = self.done.len();
        let mut out = Vec::with_capacity(n);
        for (i, mut page) in self.done.into_iter().enumerate() {
            let label = format!("Page {} of {}", i + 1, n).into_bytes();
            put_gray_text(&mut page, LEFT, FOOTER_Y, 8.0, &self.footer);
            let x = RIGHT - width(Font::Regular, 8.0, &label);
            put_gray_text(&mut page, x, FOOTER_Y, 8.0, &label);
            out.push(page.finish());
        }
        out
    }
}
