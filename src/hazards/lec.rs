//! LEC (作业条件危险性评价法, Graham–Kinney; domain.md §8.3): L, E and C only from their
//! enumerated scales, D = L × E × C computed exactly (tenths: the scales go down to 0.1), and the
//! grade and colour from a versioned band table with explicit inclusive lower bounds. Pure.

use crate::error::{Error, Result};
use serde::Serialize;

/// L — likelihood, in tenths, with its wording.
pub const L_SCALE: &[(i64, &str)] = &[
    (100, "完全可以预料"),
    (60, "相当可能"),
    (30, "可能，但不经常"),
    (10, "可能性小，完全意外"),
    (5, "很不可能，可以设想"),
    (2, "极不可能"),
    (1, "实际不可能"),
];

/// E — exposure frequency, in tenths.
pub const E_SCALE: &[(i64, &str)] = &[
    (100, "连续暴露"),
    (60, "每天工作时间内暴露"),
    (30, "每周一次或偶然暴露"),
    (20, "每月一次暴露"),
    (10, "每年几次暴露"),
    (5, "非常罕见地暴露"),
];

/// C — consequence, in tenths.
pub const C_SCALE: &[(i64, &str)] = &[
    (1000, "大灾难，许多人死亡"),
    (400, "灾难，数人死亡"),
    (150, "非常严重，一人死亡"),
    (70, "严重，重伤"),
    (30, "重大，致残"),
    (10, "引人注目，需要救护"),
];

/// The band table in force: (inclusive lower bound of D, grade), highest first.
pub const BANDS: &[(i64, u8)] = &[(320, 1), (160, 2), (70, 3), (20, 4), (0, 5)];
/// Its version, stamped on every assessment.
pub const BANDS_VERSION: &str = "LEC-5band-2026: [320,∞)=1 [160,320)=2 [70,160)=3 [20,70)=4 [0,20)=5";

crate::text_enum! {
    /// The four risk colours (安委办〔2016〕11号): 红 / 橙 / 黄 / 蓝.
    pub enum Colour {
        Red = "red",
        Orange = "orange",
        Yellow = "yellow",
        Blue = "blue",
    }
}

/// The colour of a grade (grades 4 and 5 are both blue).
pub fn colour(grade: u8) -> Colour {
    match grade {
        1 => Colour::Red,
        2 => Colour::Orange,
        3 => Colour::Yellow,
        _ => Colour::Blue,
    }
}

/// An assessment: the three factors as typed, D exact, its grade and colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Lec {
    pub l: String,
    pub e: String,
    pub c: String,
    /// D as exact decimal text (`252`, `0.3`).
    pub d: String,
    pub grade: u8,
    pub colour: Colour,
    pub table: String,
}

/// A factor as tenths, if it is a value of `scale` (`6`, `0.5`, `0.1`; `6.0` is 6).
fn tenths(field: &'static str, text: &str, scale: &[(i64, &str)]) -> Result<i64> {
    let t = text.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let frac = frac.trim_end_matches('0');
    let ok = !int.is_empty()
        && int.len() <= 4
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 1
        && frac.bytes().all(|b| b.is_ascii_digit());
    let allowed = || scale.iter().map(|(v, _)| tenths_text(*v)).collect::<Vec<_>>().join(", ");
    if !ok {
        return Err(Error::invalid(field, crate::msg::common::not_one_of(&crate::text::shown(t), &allowed())));
    }
    let v = int.parse::<i64>().unwrap_or(0) * 10 + frac.parse::<i64>().unwrap_or(0);
    if scale.iter().any(|(s, _)| *s == v) {
        Ok(v)
    } else {
        Err(Error::invalid(field, crate::msg::hazards::not_scale_one(&t, &allowed())))
    }
}

/// Tenths as the shortest decimal text (60 → "6", 5 → "0.5").
pub fn tenths_text(v: i64) -> String {
    if v % 10 == 0 {
        (v / 10).to_string()
    } else {
        format!("{}.{}", v / 10, v % 10)
    }
}

/// The grade of D given in thousandths (D = L×E×C with three factors in tenths).
pub fn grade_of_milli(d_milli: i64) -> u8 {
    BANDS.iter().find(|(lo, _)| d_milli >= lo * 1000).map_or(5, |(_, g)| *g)
}

/// Assesses L, E and C as typed.
pub fn assess(l: &str, e: &str, c: &str) -> Result<Lec> {
    let (lv, ev, cv) = (tenths("lec_l", l, L_SCALE)?, tenths("lec_e", e, E_SCALE)?, tenths("lec_c", c, C_SCALE)?);
    let d_milli = lv * ev * cv; // tenths³ = thousandths
    let d = {
        let whole = d_milli / 1000;
        let frac = d_milli % 1000;
        if frac == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{}", format!("{frac:03}").trim_end_matches('0'))
        }
    };
    let grade = grade_of_milli(d_milli);
    Ok(Lec {
        l: tenths_text(lv),
        e: tenths_text(ev),
        c: tenths_text(cv),
        d,
        grade,
        colour: colour(grade),
        table: BANDS_VERSION.into(),
    })
}

/// One value of a scale with its wording (pickers show both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ScaleStep {
    /// The value as typed and stored (`6`, `0.5`).
    pub value: String,
    /// The value in tenths (exact: D in thousandths is the product of three).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub tenths: i64,
    pub wording: String,
}

/// A band of the table in force: D from `min_d` (inclusive) up to the next band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LecBand {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub min_d: i64,
    pub grade: u8,
    pub colour: Colour,
}

/// The three scales and the band table, as the pickers and the live D show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct LecScales {
    pub l: Vec<ScaleStep>,
    pub e: Vec<ScaleStep>,
    pub c: Vec<ScaleStep>,
    /// Highest band first.
    pub bands: Vec<LecBand>,
    pub bands_version: String,
}

/// The constants of this module as one value.
pub fn scales() -> LecScales {
    let steps = |scale: &[(i64, &str)]| {
        scale.iter().map(|(v, w)| ScaleStep { value: tenths_text(*v), tenths: *v, wording: (*w).into() }).collect()
    };
    LecScales {
        l: steps(L_SCALE),
        e: steps(E_SCALE),
        c: steps(C_SCALE),
        bands: BANDS
            .iter()
            .map(|(min_d, grade)| LecBand { min_d: *min_d, grade: *grade, colour: colour(*grade) })
            .collect(),
        bands_version: BANDS_VERSION.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards domain.md §11 item 9: the vectors and the band boundaries.
    #[test]
    fn the_domain_vectors_and_the_boundaries() {
        for (l, e, c, d, grade, colour) in [
            ("6", "6", "7", "252", 2, Colour::Orange),
            ("3", "6", "15", "270", 2, Colour::Orange),
            ("1", "6", "15", "90", 3, Colour::Yellow),
            ("6", "6", "3", "108", 3, Colour::Yellow),
            ("10", "6", "15", "900", 1, Colour::Red),
            ("0.5", "6", "1", "3", 5, Colour::Blue),
            ("0.1", "0.5", "1", "0.05", 5, Colour::Blue),
        ] {
            let a = assess(l, e, c).unwrap();
            assert_eq!((a.d.as_str(), a.grade, a.colour), (d, grade, colour), "{l}×{e}×{c}");
        }
        // Inclusive lower bounds: 160 is grade 2, 320 grade 1, 70 grade 3, 20 grade 4.
        assert_eq!(grade_of_milli(160_000), 2);
        assert_eq!(grade_of_milli(159_999), 3);
        assert_eq!(grade_of_milli(320_000), 1);
        assert_eq!(grade_of_milli(70_000), 3);
        assert_eq!(grade_of_milli(20_000), 4);
        assert_eq!(grade_of_milli(19_999), 5);
        // D = 160 exactly through the scales: 1 × 10 × ... no product of the scales is 160;
        // 6 × 2 × ... likewise; the band function is the guard.
        assert_eq!(assess("6.0", "6", "7").unwrap().l, "6");
    }

    #[test]
    fn only_scale_values_are_taken() {
        assert_eq!(assess("5", "6", "7").unwrap_err().field(), Some("lec_l"));
        assert_eq!(assess("6", "4", "7").unwrap_err().field(), Some("lec_e"));
        assert_eq!(assess("6", "6", "20").unwrap_err().field(), Some("lec_c"));
        assert!(assess("0.05", "6", "7").is_err());
        assert!(assess("-1", "6", "7").is_err());
        assert!(assess("1e1", "6", "7").is_err());
    }

    #[test]
    fn the_scales_as_shown_assess_as_typed() {
        let s = scales();
        assert_eq!((s.l.len(), s.e.len(), s.c.len(), s.bands.len()), (7, 6, 6, 5));
        assert_eq!(s.l.last().map(|x| (x.value.as_str(), x.tenths)), Some(("0.1", 1)));
        for (l, e, c) in [(&s.l[1], &s.e[1], &s.c[3]), (&s.l[6], &s.e[5], &s.c[5])] {
            let a = assess(&l.value, &e.value, &c.value).unwrap();
            assert_eq!(a.grade, grade_of_milli(l.tenths * e.tenths * c.tenths));
        }
        assert_eq!(s.bands[0], LecBand { min_d: 320, grade: 1, colour: Colour::Red });
    }
}
