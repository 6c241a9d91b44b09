//! Pages as a flow: text that wraps, tables whose header repeats on every
//! page they run onto, and nothing drawn past the bottom margin. Positions
//! are kept from the top of the page (as one reads) and turned into PDF's
//! bottom-up coordinates only when an operation is written.

use crate::font::{Face, Fonts};
use printpdf::{
    Codepoint, Color, FontId, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix, TextRenderingMode, XObjectId, XObjectTransform,
};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 48.0;
const MARGIN_TOP: f32 = 52.0;
/// Room kept at the bottom for the page footer.
const MARGIN_BOTTOM: f32 = 60.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

pub const BLACK: (f32, f32, f32) = (0.0, 0.0, 0.0);
pub const GREY: (f32, f32, f32) = (0.35, 0.35, 0.35);
pub const LINE: (f32, f32, f32) = (0.7, 0.7, 0.7);
pub const SHADE: (f32, f32, f32) = (0.93, 0.94, 0.96);
pub const ACCENT: (f32, f32, f32) = (0.11, 0.29, 0.6);
pub const RED: (f32, f32, f32) = (0.7, 0.1, 0.1);

fn color((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

/// Text style: size in points, bold or not, colour.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub color: (f32, f32, f32),
}

impl Style {
    pub const fn plain(size: f32) -> Style {
        Style {
            size,
            bold: false,
            color: BLACK,
        }
    }
    pub const fn bold(size: f32) -> Style {
        Style {
            size,
            bold: true,
            color: BLACK,
        }
    }
    pub const fn colored(self, color: (f32, f32, f32)) -> Style {
        Style { color, ..self }
    }
    fn line_height(self) -> f32 {
        self.size * 1.45
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One table column: its title, width in points and alignment.
#[derive(Clone, Debug)]
pub struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

/// The document being laid out.
#[derive(Debug)]
pub struct Sheet<'f> {
    fonts: &'f Fonts,
    font: FontId,
    pages: Vec<Vec<Op>>,
    /// Distance from the top of the current page to where the next thing goes.
    y: f32,
}

impl<'f> Sheet<'f> {
    pub fn new(fonts: &'f Fonts, font: FontId) -> Sheet<'f> {
        Sheet {
            fonts,
            font,
            pages: vec![Vec::new()],
            y: MARGIN_TOP,
        }
    }

    fn face(&self) -> &Face {
        &self.fonts.regular
    }

    /// `text` as the face's glyph ids, each with the character it stands
    /// for (so text extraction and copy-paste give the text back). Giving
    /// printpdf glyphs rather than a string spares it a slow cmap lookup per
    /// character. `text` is printable: every character has a glyph.
    fn glyph_ids(&self, text: &str) -> TextItem {
        let face = self.face();
        TextItem::GlyphIds(
            text.chars()
                .filter_map(|ch| {
                    let id = if ch == ' ' {
                        face.glyph(' ')?.id
                    } else {
                        face.glyph(ch)?.id
                    };
                    Some(Codepoint::with_cid(id, 0.0, ch.to_string()))
                })
                .collect(),
        )
    }

    /// The operations that show `text` in `style` with the current cursor
    /// or matrix set by `place`. Bold is the regular face with its outline
    /// stroked in the same colour.
    fn show(&self, style: Style, place: Op, text: String) -> Vec<Op> {
        let mut ops = vec![
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.font.clone()),
                size: Pt(style.size),
            },
            Op::SetFillColor {
                col: color(style.color),
            },
        ];
        if style.bold {
            ops.extend([
                Op::SetOutlineColor {
                    col: color(style.color),
                },
                Op::SetOutlineThickness {
                    pt: Pt(style.size * 0.035),
                },
                Op::SetTextRenderingMode {
                    mode: TextRenderingMode::FillStroke,
                },
            ]);
        }
        ops.extend([
            place,
            Op::ShowText {
                items: vec![self.glyph_ids(&text)],
            },
        ]);
        if style.bold {
            ops.push(Op::SetTextRenderingMode {
                mode: TextRenderingMode::Fill,
            });
        }
        ops.push(Op::EndTextSection);
        ops
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn width(&self, text: &str, style: Style) -> f32 {
        self.face().width(text, style.size)
    }

    pub fn y(&self) -> f32 {
        self.y
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `height` more points fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - MARGIN_BOTTOM && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    /// Writes one line of text with its baseline `baseline` points from the
    /// top of the current page. The text is first made printable.
    pub fn text_at(&mut self, x: f32, baseline: f32, style: Style, text: &str) {
        let text = self.fonts.printable(text);
        if text.trim().is_empty() {
            return;
        }
        let place = Op::SetTextCursor {
            pos: Point {
                x: Pt(x),
                y: Pt(PAGE_HEIGHT - baseline),
            },
        };
        let ops = self.show(style, place, text);
        self.ops().extend(ops);
    }

    /// Text rotated by `degrees` around its start, for the draft mark.
    pub fn rotated_text(&mut self, x: f32, baseline: f32, degrees: f32, style: Style, text: &str) {
        let text = self.fonts.printable(text);
        let place = Op::SetTextMatrix {
            matrix: TextMatrix::TranslateRotate(Pt(x), Pt(PAGE_HEIGHT - baseline), degrees),
        };
        let ops = self.show(style, place, text);
        self.ops().extend(ops);
    }

    /// A filled rectangle, `top` from the top of the page.
    pub fn fill(&mut self, x: f32, top: f32, width: f32, height: f32, rgb: (f32, f32, f32)) {
        self.ops().extend([
            Op::SetFillColor { col: color(rgb) },
            rectangle(x, top, width, height, PaintMode::Fill),
        ]);
    }

    /// Filled rectangles `(x, top, width, height)` in one colour.
    pub fn fill_rects(&mut self, rects: &[(f32, f32, f32, f32)], rgb: (f32, f32, f32)) {
        let ops = self.ops();
        ops.push(Op::SetFillColor { col: color(rgb) });
        ops.extend(
            rects
                .iter()
                .map(|&(x, top, width, height)| rectangle(x, top, width, height, PaintMode::Fill)),
        );
    }

    /// A stroked rectangle outline.
    pub fn frame(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        rgb: (f32, f32, f32),
        thickness: f32,
    ) {
        self.ops().extend([
            Op::SetOutlineColor { col: color(rgb) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            rectangle(x, top, width, height, PaintMode::Stroke),
        ]);
    }

    /// A horizontal rule across the content width at the current position.
    pub fn rule(&mut self, rgb: (f32, f32, f32), thickness: f32) {
        let top = self.y;
        self.fill(MARGIN_X, top, CONTENT_WIDTH, thickness, rgb);
    }

    /// Places an image XObject (a unit square scaled to `width` × `height`).
    pub fn image(&mut self, id: XObjectId, x: f32, top: f32, width: f32, height: f32) {
        self.ops().push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(PAGE_HEIGHT - top - height)),
                scale_x: Some(width),
                scale_y: Some(height),
                ..XObjectTransform::default()
            },
        });
    }

    /// `text` broken into lines no wider than `width`: at spaces, and inside
    /// a word only when the word alone is wider than the line. `\n` breaks.
    pub fn wrap(&self, text: &str, width: f32, style: Style) -> Vec<String> {
        let face = self.face();
        let measure = |text: &str| face.width(text, style.size);
        let space = measure(" ");
        let printable = self.fonts.printable(text);
        let mut lines = Vec::new();
        for paragraph in printable.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split(' ').filter(|word| !word.is_empty()) {
                let word_width = measure(word);
                let joined = if line.is_empty() {
                    word_width
                } else {
                    line_width + space + word_width
                };
                if joined <= width {
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_width = joined;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                if word_width <= width {
                    line.push_str(word);
                    line_width = word_width;
                    continue;
                }
                // The word alone is wider than the line: break it by characters.
                for ch in word.chars() {
                    let ch_width = face.width(ch.encode_utf8(&mut [0; 4]), style.size);
                    if line_width + ch_width > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(ch);
                    line_width += ch_width;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A paragraph across the content width (or from `indent`), wrapped and
    /// flowing over pages.
    pub fn paragraph(&mut self, text: &str, style: Style, indent: f32) {
        for line in self.wrap(text, CONTENT_WIDTH - indent, style) {
            self.ensure(style.line_height());
            let baseline = self.y + style.size;
            self.text_at(MARGIN_X + indent, baseline, style, &line);
            self.y += style.line_height();
        }
    }

    /// A section heading, kept on the same page as at least `keep` points of
    /// what follows it.
    pub fn heading(&mut self, text: &str, keep: f32) {
        let style = Style::bold(12.5).colored(ACCENT);
        self.space(10.0);
        self.ensure(style.line_height() + keep + 6.0);
        let baseline = self.y + style.size;
        self.text_at(MARGIN_X, baseline, style, text);
        self.y += style.line_height();
        self.rule(ACCENT, 0.8);
        self.y += 6.0;
    }

    /// Label–value rows: labels in a narrow grey column, values wrapped.
    pub fn fields(&mut self, rows: &[(String, String)]) {
        let label_style = Style::plain(9.5).colored(GREY);
        let value_style = Style::plain(10.0);
        let label_width = 140.0;
        for (label, value) in rows {
            let lines = self.wrap(value, CONTENT_WIDTH - label_width, value_style);
            let height = value_style.line_height() * lines.len().max(1) as f32;
            self.ensure(height);
            let top = self.y;
            self.text_at(MARGIN_X, top + value_style.size, label_style, label);
            for (i, line) in lines.iter().enumerate() {
                let baseline = top + value_style.size + i as f32 * value_style.line_height();
                self.text_at(MARGIN_X + label_width, baseline, value_style, line);
            }
            self.y = top + height + 1.5;
        }
    }

    /// A table: the header is shaded and repeated at the top of every page
    /// the rows run onto; a row's cells wrap inside their column and a row is
    /// never split across pages. `marked` rows are shaded.
    pub fn table(&mut self, columns: &[Column], rows: &[(Vec<String>, bool)], style: Style) {
        let padding = 3.0;
        let header_style = Style::bold(style.size).colored(BLACK);
        let x_of: Vec<f32> = columns
            .iter()
            .scan(MARGIN_X, |x, column| {
                let at = *x;
                *x += column.width;
                Some(at)
            })
            .collect();
        let total_width: f32 = columns.iter().map(|column| column.width).sum();
        let cell_lines = |sheet: &Sheet<'_>, cells: &[String], style: Style| -> Vec<Vec<String>> {
            columns
                .iter()
                .zip(cells)
                .map(|(column, cell)| sheet.wrap(cell, column.width - 2.0 * padding, style))
                .collect()
        };
        let header_titles: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        let header_lines = cell_lines(self, &header_titles, header_style);
        let header_height = header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32
            * header_style.line_height()
            + 2.0 * padding;
        let draw_row = |sheet: &mut Sheet<'_>,
                        lines: &[Vec<String>],
                        row_style: Style,
                        height: f32,
                        shade: Option<(f32, f32, f32)>| {
            let top = sheet.y;
            if let Some(rgb) = shade {
                sheet.fill(MARGIN_X, top, total_width, height, rgb);
            }
            for ((column, x), cell) in columns.iter().zip(&x_of).zip(lines) {
                for (i, line) in cell.iter().enumerate() {
                    let baseline =
                        top + padding + row_style.size + i as f32 * row_style.line_height();
                    let x = match column.align {
                        Align::Left => x + padding,
                        Align::Right => x + column.width - padding - sheet.width(line, row_style),
                    };
                    sheet.text_at(x, baseline, row_style, line);
                }
            }
            sheet.y = top + height;
            sheet.fill(MARGIN_X, sheet.y - 0.4, total_width, 0.4, LINE);
        };
        self.ensure(header_height + style.line_height() + 2.0 * padding);
        draw_row(
            self,
            &header_lines,
            header_style,
            header_height,
            Some(SHADE),
        );
        for (cells, marked) in rows {
            let lines = cell_lines(self, cells, style);
            let height = lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * style.line_height()
                + 2.0 * padding;
            if self.y + height > PAGE_HEIGHT - MARGIN_BOTTOM {
                self.new_page();
                draw_row(
                    self,
                    &header_lines,
                    header_style,
                    header_height,
                    Some(SHADE),
                );
            }
            let shade = marked.then_some((0.99, 0.95, 0.88));
            draw_row(self, &lines, style, height, shade);
        }
    }

    /// The pages laid out, each with its footer (and draft mark) added by
    /// `decorate(page_index, page_count, sheet)`.
    pub fn finish(mut self, decorate: impl Fn(usize, usize, &mut Sheet<'f>)) -> Vec<Vec<Op>> {
        let count = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let mut finished = Vec::with_capacity(count);
        for (index, ops) in pages.into_iter().enumerate() {
            // Decorations are drawn first, so a watermark lies beneath the
            // page's content instead of over it.
            self.pages = vec![Vec::new()];
            decorate(index, count, &mut self);
            let mut all = std::mem::take(&mut self.pages[0]);
            all.extend(ops);
            finished.push(all);
        }
        finished
    }
}

/// A rectangle `top` points from the top of the page, painted as `mode`.
fn rectangle(x: f32, top: f32, width: f32, height: f32, mode: PaintMode) -> Op {
    Op::DrawRectangle {
        rectangle: Rect {
            x: Pt(x),
            y: Pt(PAGE_HEIGHT - top - height),
            width: Pt(width),
            height: Pt(height),
            mode: Some(mode),
            winding_order: None,
        },
    }
}

/// The bottom margin's baseline for footers.
pub const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 32.0;
/// The top margin's baseline for a page banner.
pub const BANNER_BASELINE: f32 = 30.0;
