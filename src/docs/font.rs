//! The one font the documents use: Noto Sans CJK SC, subset to GB2312 + Latin, bundled in the
//! binary (`assets/fonts/`, see its README), parsed once. Also the text metrics every layout in
//! [`super`] measures with. Owns no layout and no I/O beyond reading an override font file.
//!
//! `EHS_LEDGER_FONT=/path/to/font.ttc[:index]` replaces the bundled subset (for plants whose
//! names use characters outside GB2312). It is read once, on first use.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::{Error, Result};

/// The bundled subset (1.6 MB): ASCII, Latin-1, CJK punctuation, full-width forms and every
/// GB2312 character. Regenerate with `assets/fonts/make-subset.sh`.
static BUNDLED: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-ledger-subset.otf");

/// Environment variable naming a replacement font: `path` or `path:face_index`.
pub const FONT_ENV: &str = "EHS_LEDGER_FONT";

/// A parsed face plus the few metrics layout needs, in font units.
pub struct Font {
    pub parsed: ParsedFont,
    units_per_em: f32,
    ascender: f32,
    descender: f32,
    notdef_advance: f32,
}

static FONT: OnceLock<std::result::Result<Font, String>> = OnceLock::new();

/// The document font, parsed on first use (≈ 0.1–0.3 s) and shared afterwards.
pub(crate) fn cjk_font() -> Result<&'static Font> {
    FONT.get_or_init(load).as_ref().map_err(|e| Error::Internal(e.clone()))
}

fn load() -> std::result::Result<Font, String> {
    match std::env::var_os(FONT_ENV) {
        Some(spec) if !spec.is_empty() => {
            let spec = spec.to_string_lossy().into_owned();
            let (path, index) = parse_font_spec(&spec);
            let bytes = std::fs::read(path).map_err(|e| format!("{FONT_ENV}: cannot read font {path}: {e}"))?;
            Font::from_bytes(&bytes, index).map_err(|e| format!("{FONT_ENV}={spec}: {e}"))
        }
        _ => Font::from_bytes(BUNDLED, 0).map_err(|e| format!("bundled font: {e}")),
    }
}

/// Splits `path[:index]`; a suffix that is not a number is part of the path.
fn parse_font_spec(spec: &str) -> (&str, usize) {
    match spec.rsplit_once(':') {
        Some((path, idx)) if !path.is_empty() => match idx.parse::<usize>() {
            Ok(i) => (path, i),
            Err(_) => (spec, 0),
        },
        _ => (spec, 0),
    }
}

impl Font {
    /// Parses face `index` of `bytes` (0 for a single-face file).
    pub fn from_bytes(bytes: &[u8], index: usize) -> std::result::Result<Font, String> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, index, &mut warnings).ok_or_else(|| {
            let first: Vec<String> = warnings.iter().take(3).map(|w| format!("{w:?}")).collect();
            format!("not a usable font (face {index}): {}", first.join("; "))
        })?;
        let m = parsed.pdf_font_metrics;
        if m.units_per_em == 0 {
            return Err("font has units_per_em = 0".into());
        }
        if parsed.lookup_glyph_index('中' as u32).is_none() || parsed.lookup_glyph_index('0' as u32).is_none() {
            return Err("font lacks '中' or '0': it cannot print Chinese ledgers".into());
        }
        let notdef_advance = f32::from(parsed.get_horizontal_advance(0));
        Ok(Font {
            units_per_em: f32::from(m.units_per_em),
            ascender: f32::from(m.ascender),
            descender: f32::from(m.descender),
            notdef_advance,
            parsed,
        })
    }

    /// Advance width of `c` at `size_pt`, in points. A character the font lacks is measured as
    /// the box (.notdef) it prints as.
    pub fn char_width_pt(&self, c: char, size_pt: f32) -> f32 {
        let adv = match self.parsed.lookup_glyph_index(c as u32) {
            Some(gid) => f32::from(self.parsed.get_horizontal_advance(gid)),
            None => self.notdef_advance,
        };
        adv * size_pt / self.units_per_em
    }

    /// Width of `text` at `size_pt`, in points (no kerning: printpdf positions glyphs by advance).
    pub fn text_width_pt(&self, text: &str, size_pt: f32) -> f32 {
        text.chars().map(|c| self.char_width_pt(c, size_pt)).sum()
    }

    /// Distance from the top of a line box to the baseline, in points.
    pub fn ascent_pt(&self, size_pt: f32) -> f32 {
        self.ascender * size_pt / self.units_per_em
    }

    /// Depth below the baseline (positive), in points.
    pub fn descent_pt(&self, size_pt: f32) -> f32 {
        -self.descender * size_pt / self.units_per_em
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_parses_and_measures() {
        let f = Font::from_bytes(BUNDLED, 0).unwrap();
        // Noto Sans CJK: ideographs are one em wide, digits about half an em.
        assert!((f.char_width_pt('中', 10.0) - 10.0).abs() < 0.01);
        let w0 = f.char_width_pt('0', 10.0);
        assert!(w0 > 4.0 && w0 < 6.5, "digit width {w0}");
        assert!(f.parsed.lookup_glyph_index('鑫' as u32).is_some(), "a GB2312 hanzi");
        assert!(f.parsed.lookup_glyph_index('（' as u32).is_some(), "full-width paren");
        assert!(f.ascent_pt(10.0) > 7.0 && f.descent_pt(10.0) > 0.5);
    }

    #[test]
    fn font_spec_parsing() {
        assert_eq!(parse_font_spec("/a/b.ttc:2"), ("/a/b.ttc", 2));
        assert_eq!(parse_font_spec("/a/b.ttf"), ("/a/b.ttf", 0));
        assert_eq!(parse_font_spec("C:\\x.ttf"), ("C:\\x.ttf", 0));
    }

    #[test]
    fn garbage_is_refused_not_panicking() {
        assert!(Font::from_bytes(b"not a font at all", 0).is_err());
        assert!(Font::from_bytes(&[], 0).is_err());
    }
}
