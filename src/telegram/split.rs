//! Telegram refuses messages over 4096 characters; long texts are split on paragraph, then line,
//! then word boundaries, never inside an HTML tag or entity.

pub const LIMIT: usize = 4096;

/// Splits `text` into chunks of at most `limit` characters (counted in UTF-16 units, as
/// Telegram counts; markup counts too, so the result is conservative).
pub fn split(text: &str, limit: usize) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut rest = text;
    while utf16_len(rest) > limit {
        let cut = cut_point(rest, limit);
        let (head, tail) = rest.split_at(cut);
        chunks.push(head.trim_end().to_string());
        rest = tail.trim_start_matches(['\n', ' ']);
    }
    if !rest.is_empty() || chunks.is_empty() {
        chunks.push(rest.to_string());
    }
    chunks
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The byte index of the best place to cut within the first `limit` UTF-16 units.
fn cut_point(s: &str, limit: usize) -> usize {
    let mut units = 0;
    let mut max = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > limit {
            break;
        }
        max = i + c.len_utf8();
    }
    let window = &s[..max];
    for sep in ["\n\n", "\n", " "] {
        if let Some(pos) = window.rfind(sep)
            && pos > 0
            && outside_markup(window, pos)
        {
            return pos;
        }
    }
    // One unbroken word: cut at the last character boundary outside markup.
    let mut pos = max;
    while pos > 0 && !outside_markup(window, pos) {
        pos -= 1;
        while !window.is_char_boundary(pos) {
            pos -= 1;
        }
    }
    if pos == 0 { max } else { pos }
}

/// Whether byte `pos` is outside a tag (`<…>`) and outside an entity (`&…;`).
fn outside_markup(s: &str, pos: usize) -> bool {
    let before = &s[..pos];
    let in_tag = before
        .rfind('<')
        .is_some_and(|lt| before.rfind('>').is_none_or(|gt| gt < lt));
    let in_entity = before
        .rfind('&')
        .is_some_and(|amp| !before[amp..].contains(';'));
    !in_tag && !in_entity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_chunk() {
        assert_eq!(split("hello", 4096), vec!["hello"]);
    }

    #[test]
    fn splits_on_paragraphs_first() {
        let a = "a".repeat(3000);
        let b = "b".repeat(3000);
        let chunks = split(&format!("{a}\n\n{b}"), 4096);
        assert_eq!(chunks, vec![a, b]);
    }

    #[test]
    fn never_cuts_an_entity_and_respects_the_limit() {
        let text = "&amp;".repeat(2000);
        let chunks = split(&text, 4096);
        assert!(
            chunks.iter().all(|c| c.len() <= 4096 && c.ends_with(';')),
            "{:?}",
            chunks.iter().map(|c| c.len()).collect::<Vec<_>>()
        );
        assert_eq!(chunks.concat(), text);
    }

    #[test]
    fn counts_utf16_units() {
        let emoji = "😀".repeat(3000); // 2 units each
        let chunks = split(&emoji, 4096);
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].chars().count(), 2048);
    }
}
