//! The unified social credit code (统一社会信用代码, GB 32100-2015): the plant's and every
//! counterparty's legal identity, printed on manifests and inside HJ 1276 label IDs. Pure.

use crate::error::{Error, Result};

const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Checks an 18-character unified social credit code (GB 32100-2015), check character included.
pub fn check_uscc(field: &'static str, text: &str) -> Result<String> {
    let code = text.trim().to_ascii_uppercase();
    let values: Option<Vec<u32>> = code.chars().map(|c| USCC_CHARS.find(c).map(|i| i as u32)).collect();
    let Some(values) = values.filter(|v| v.len() == 18) else {
        return Err(Error::invalid(field, crate::msg::plant::not_18_character_unified(&code)));
    };
    let sum: u32 = values[..17].iter().zip(USCC_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    if values[17] != check {
        return Err(Error::invalid(field, crate::msg::plant::fails_check_character_typing(&code)));
    }
    Ok(code)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A valid code built from 17 characters, so tests do not rely on a real company.
    pub(crate) fn valid_uscc() -> String {
        let body = "91440300MA5F0ABCD";
        let sum: u32 = body.chars().zip(USCC_WEIGHTS).map(|(c, w)| USCC_CHARS.find(c).unwrap() as u32 * w).sum();
        let check = USCC_CHARS.chars().nth(((31 - sum % 31) % 31) as usize).unwrap();
        format!("{body}{check}")
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
}
