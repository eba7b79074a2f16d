//! Page composition: a cursor that flows content down A4 pages, breaking pages as needed, into
//! a list of drawing operations per page ([`Op`]) that `draw` turns into PDF.

use super::text::{Shaped, base_level, shape_line, wrap};

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
    size * 1.45
}

/// Round a coordinate to 1/100 pt so content streams stay short and stable.
pub(super) fn r(v: f32) -> f32 {
    if v.is_finite() {
        (v * 100.0).round() / 100.0
    } else {
        0.0
    }
}

/// One drawing operation; coordinates in PDF points from the page's lower-left corner.
#[derive(Debug, Clone)]
pub(super) enum Op {
    /// A shaped line whose baseline starts at (x, y); gray 0 is black.
    Text {
        x: f32,
        y: f32,
        size: f32,
        gray: f32,
        line: Shaped,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        gray: f32,
    },
    Frame {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
    /// Handwriting: polylines, each a list of points.
    Ink(Vec<Vec<(f32, f32)>>),
    /// A PNG or JPEG image in the box with lower-left corner (x, y).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: krilla::image::Image,
    },
}

/// The largest font size not above `size` (and not below `min`) at which `s` fits `max_w`.
pub(super) fn fit_size(s: &Shaped, size: f32, min: f32, max_w: f32) -> f32 {
    let w = s.width_at(size);
    if w <= max_w || w <= 0.0 {
        size
    } else {
        (size * max_w / w).max(min)
    }
}

/// Shape a single line in its own direction.
pub(super) fn shape(s: &str, bold: bool) -> Shaped {
    shape_line(s, bold, base_level(s))
}

/// Flows content top to bottom; `y` is the top of the free space on the current page.
pub(super) struct Composer {
    done: Vec<Vec<Op>>,
    cur: Vec<Op>,
    pub(super) y: f32,
    /// Small heading repeated at the top of continuation pages.
    running: String,
    /// Text at the bottom left of every page.
    footer: String,
}

impl Composer {
    pub(super) fn new(running: String, footer: String) -> Self {
        Self {
            done: Vec::new(),
            cur: Vec::new(),
            y: TOP,
            running,
            footer,
        }
    }

    pub(super) fn push(&mut self, op: Op) {
        self.cur.push(op);
    }

    /// Number of pages started so far (including the current one).
    pub(super) fn page_count(&self) -> usize {
        self.done.len() + 1
    }

    pub(super) fn new_page(&mut self) {
        let old = std::mem::take(&mut self.cur);
        self.done.push(old);
        let running = shape(&self.running, false);
        let size = fit_size(&running, 8.0, 4.0, FULL);
        self.put(LEFT, TOP - 8.0, size, 0.4, running);
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

    pub(super) fn put(&mut self, x: f32, y: f32, size: f32, gray: f32, line: Shaped) {
        self.cur.push(Op::Text {
            x,
            y,
            size,
            gray,
            line,
        });
    }

    /// A shaped line with its left end at `x`.
    pub(super) fn text(&mut self, x: f32, y: f32, size: f32, line: Shaped) {
        self.put(x, y, size, 0.0, line);
    }

    /// A shaped line with its right end at `right`.
    pub(super) fn text_right(&mut self, right: f32, y: f32, size: f32, line: Shaped) {
        let w = line.width_at(size);
        self.put(right - w, y, size, 0.0, line);
    }

    /// Horizontal rule at `y`.
    pub(super) fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32, gray: f32) {
        self.cur.push(Op::Rule {
            x1,
            x2,
            y,
            width,
            gray,
        });
    }

    /// Outline rectangle.
    pub(super) fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, gray: f32) {
        self.cur.push(Op::Frame { x, y, w, h, gray });
    }

    /// One shaped line at the cursor in a box from `x` of width `max_w` (right-aligned when
    /// it reads right to left), breaking the page first if needed.
    pub(super) fn line(&mut self, x: f32, max_w: f32, size: f32, line: Shaped) {
        let lh = leading(size);
        self.ensure(lh);
        let base = self.y - size;
        let x = if line.rtl {
            x + max_w - line.width_at(size)
        } else {
            x
        };
        self.text(x, base, size, line);
        self.y -= lh;
    }

    /// Word-wrapped paragraph at the cursor, flowing onto further pages.
    pub(super) fn para(&mut self, text: &str, bold: bool, size: f32, x: f32, max_w: f32) {
        for l in wrap(text, bold, size, max_w) {
            self.line(x, max_w, size, l);
        }
    }

    /// Add the footers (`page(i, n)`) and return every page's operations.
    pub(super) fn finish(mut self, page: impl Fn(usize, usize) -> String) -> Vec<Vec<Op>> {
        let last = std::mem::take(&mut self.cur);
        self.done.push(last);
        let n = self.done.len();
        let footer = shape(&self.footer, false);
        let footer_size = fit_size(&footer, 8.0, 4.0, FULL * 0.7);
        let mut out = Vec::with_capacity(n);
        for (i, mut ops) in self.done.into_iter().enumerate() {
            let label = shape(&page(i + 1, n), false);
            let x = RIGHT - label.width_at(8.0);
            ops.push(Op::Text {
                x: LEFT,
                y: FOOTER_Y,
                size: footer_size,
                gray: 0.4,
                line: footer.clone(),
            });
            ops.push(Op::Text {
                x,
                y: FOOTER_Y,
                size: 8.0,
                gray: 0.4,
                line: label,
            });
            out.push(ops);
        }
        out
    }
}
