//! The composed pages as a PDF, with krilla: each face embedded once as a subset with its
//! ToUnicode map (so the text can be searched and copied), the logo as an image, ink as paths.

use krilla::Document;
use krilla::color::{luma, rgb};
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;

use super::compose::{Op, PAGE_H, PAGE_W, r};
use super::fonts;
use crate::error::{Error, Result};

fn gray(level: f32) -> luma::Color {
    luma::Color::new((level.clamp(0.0, 1.0) * 255.0).round() as u8)
}

/// krilla's y axis points down from the top of the page.
fn at(x: f32, y: f32) -> Point {
    Point::from_xy(r(x), r(PAGE_H - y))
}

fn stroke_path(s: &mut Surface<'_>, pb: PathBuilder, stroke: Stroke) {
    if let Some(path) = pb.finish() {
        s.set_fill(None);
        s.set_stroke(Some(stroke));
        s.draw_path(&path);
        s.set_stroke(None);
    }
}

fn draw_op(s: &mut Surface<'_>, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            size,
            gray: g,
            line,
        } => {
            s.set_stroke(None);
            s.set_fill(Some(Fill {
                paint: gray(*g).into(),
                ..Fill::default()
            }));
            let mut cx = *x;
            for run in &line.runs {
                let Some(face) = fonts::face(run.face) else {
                    continue;
                };
                if !run.glyphs.is_empty() {
                    s.draw_glyphs(
                        at(cx, *y),
                        &run.glyphs,
                        face.pdf.clone(),
                        &run.text,
                        *size,
                        false,
                    );
                }
                cx += run.glyphs.iter().map(|g| g.x_advance).sum::<f32>() * size;
            }
        }
        Op::Rule {
            x1,
            x2,
            y,
            width,
            gray: g,
        } => {
            let mut pb = PathBuilder::new();
            let (a, b) = (at(*x1, *y), at(*x2, *y));
            pb.move_to(a.x, a.y);
            pb.line_to(b.x, b.y);
            let stroke = Stroke {
                paint: gray(*g).into(),
                width: *width,
                ..Stroke::default()
            };
            stroke_path(s, pb, stroke);
        }
        Op::Frame {
            x,
            y,
            w,
            h,
            gray: g,
        } => {
            let mut pb = PathBuilder::new();
            let (a, b) = (at(*x, *y + *h), at(*x + *w, *y));
            pb.move_to(a.x, a.y);
            pb.line_to(b.x, a.y);
            pb.line_to(b.x, b.y);
            pb.line_to(a.x, b.y);
            pb.close();
            let stroke = Stroke {
                paint: gray(*g).into(),
                width: 0.5,
                ..Stroke::default()
            };
            stroke_path(s, pb, stroke);
        }
        Op::Ink(strokes) => {
            let mut pb = PathBuilder::new();
            for stroke in strokes {
                let Some(&(sx, sy)) = stroke.first() else {
                    continue;
                };
                let p = at(sx, sy);
                pb.move_to(p.x, p.y);
                if stroke.len() == 1 {
                    // a tap: a zero-length segment shows as a dot with round caps
                    pb.line_to(p.x, p.y);
                }
                for &(px, py) in stroke.iter().skip(1) {
                    let p = at(px, py);
                    pb.line_to(p.x, p.y);
                }
            }
            let stroke = Stroke {
                paint: rgb::Color::new(13, 26, 89).into(),
                width: 1.2,
                line_cap: LineCap::Round,
                line_join: LineJoin::Round,
                ..Stroke::default()
            };
            stroke_path(s, pb, stroke);
        }
        Op::Image { x, y, w, h, image } => {
            if let Some(size) = Size::from_wh(*w, *h) {
                let p = at(*x, *y + *h);
                s.push_transform(&Transform::from_translate(p.x, p.y));
                s.draw_image(image.clone(), size);
                s.pop();
            }
        }
    }
}

/// The PDF of the composed pages. Identical pages give identical bytes: no time stamps,
/// no random ids.
pub(super) fn pdf(title: &str, pages: &[Vec<Op>]) -> Result<Vec<u8>> {
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .producer("fieldsales".to_string()),
    );
    for ops in pages {
        let Some(settings) = PageSettings::from_wh(PAGE_W, PAGE_H) else {
            return Err(Error::invalid("bad page size"));
        };
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            draw_op(&mut surface, op);
        }
        surface.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| Error::invalid(format!("the PDF could not be written: {e:?}")))
}
