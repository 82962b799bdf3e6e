//! Text a user typed that the core keeps or repeats: the one check for identifiers (container,
//! area, batch code, facility code) and the one way an input is quoted back in a message.
//!
//! An identifier is printed on labels, tables and manifests and compared as text, so it must be
//! what it looks like: control characters (escape sequences, NUL, newlines, tabs), bidirectional
//! overrides and invisible characters are refused, naming the code point, never echoed. Every
//! writer of an identifier calls [`identifier`]; nothing here touches the database.

use crate::error::{Error, Result};

/// Characters an identifier may not hold: C0/C1 controls (NUL, ESC, newline, tab, DEL…),
/// bidirectional marks, embeddings, overrides and isolates (they reorder what is displayed),
/// zero-width and other invisible characters, and line/paragraph separators.
pub fn is_hidden_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Refuses `value` if it holds a character of [`is_hidden_char`], naming `field`, the character
/// (as U+XXXX) and its position; the value itself is not repeated.
pub fn no_hidden_chars(field: &'static str, _label: &str, value: &str) -> Result<()> {
    match value.chars().enumerate().find(|(_, c)| is_hidden_char(*c)) {
        Some((i, c)) => {
            Err(Error::invalid(field, crate::msg::common::hidden_char(&format!("{:04X}", c as u32), &(i + 1))))
        }
        None => Ok(()),
    }
}

/// An identifier as stored: trimmed, required, at most `max_chars` characters, and free of
/// control, bidirectional and invisible characters. Errors name `field` and say why.
pub fn identifier(field: &'static str, label: &str, value: &str, max_chars: usize) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(field, crate::msg::common::required()));
    }
    no_hidden_chars(field, label, v)?;
    if v.chars().count() > max_chars {
        return Err(Error::invalid(field, crate::msg::common::too_long(&max_chars)));
    }
    Ok(v.to_string())
}

/// Most characters of an input repeated in a message.
pub const SHOWN_CHARS: usize = 40;

/// `value` as a message quotes it: at most [`SHOWN_CHARS`] characters (then `…` and how many
/// were left out), with hidden characters written as `\u{…}` so a message cannot carry an
/// escape sequence to a terminal.
pub fn shown(value: &str) -> String {
    let n = value.chars().count();
    let mut out = String::new();
    for c in value.chars().take(SHOWN_CHARS) {
        if is_hidden_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if n > SHOWN_CHARS {
        out.push_str(&format!("… ({n} characters)"));
    }
    out
}

/// Longest message the core hands a shell, in characters.
pub const MAX_MESSAGE_CHARS: usize = 400;

/// A message cut to [`MAX_MESSAGE_CHARS`]: the start and the end are kept (the end usually says
/// why), the middle is left out and counted. Shells show every error through this, so a long
/// input quoted anywhere is never echoed back in full.
pub fn capped(message: &str) -> String {
    let n = message.chars().count();
    if n <= MAX_MESSAGE_CHARS {
        return message.to_string();
    }
    let keep = MAX_MESSAGE_CHARS / 2 - 20;
    let head: String = message.chars().take(keep).collect();
    let tail: String = message.chars().skip(n - keep).collect();
    format!("{head} … [{} characters left out] … {tail}", n - 2 * keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_refuse_control_bidi_and_invisible_characters() {
        for bad in
            ["D-\u{1b}[31m01", "D\u{0}1", "D-01\nA1", "D\t01", "D-\u{202E}10", "D\u{2066}1", "D\u{200B}1", "D\u{7f}"]
        {
            let e = identifier("container_id", "container id", bad, 64).unwrap_err();
            assert_eq!(e.field(), Some("container_id"), "{bad:?}");
            assert!(e.to_string().contains("U+"), "{e}");
            assert!(!e.to_string().contains(bad.trim()), "the value is not echoed: {e}");
        }
        assert_eq!(identifier("container_id", "container id", "  桶 D-01 ", 64).unwrap(), "桶 D-01");
        assert!(identifier("container_id", "container id", " ", 64).is_err());
        assert!(identifier("container_id", "container id", &"x".repeat(65), 64).is_err());
    }

    #[test]
    fn shown_and_capped_never_repeat_a_long_input_in_full() {
        let long = "9".repeat(5_000);
        assert!(shown(&long).chars().count() < 60);
        assert_eq!(shown("D-01"), "D-01");
        assert_eq!(shown("a\u{1b}b"), "a\\u{1b}b");
        let m = capped(&format!("'{long}' is not a number"));
        assert!(m.chars().count() <= MAX_MESSAGE_CHARS, "{}", m.len());
        assert!(m.ends_with("is not a number"), "{m}");
        assert_eq!(capped("short"), "short");
    }
}
