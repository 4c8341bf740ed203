//! Telegram's HTML subset (parse_mode "HTML"), parsed the way Telegram does it.
//!
//! The structure follows TDLib's `parse_html` so the error messages (which the
//! Bot API returns after "Bad Request: can't parse entities: ") read like the
//! real ones, with byte offsets into the original text. Where Telegram is
//! lenient in a way that hides bugs, the sandbox is stricter on purpose:
//! a bare `&` that does not start `&lt;`, `&gt;`, `&amp;`, `&quot;` or a numeric
//! reference is rejected (Telegram would show it literally, which usually means
//! the bot forgot to escape user content). Anything accepted here is accepted
//! by Telegram.

use serde_json::{Value, json};

/// Formatting that Telegram attaches to a span of the plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityKind {
    Bold,
    Italic,
    Underline,
    Strikethrough,
    Spoiler,
    Code,
    Pre {
        language: Option<String>,
    },
    TextLink {
        url: String,
    },
    CustomEmoji {
        custom_emoji_id: String,
    },
    Blockquote,
    ExpandableBlockquote,
    /// Only produced for user messages (`/start` …), never by the HTML parser.
    BotCommand,
}

/// An entity with offset and length in UTF-16 code units, as in the Bot API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: EntityKind,
    pub offset: usize,
    pub length: usize,
}

impl Entity {
    /// The Bot API `MessageEntity` object.
    pub fn to_json(&self) -> Value {
        let mut v = json!({ "offset": self.offset, "length": self.length });
        let (ty, extra): (&str, Option<(&str, &str)>) = match &self.kind {
            EntityKind::Bold => ("bold", None),
            EntityKind::Italic => ("italic", None),
            EntityKind::Underline => ("underline", None),
            EntityKind::Strikethrough => ("strikethrough", None),
            EntityKind::Spoiler => ("spoiler", None),
            EntityKind::Code => ("code", None),
            EntityKind::Pre { language } => ("pre", language.as_deref().map(|l| ("language", l))),
            EntityKind::TextLink { url } => ("text_link", Some(("url", url.as_str()))),
            EntityKind::CustomEmoji { custom_emoji_id } => (
                "custom_emoji",
                Some(("custom_emoji_id", custom_emoji_id.as_str())),
            ),
            EntityKind::Blockquote => ("blockquote", None),
            EntityKind::ExpandableBlockquote => ("expandable_blockquote", None),
            EntityKind::BotCommand => ("bot_command", None),
        };
        v["type"] = json!(ty);
        if let Some((key, value)) = extra {
            v[key] = json!(value);
        }
        v
    }
}

/// The result of parsing: what the user sees, and how it is formatted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub text: String,
    pub entities: Vec<Entity>,
}

impl Parsed {
    /// Text sent without parse_mode: shown verbatim, no entities.
    pub fn plain(text: &str) -> Parsed {
        Parsed {
            text: text.to_owned(),
            entities: Vec::new(),
        }
    }
}

const SUPPORTED_TAGS: &[&str] = &[
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "span",
    "pre",
    "code",
    "blockquote",
];

struct OpenTag {
    name: String,
    argument: String,
    expandable: bool,
    utf16_start: usize,
    entity_count_at_open: usize,
}

/// TDLib treats these bytes as whitespace inside tags.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

/// Parses Telegram HTML. The error is the part after
/// "Bad Request: can't parse entities: ".
pub fn parse(input: &str) -> Result<Parsed, String> {
    let bytes = input.as_bytes();
    let len = bytes.len();
    let at = |i: usize| -> u8 { if i < len { bytes[i] } else { 0 } };

    let mut text = String::with_capacity(len);
    let mut utf16 = 0usize;
    let mut entities: Vec<RawEntity> = Vec::new();
    let mut stack: Vec<OpenTag> = Vec::new();
    let mut i = 0usize;

    while i < len {
        let c = bytes[i];
        if c == b'&' {
            match decode_entity(input, i) {
                Some((ch, next)) => {
                    text.push(ch);
                    utf16 += ch.len_utf16();
                    i = next;
                    continue;
                }
                None => {
                    return Err(format!(
                        "Unescaped \"&\" at byte offset {i}: write it as &amp; \
                         (only &lt;, &gt;, &amp;, &quot; and numeric references are supported)"
                    ));
                }
            }
        }
        if c != b'<' {
            // Copy one whole character; `i` is always on a char boundary here
            // because every byte we stop at is ASCII.
            let ch = input[i..].chars().next().unwrap_or('\u{FFFD}');
            text.push(ch);
            utf16 += ch.len_utf16();
            i += ch.len_utf8();
            continue;
        }

        let begin = i;
        i += 1;
        if at(i) != b'/' {
            // Start tag.
            while i < len && !is_space(bytes[i]) && bytes[i] != b'>' {
                i += 1;
            }
            if i >= len {
                return Err(format!("Unclosed start tag at byte offset {begin}"));
            }
            let name = input[begin + 1..i].to_ascii_lowercase();
            if !SUPPORTED_TAGS.contains(&name.as_str()) {
                return Err(format!(
                    "Unsupported start tag \"{name}\" at byte offset {begin}"
                ));
            }

            let mut argument = String::new();
            let mut expandable = false;
            loop {
                while i < len && is_space(bytes[i]) {
                    i += 1;
                }
                if i >= len {
                    return Err(format!("Unclosed start tag at byte offset {begin}"));
                }
                if bytes[i] == b'>' {
                    break;
                }
                let attr_begin = i;
                while i < len && !is_space(bytes[i]) && bytes[i] != b'=' && bytes[i] != b'>' {
                    i += 1;
                }
                let attr_name = input[attr_begin..i].to_ascii_lowercase();
                if attr_name.is_empty() {
                    return Err(format!(
                        "Empty attribute name in the tag \"{name}\" at byte offset {begin}"
                    ));
                }
                while i < len && is_space(bytes[i]) {
                    i += 1;
                }
                if at(i) != b'=' {
                    if name == "blockquote" && attr_name == "expandable" {
                        expandable = true;
                        continue;
                    }
                    return Err(format!(
                        "Expected equal sign in declaration of an attribute of the tag \"{name}\" \
                         at byte offset {begin}"
                    ));
                }
                i += 1;
                while i < len && is_space(bytes[i]) {
                    i += 1;
                }
                if i >= len {
                    return Err(format!(
                        "Unclosed start tag \"{name}\" at byte offset {begin}"
                    ));
                }
                let mut value = String::new();
                if bytes[i] != b'\'' && bytes[i] != b'"' {
                    // An unquoted name token: letters, digits, '.', '-'.
                    let token_begin = i;
                    while i < len
                        && (bytes[i].is_ascii_alphanumeric()
                            || bytes[i] == b'.'
                            || bytes[i] == b'-')
                    {
                        i += 1;
                    }
                    value = input[token_begin..i].to_ascii_lowercase();
                    if i >= len || (!is_space(bytes[i]) && bytes[i] != b'>') {
                        return Err(format!(
                            "Unexpected end of name token at byte offset {token_begin}"
                        ));
                    }
                } else {
                    let quote = bytes[i];
                    i += 1;
                    while i < len && bytes[i] != quote {
                        if bytes[i] == b'&' {
                            // Telegram decodes references in attribute values and
                            // keeps a bare '&' literally (URLs with query strings).
                            if let Some((ch, next)) = decode_entity(input, i) {
                                value.push(ch);
                                i = next;
                                continue;
                            }
                        }
                        let ch = input[i..].chars().next().unwrap_or('\u{FFFD}');
                        value.push(ch);
                        i += ch.len_utf8();
                    }
                    if i >= len {
                        return Err(format!("Unclosed start tag at byte offset {begin}"));
                    }
                    i += 1; // closing quote
                }

                match (name.as_str(), attr_name.as_str()) {
                    ("a", "href") | ("tg-emoji", "emoji-id") => argument = value,
                    ("code", "class") => {
                        if let Some(lang) = value.strip_prefix("language-") {
                            argument = lang.to_owned();
                        }
                    }
                    ("span", "class") => {
                        if let Some(rest) = value.strip_prefix("tg-") {
                            argument = rest.to_owned();
                        }
                    }
                    ("blockquote", "expandable") => expandable = true,
                    // Telegram ignores other attributes.
                    _ => {}
                }
            }
            // `bytes[i]` is '>'.
            i += 1;

            if name == "span" && argument != "spoiler" {
                return Err(format!(
                    "Tag \"span\" must have class \"tg-spoiler\" at byte offset {begin}"
                ));
            }
            if name == "tg-emoji" && !argument.parse::<i64>().is_ok_and(|id| id != 0) {
                return Err("Invalid custom emoji identifier specified".to_owned());
            }
            stack.push(OpenTag {
                name,
                argument,
                expandable,
                utf16_start: utf16,
                entity_count_at_open: entities.len(),
            });
        } else {
            // End tag.
            let Some(open) = stack.pop() else {
                return Err(format!("Unexpected end tag at byte offset {begin}"));
            };
            i += 1; // '/'
            let name_begin = i;
            while i < len && !is_space(bytes[i]) && bytes[i] != b'>' {
                i += 1;
            }
            let end_name = input[name_begin..i].to_ascii_lowercase();
            while i < len && is_space(bytes[i]) {
                i += 1;
            }
            if at(i) != b'>' {
                return Err(format!("Unclosed end tag at byte offset {begin}"));
            }
            i += 1;
            if !end_name.is_empty() && end_name != open.name {
                return Err(format!(
                    "Unmatched end tag at byte offset {begin}, expected \"</{}>\", found \"</{end_name}>\"",
                    open.name
                ));
            }
            close_entity(open, utf16, &text, &mut entities);
        }
    }

    if let Some(open) = stack.last() {
        return Err(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            open.name
        ));
    }

    let mut entities: Vec<Entity> = entities.into_iter().map(|raw| raw.entity).collect();
    // Telegram lists entities by offset, outer (longer) first.
    entities.sort_by(|a, b| a.offset.cmp(&b.offset).then(b.length.cmp(&a.length)));
    Ok(Parsed { text, entities })
}

/// An entity while parsing: `<code class="language-x">` keeps its language
/// until we know whether a `<pre>` wraps it exactly.
struct RawEntity {
    entity: Entity,
    code_language: Option<String>,
}

/// Turns a closed tag into an entity; empty spans produce none, like Telegram.
fn close_entity(open: OpenTag, utf16_end: usize, text: &str, entities: &mut Vec<RawEntity>) {
    let offset = open.utf16_start;
    let length = utf16_end - offset;
    if length == 0 {
        return;
    }
    let mut code_language = None;
    let kind = match open.name.as_str() {
        "b" | "strong" => EntityKind::Bold,
        "i" | "em" => EntityKind::Italic,
        "u" | "ins" => EntityKind::Underline,
        "s" | "strike" | "del" => EntityKind::Strikethrough,
        "tg-spoiler" | "span" => EntityKind::Spoiler,
        "tg-emoji" => EntityKind::CustomEmoji {
            custom_emoji_id: open.argument,
        },
        "blockquote" if open.expandable => EntityKind::ExpandableBlockquote,
        "blockquote" => EntityKind::Blockquote,
        "code" => {
            if !open.argument.is_empty() {
                code_language = Some(open.argument);
            }
            EntityKind::Code
        }
        "pre" => {
            // <pre><code class="language-x">…</code></pre> is one pre entity
            // with a language: absorb the inner code entity if it spans it all.
            let mut language = None;
            if entities.len() == open.entity_count_at_open + 1
                && let Some(inner) = entities.last()
                && inner.entity.offset == offset
                && inner.entity.length == length
                && inner.entity.kind == EntityKind::Code
            {
                language = inner.code_language.clone();
                entities.pop();
            }
            EntityKind::Pre { language }
        }
        "a" => {
            let url = if open.argument.is_empty() {
                utf16_slice(text, offset, length)
            } else {
                open.argument
            };
            // Telegram silently drops links it cannot use; so do we, because an
            // invalid `url` would also make the message unparsable for clients.
            match normalize_url(&url) {
                Some(url) => EntityKind::TextLink { url },
                None => return,
            }
        }
        _ => return,
    };
    entities.push(RawEntity {
        entity: Entity {
            kind,
            offset,
            length,
        },
        code_language,
    });
}

/// Accepts http(s)/tg/ton URLs, adding "http://" to bare hosts like Telegram.
fn normalize_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let candidate = if raw.contains("://") || raw.starts_with("tg:") || raw.starts_with("mailto:") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let url = url::Url::parse(&candidate).ok()?;
    match url.scheme() {
        "http" | "https" | "tg" | "ton" | "mailto" => Some(url.to_string()),
        _ => None,
    }
}

/// The text between UTF-16 offsets (used for `<a>` without href).
fn utf16_slice(text: &str, offset: usize, length: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().skip(offset).take(length).collect();
    String::from_utf16_lossy(&units)
}

/// Decodes `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&#NNN;`, `&#xHH;` starting at
/// `start` (which holds '&'). Returns the character and the index after ';'.
fn decode_entity(input: &str, start: usize) -> Option<(char, usize)> {
    let rest = &input[start + 1..];
    let semi = rest.find(';')?;
    // Entity names are short; a far-away ';' means this '&' is bare.
    if semi == 0 || semi > 10 {
        return None;
    }
    let body = &rest[..semi];
    let ch = match body {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let num = body.strip_prefix('#')?;
            let code = if let Some(hex) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                u32::from_str_radix(hex, 16).ok()?
            } else {
                if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                num.parse::<u32>().ok()?
            };
            if code == 0 {
                return None;
            }
            char::from_u32(code)?
        }
    };
    Some((ch, start + 1 + semi + 1))
}

/// Escapes text for HTML parse mode (handy for tests and the crowd).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        parse(s)
            .map(|p| p.text)
            .unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    fn err(s: &str) -> String {
        match parse(s) {
            Ok(p) => panic!("{s:?} parsed as {p:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn nesting_and_entities() {
        let p = parse("<b>bold <i>both</i></b> &amp; <a href=\"https://x.org/?a=1&b=2\">link</a>")
            .unwrap_or_default();
        assert_eq!(p.text, "bold both & link");
        assert_eq!(
            p.entities,
            vec![
                Entity {
                    kind: EntityKind::Bold,
                    offset: 0,
                    length: 9
                },
                Entity {
                    kind: EntityKind::Italic,
                    offset: 5,
                    length: 4
                },
                Entity {
                    kind: EntityKind::TextLink {
                        url: "https://x.org/?a=1&b=2".into()
                    },
                    offset: 12,
                    length: 4
                },
            ]
        );
    }

    #[test]
    fn all_supported_tags() {
        let src = "<strong>a</strong><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike>\
                   <del>g</del><span class=\"tg-spoiler\">h</span><tg-spoiler>i</tg-spoiler>\
                   <code>j</code><pre>k</pre><pre><code class=\"language-rust\">l</code></pre>\
                   <blockquote>m</blockquote><blockquote expandable>n</blockquote>\
                   <tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>";
        let p = parse(src).unwrap_or_default();
        assert_eq!(p.text, "abcdefghijklmn👍");
        let pre_lang = p.entities.iter().find(|e| e.offset == 11);
        assert_eq!(
            pre_lang.map(|e| e.kind.clone()),
            Some(EntityKind::Pre {
                language: Some("rust".into())
            })
        );
        assert!(
            p.entities
                .iter()
                .any(|e| e.kind == EntityKind::ExpandableBlockquote)
        );
        // 👍 is two UTF-16 code units.
        assert_eq!(p.entities.last().map(|e| e.length), Some(2));
    }

    #[test]
    fn references() {
        assert_eq!(text("&lt;&gt;&amp;&quot;&#65;&#x42;&#x1F600;"), "<>&\"AB😀");
        assert!(err("Tom & Jerry").starts_with("Unescaped \"&\" at byte offset 4"));
        assert!(err("&nbsp;").starts_with("Unescaped \"&\""));
        assert!(err("&#;").starts_with("Unescaped \"&\""));
    }

    #[test]
    fn errors_read_like_telegram() {
        assert_eq!(err("a < b"), "Unsupported start tag \"\" at byte offset 2");
        assert_eq!(
            err("<div>x</div>"),
            "Unsupported start tag \"div\" at byte offset 0"
        );
        assert_eq!(
            err("<b>x"),
            "Can't find end tag corresponding to start tag \"b\""
        );
        assert_eq!(
            err("<b>x</i>"),
            "Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\""
        );
        assert_eq!(err("x</b>"), "Unexpected end tag at byte offset 1");
        assert_eq!(err("x <b"), "Unclosed start tag at byte offset 2");
        assert_eq!(err("<br>"), "Unsupported start tag \"br\" at byte offset 0");
        assert_eq!(
            err("<span>x</span>"),
            "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0"
        );
        assert_eq!(
            err("<tg-emoji>x</tg-emoji>"),
            "Invalid custom emoji identifier specified"
        );
    }

    #[test]
    fn case_insensitive_tags_and_empty_spans() {
        let p = parse("<B>x</B><i></i>").unwrap_or_default();
        assert_eq!(p.text, "x");
        assert_eq!(p.entities.len(), 1);
    }

    #[test]
    fn bad_links_are_dropped_not_rejected() {
        let p = parse("<a href=\"javascript:alert(1)\">x</a>").unwrap_or_default();
        assert_eq!(p.text, "x");
        assert!(p.entities.is_empty());
    }

    #[test]
    fn escape_round_trips() {
        let s = "<a> & \"b\"";
        assert_eq!(text(&escape(s)), s);
    }
}
