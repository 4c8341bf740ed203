//! Free texts the crowd writes: ordinary opinions, and the inputs that break careless bots.

use rand::Rng;
use rand::rngs::SmallRng;

const TEXTS: &[&str] = &[
    "Only if my doctor is told which projects use it.",
    "I worry about insurers getting the data 😟",
    "Solo para investigación pública, nunca para vender.",
    "Les entreprises ne devraient pas y avoir accès sans contrôle.",
    "أريد أن أعرف من يستخدم بياناتي ولماذا.",
    "<b>not bold</b> & <script>alert(1)</script>",
    "1 < 2 && 3 > 2",
    "=HYPERLINK(\"http://example.com\",\"click\")",
    "Tom & Jerry's \"quotes\" 'n' stuff",
    "👍🏽👨‍👩‍👧‍👦 families matter",
    "Line one\nLine two\n\nParagraph three",
    "\u{200B}mostly fine\u{200B}",
];

/// A free-text answer that fits `limit`; sometimes a long one, near the limit.
pub fn answer(rng: &mut SmallRng, limit: usize) -> String {
    if rng.random_bool(0.15) {
        let unit = "Data about health is personal; أريد الشفافية & <control>. ";
        let mut s = String::new();
        while s.chars().count() + unit.chars().count() <= limit {
            s.push_str(unit);
        }
        return s.trim_end().to_string();
    }
    TEXTS[rng.random_range(0..TEXTS.len())].to_string()
}

/// A text that is over the limit, to check that the bot refuses it and asks again.
pub fn too_long(limit: usize) -> String {
    "x".repeat(limit + 1)
}
