//! Numbers as people type them: "1,5" and "1.5", "1 500", "١٫٥".

/// Languages writing a decimal comma (and grouping thousands with a dot or a space).
fn decimal_comma(lang: &str) -> bool {
    let base = lang.split('-').next().unwrap_or(lang);
    matches!(
        base,
        "es" | "fr"
            | "de"
            | "it"
            | "pt"
            | "nl"
            | "ca"
            | "eu"
            | "gl"
            | "ru"
            | "uk"
            | "pl"
            | "tr"
            | "cs"
            | "sv"
            | "da"
            | "nb"
            | "fi"
            | "ro"
            | "el"
            | "id"
            | "vi"
    )
}

/// Reads a number typed in `lang`. Both separators are understood: with both present the last
/// one is the decimal mark; a lone separator is a decimal mark unless it is followed by exactly
/// three digits and it is the language's grouping mark ("1.500" in Spanish, "1,500" in English).
/// Arabic-Indic digits and the Arabic decimal and grouping marks are read too.
pub fn parse(raw: &str, lang: &str) -> Option<f64> {
    let mut text = String::new();
    for c in raw.trim().chars() {
        match c {
            '0'..='9' | '.' | ',' | '-' | '+' => text.push(c),
            '\u{0660}'..='\u{0669}' => text.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '\u{06F0}'..='\u{06F9}' => text.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            '\u{066B}' => text.push('.'),
            '\u{066C}' | '\'' | ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}' => {}
            '\u{2212}' => text.push('-'),
            _ => return None,
        }
    }
    let last_dot = text.rfind('.');
    let last_comma = text.rfind(',');
    let decimal = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { '.' } else { ',' }),
        (None, None) => None,
        (Some(at), None) | (None, Some(at)) => {
            let mark = text[at..].chars().next()?;
            let grouping = if decimal_comma(lang) { '.' } else { ',' };
            let count = text.matches(mark).count();
            let digits_after = text.len() - at - 1;
            if mark == grouping && (count > 1 || digits_after == 3) {
                let well_grouped = text.split(mark).skip(1).all(|g| g.len() == 3);
                if !well_grouped {
                    return None;
                }
                None
            } else if count > 1 {
                return None;
            } else {
                Some(mark)
            }
        }
    };
    let normal: String = text
        .chars()
        .filter_map(|c| match c {
            '.' | ',' if Some(c) == decimal => Some('.'),
            '.' | ',' => None,
            other => Some(other),
        })
        .collect();
    normal.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Writes a number for `lang`: no trailing zeros, the language's decimal mark.
pub fn format(n: f64, lang: &str) -> String {
    let mut s = format!("{n:.6}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if s == "-0" {
        s = "0".into();
    }
    if decimal_comma(lang) {
        s = s.replace('.', ",");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_marks_follow_the_language_but_both_are_understood() {
        assert_eq!(parse("1,5", "es"), Some(1.5));
        assert_eq!(parse("1.5", "es"), Some(1.5));
        assert_eq!(parse("1,5", "en"), Some(1.5));
        assert_eq!(parse("1.5", "en"), Some(1.5));
        assert_eq!(parse("1.500", "es"), Some(1500.0));
        assert_eq!(parse("1,500", "en"), Some(1500.0));
        assert_eq!(parse("1,500", "fr"), Some(1.5));
        assert_eq!(parse("1.234,5", "de"), Some(1234.5));
        assert_eq!(parse("1,234.5", "en"), Some(1234.5));
        assert_eq!(parse("1 500", "fr"), Some(1500.0));
        assert_eq!(parse("-3", "en"), Some(-3.0));
        assert_eq!(parse("١٫٥", "ar"), Some(1.5));
        assert_eq!(parse("٤٢", "ar"), Some(42.0));
    }

    #[test]
    fn what_is_not_a_number_is_refused() {
        for bad in ["", "abc", "1,2,3", "1.2.3", "12 years", "NaN", "inf", "--1"] {
            assert_eq!(parse(bad, "en"), None, "{bad}");
        }
    }

    #[test]
    fn formatting_uses_the_language_mark() {
        assert_eq!(format(1.5, "es"), "1,5");
        assert_eq!(format(1.5, "en"), "1.5");
        assert_eq!(format(18.0, "fr"), "18");
        assert_eq!(format(-0.25, "en"), "-0.25");
    }
}
