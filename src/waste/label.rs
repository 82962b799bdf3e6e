//! HJ 1276-2022 hazardous-waste labels, the pure rules: the 37-character 数字识别码 (USCC 18 +
//! waste code 8 + date 8 + serial 3) and how its serial is written past 999, the label size and
//! minimum text height by container volume, and the 注意事项 of each hazard characteristic.
//! No I/O: the serials themselves are allocated in the store (`export::labels`).

use super::catalogue::Characteristic;
use crate::error::{Error, Result};
use crate::plant::check_uscc;
use chrono::NaiveDate;
use serde::Serialize;

/// Serials 1–999 print as three digits (`001`…`999`), as the standard's examples. A day with
/// more labels than that continues in the same three characters, never repeating: a letter
/// then two characters of `0–9 A–Z` (no I or O, which read as 1 and 0): `A00`, `A01` … `ZZZ`.
/// Both alphabets are in ASCII order, so serials sort in issue order.
const HEAD: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
const TAIL: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// The most labels one day can carry: 999 + 24 × 34 × 34 = 28,743.
pub const MAX_SERIAL: u32 = 999 + (HEAD.len() * TAIL.len() * TAIL.len()) as u32;

/// The three characters of serial `n` (1 ≤ n ≤ [`MAX_SERIAL`]).
pub fn serial_text(n: u32) -> Result<String> {
    if n == 0 || n > MAX_SERIAL {
        return Err(Error::invalid("sequence", crate::msg::waste::label_serial_outside_1(&n, &MAX_SERIAL)));
    }
    if n <= 999 {
        return Ok(format!("{n:03}"));
    }
    let k = (n - 1000) as usize;
    let t = TAIL.len();
    let chars = [HEAD[k / (t * t)], TAIL[(k / t) % t], TAIL[k % t]];
    Ok(chars.iter().map(|&b| b as char).collect())
}

/// The 37-character digital identification code of HJ 1276-2022.
pub fn label_id(uscc: &str, hw_code: &str, generated: NaiveDate, serial: u32) -> Result<String> {
    let uscc = check_uscc("uscc", uscc)?;
    let code = super::catalogue::parse_code("code", hw_code)?.code.replace('-', "");
    let id = format!("{uscc}{code}{}{}", generated.format("%Y%m%d"), serial_text(serial)?);
    debug_assert_eq!(id.len(), 37);
    Ok(id)
}

crate::text_enum! {
    /// The container volume band that sets a label's size (HJ 1276-2022 §4.3 table).
    pub enum LabelBand {
        /// ≤ 50 L: 100 × 100 mm, text ≥ 3 mm.
        UpTo50L = "up_to_50l",
        /// > 50 L and ≤ 450 L: 150 × 150 mm, text ≥ 5 mm.
        UpTo450L = "up_to_450l",
        /// > 450 L: 200 × 200 mm, text ≥ 6 mm, one label on each of two opposite sides.
        Over450L = "over_450l",
    }
}

impl LabelBand {
    /// The band of a container volume in litres (exactly 450 L is the middle band).
    pub fn of_volume(volume_l: u32) -> LabelBand {
        match volume_l {
            0..=50 => LabelBand::UpTo50L,
            51..=450 => LabelBand::UpTo450L,
            _ => LabelBand::Over450L,
        }
    }

    pub fn size(self) -> LabelSize {
        match self {
            LabelBand::UpTo50L => LabelSize { side_mm: 100, text_mm: 3, two_sides: false },
            LabelBand::UpTo450L => LabelSize { side_mm: 150, text_mm: 5, two_sides: false },
            LabelBand::Over450L => LabelSize { side_mm: 200, text_mm: 6, two_sides: true },
        }
    }
}

/// Minimum label size (mm, square) and text height (mm) for a container volume in litres;
/// containers over 450 L carry labels on two opposite sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LabelSize {
    pub side_mm: u32,
    pub text_mm: u32,
    pub two_sides: bool,
}

impl LabelSize {
    /// How many copies of the label one container needs.
    pub fn copies(self) -> u8 {
        if self.two_sides {
            2
        } else {
            1
        }
    }
}

pub fn label_size(volume_l: u32) -> LabelSize {
    LabelBand::of_volume(volume_l).size()
}

/// The Chinese and English name of a hazard characteristic (as the label's pictogram says it).
pub fn characteristic_name(c: Characteristic) -> (&'static str, &'static str) {
    match c {
        Characteristic::T => ("毒性", "Toxic"),
        Characteristic::C => ("腐蚀性", "Corrosive"),
        Characteristic::I => ("易燃性", "Flammable"),
        Characteristic::R => ("反应性", "Reactive"),
        Characteristic::In => ("感染性", "Infectious"),
    }
}

/// The 注意事项 of one hazard characteristic, Chinese and English. Every character of the
/// Chinese text is in the bundled GB2312 font (a test checks).
pub fn precaution(c: Characteristic) -> (&'static str, &'static str) {
    // Short enough for one line of a 100 mm label at its 3 mm minimum text height.
    match c {
        Characteristic::T => (
            "防吸入、食入和皮肤接触；佩戴防护用品；密闭防泄漏。",
            "Avoid breathing, swallowing and skin contact; wear protective equipment; keep sealed against leaks.",
        ),
        Characteristic::C => (
            "防接触皮肤眼睛；戴耐酸碱手套和护目镜；酸碱分开存放。",
            "Avoid skin and eye contact; wear acid/alkali-resistant gloves and goggles; keep acids and bases apart.",
        ),
        Characteristic::I => (
            "远离火源热源，严禁烟火；防静电；阴凉通风处存放。",
            "Keep away from flames and heat, no smoking; prevent static; store cool and ventilated.",
        ),
        Characteristic::R => (
            "不与不相容物混放；防受热、撞击、摩擦和遇水。",
            "Never store with incompatible wastes; protect from heat, impact, friction and water.",
        ),
        Characteristic::In => (
            "避免直接接触；戴手套和口罩；防破损泄漏；接触后消毒。",
            "Avoid direct contact; wear gloves and a mask; prevent breakage and leaks; disinfect after handling.",
        ),
    }
}

/// The 注意事项 of a waste with these characteristics: one line per characteristic, in the
/// catalogue's order, each led by its name (`毒性：…`).
pub fn precautions_zh(chars: &[Characteristic]) -> String {
    chars.iter().map(|&c| format!("{}：{}", characteristic_name(c).0, precaution(c).0)).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_uscc() -> String {
        crate::plant::uscc::tests::valid_uscc()
    }

    // domain.md §11 item 5: USCC (18) + 90024908 + 20250520 + 001 = 37 characters.
    #[test]
    fn label_id_vector() {
        let u = valid_uscc();
        let id = label_id(&u, "900-249-08", NaiveDate::from_ymd_opt(2025, 5, 20).unwrap(), 1).unwrap();
        assert_eq!(id.len(), 37);
        assert_eq!(id, format!("{u}9002490820250520001"));
    }

    #[test]
    fn label_id_refuses_bad_parts() {
        let u = valid_uscc();
        let day = NaiveDate::from_ymd_opt(2025, 5, 20).unwrap();
        assert_eq!(label_id(&u, "900-249-41", day, 1).unwrap_err().field(), Some("code"));
        assert_eq!(label_id(&u, "900-249-08", day, 0).unwrap_err().field(), Some("sequence"));
        assert_eq!(label_id(&u, "900-249-08", day, MAX_SERIAL + 1).unwrap_err().field(), Some("sequence"));
    }

    #[test]
    fn label_serials_past_999_stay_three_characters_and_never_repeat() {
        assert_eq!(serial_text(999).unwrap(), "999");
        assert_eq!(serial_text(1000).unwrap(), "A00");
        assert_eq!(serial_text(1001).unwrap(), "A01");
        assert_eq!(serial_text(MAX_SERIAL).unwrap(), "ZZZ");
        let all: Vec<String> = (1..=MAX_SERIAL).map(|n| serial_text(n).unwrap()).collect();
        assert!(all.iter().all(|s| s.len() == 3 && !s.contains(['I', 'O'])));
        assert!(all.windows(2).all(|w| w[0] < w[1]), "serials sort in issue order, hence never repeat");
        let id = label_id(&valid_uscc(), "900-249-08", NaiveDate::from_ymd_opt(2025, 5, 20).unwrap(), 1234).unwrap();
        assert_eq!(id.len(), 37);
    }

    #[test]
    fn label_sizes_by_volume() {
        assert_eq!(label_size(50).side_mm, 100);
        assert_eq!(label_size(51).side_mm, 150);
        assert_eq!(label_size(450), LabelSize { side_mm: 150, text_mm: 5, two_sides: false });
        assert_eq!(label_size(1000), LabelSize { side_mm: 200, text_mm: 6, two_sides: true });
        assert_eq!((label_size(50).copies(), label_size(451).copies()), (1, 2));
    }

    #[test]
    fn precautions_follow_each_hazard_characteristic() {
        use Characteristic::*;
        let all = [T, C, I, R, In];
        let texts: Vec<&str> = all.iter().map(|&c| precaution(c).0).collect();
        for (i, a) in texts.iter().enumerate() {
            assert!(texts[i + 1..].iter().all(|b| b != a), "each characteristic has its own text");
        }
        let ti = precautions_zh(&[T, I]);
        assert!(ti.starts_with("毒性：") && ti.contains("\n易燃性：") && !ti.contains("腐蚀性"), "{ti}");
        // The label prints these with the bundled GB2312 font: a glyph outside it prints a box.
        let font = crate::docs::cjk_font().unwrap();
        for c in all {
            let text = format!("{}{}", characteristic_name(c).0, precaution(c).0);
            for ch in text.chars() {
                assert!(font.parsed.lookup_glyph_index(ch as u32).is_some(), "'{ch}' is not in the bundled font");
            }
        }
    }
}
