//! HJ 1276-2022 hazardous-waste labels: the 37-character 数字识别码 (USCC 18 + waste code 8 +
//! date 8 + sequence 3) and the minimum label size by container volume. Pure rules.

use crate::error::{Error, Result};
use chrono::NaiveDate;
use serde::Serialize;

const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Checks an 18-character unified social credit code (GB 32100-2015), check character included.
pub fn check_uscc(field: &'static str, text: &str) -> Result<String> {
    let code = text.trim().to_ascii_uppercase();
    let values: Option<Vec<u32>> = code.chars().map(|c| USCC_CHARS.find(c).map(|i| i as u32)).collect();
    let Some(values) = values.filter(|v| v.len() == 18) else {
        return Err(Error::invalid(field, format!("'{code}' is not an 18-character unified social credit code")));
    };
    let sum: u32 = values[..17].iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    if values[17] != check {
        return Err(Error::invalid(field, format!("'{code}' fails its check character (a typing error?)")));
    }
    Ok(code)
}

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
        // Build one from 17 characters so the test does not rely on a real company.
        let body = "91440300MA5F0ABCD";
        let sum: u32 = body.chars().zip(USCC_WEIGHTS).map(|(c, w)| USCC_CHARS.find(c).unwrap() as u32 * w).sum();
        let check = USCC_CHARS.chars().nth(((31 - sum % 31) % 31) as usize).unwrap();
        format!("{body}{check}")
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
    fn uscc_check_character_catches_typos() {
        let u = valid_uscc();
        assert!(check_uscc("uscc", &u).is_ok());
        let mut typo: Vec<char> = u.chars().collect();
        typo[5] = if typo[5] == '1' { '2' } else { '1' };
        let typo: String = typo.into_iter().collect();
        assert_eq!(check_uscc("uscc", &typo).unwrap_err().field(), Some("uscc"));
        assert!(check_uscc("uscc", "91440300MA5F0ABC").is_err(), "17 characters");
        assert!(check_uscc("uscc", "91440300MA5F0ABCDI").is_err(), "I is not in the USCC alphabet");
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
