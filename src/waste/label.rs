//! HJ 1276-2022 hazardous-waste labels: the 37-character 数字识别码 (USCC 18 + waste code 8 +
//! date 8 + sequence 3) and the minimum label size by container volume. Pure rules.

use crate::error::{Error, Result};
use crate::plant::check_uscc;
use chrono::NaiveDate;
use serde::Serialize;

/// The 37-character digital identification code of HJ 1276-2022.
pub fn label_id(uscc: &str, hw_code: &str, generated: NaiveDate, sequence: u32) -> Result<String> {
    let uscc = check_uscc("uscc", uscc)?;
    let code = super::catalogue::parse_code("code", hw_code)?.code.replace('-', "");
    if !(1..=999).contains(&sequence) {
        return Err(Error::invalid("sequence", format!("label sequence {sequence} is outside 001–999")));
    }
    let id = format!("{uscc}{code}{}{sequence:03}", generated.format("%Y%m%d"));
    debug_assert_eq!(id.len(), 37);
    Ok(id)
}

/// Minimum label size (mm, square) and text height (mm) for a container volume in litres;
/// containers over 450 L carry labels on two opposite sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LabelSize {
    pub side_mm: u32,
    pub text_mm: u32,
    pub two_sides: bool,
}

pub fn label_size(volume_l: u32) -> LabelSize {
    match volume_l {
        0..=50 => LabelSize { side_mm: 100, text_mm: 3, two_sides: false },
        51..=450 => LabelSize { side_mm: 150, text_mm: 5, two_sides: false },
        _ => LabelSize { side_mm: 200, text_mm: 6, two_sides: true },
    }
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
        assert_eq!(label_id(&u, "900-249-08", day, 1000).unwrap_err().field(), Some("sequence"));
    }

    #[test]
    fn label_sizes_by_volume() {
        assert_eq!(label_size(50).side_mm, 100);
        assert_eq!(label_size(51).side_mm, 150);
        assert_eq!(label_size(450), LabelSize { side_mm: 150, text_mm: 5, two_sides: false });
        assert_eq!(label_size(1000), LabelSize { side_mm: 200, text_mm: 6, two_sides: true });
    }
}
