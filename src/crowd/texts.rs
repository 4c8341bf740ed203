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

/// What a citizen tries to add to a statements stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// A statement of their own, most likely new.
    Fresh(String),
    /// An existing seed in other words' clothing: case and punctuation changed.
    Duplicate(String),
    /// Nothing but spaces and invisible characters.
    Empty(String),
    /// Over the stage's limit.
    TooLong(String),
}

impl Attempt {
    pub fn text(&self) -> &str {
        match self {
            Attempt::Fresh(t) | Attempt::Duplicate(t) | Attempt::Empty(t) | Attempt::TooLong(t) => {
                t
            }
        }
    }
}

/// Parts of participants' statements, per language: who, how strongly, what. Subjects agree
/// with every verb form of their language (singular in Spanish and French, feminine in Arabic). Combined at random
/// they give hundreds of different statements, and now and then the same one twice (which the
/// bot must refuse as a duplicate).
const WHO: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "The council",
            "Researchers",
            "Hospitals",
            "Companies",
            "Every project",
        ],
    ),
    (
        "es",
        &[
            "El ayuntamiento",
            "Cada equipo de investigación",
            "El hospital",
            "Cada empresa",
            "Cada proyecto",
        ],
    ),
    (
        "fr",
        &[
            "La mairie",
            "Chaque équipe de recherche",
            "L’hôpital",
            "Chaque entreprise",
            "Chaque projet",
        ],
    ),
    (
        "ar",
        &[
            "البلدية",
            "كل جهة بحثية",
            "المستشفيات",
            "الشركات",
            "كل مؤسسة",
        ],
    ),
];
const HOW: &[(&str, &[&str])] = &[
    ("en", &["should", "must never", "may only with our consent"]),
    (
        "es",
        &["debería", "nunca debe", "solo puede con nuestro permiso"],
    ),
    (
        "fr",
        &["devrait", "ne doit jamais", "ne peut qu’avec notre accord"],
    ),
    (
        "ar",
        &["يجب أن", "لا يجوز أبدًا أن", "لا يجوز إلا بموافقتنا أن"],
    ),
];
const WHAT: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "publish each request for our data",
            "keep records of children & teenagers",
            "send a yearly letter explaining every use",
            "link school results with clinic visits",
            "pay into a fund for local clinics",
            "store copies on servers abroad 🌍",
            "use the data to set insurance prices",
            "ask a residents' panel before new uses <always>",
        ],
    ),
    (
        "es",
        &[
            "publicar cada solicitud de nuestros datos",
            "guardar datos de niños y adolescentes",
            "enviar una carta anual con cada uso",
            "unir notas escolares con visitas médicas",
            "pagar a un fondo para centros de salud",
            "guardar copias en servidores extranjeros 🌍",
        ],
    ),
    (
        "fr",
        &[
            "publier chaque demande d’accès à nos données",
            "garder les dossiers des enfants & des ados",
            "envoyer chaque année une lettre sur les usages",
            "relier les notes scolaires aux visites médicales",
            "verser à un fonds pour les centres de santé",
        ],
    ),
    (
        "ar",
        &[
            "تنشر كل طلب للوصول إلى بياناتنا",
            "تحتفظ بسجلات الأطفال والمراهقين",
            "ترسل رسالة سنوية تشرح كل استخدام",
            "تربط نتائج المدارس بزيارات العيادات",
            "تدفع لصندوق يدعم المراكز الصحية",
        ],
    ),
];

fn parts(table: &'static [(&str, &'static [&'static str])], lang: &str) -> &'static [&'static str] {
    table
        .iter()
        .find(|(l, _)| *l == lang)
        .or_else(|| table.first())
        .map(|(_, p)| *p)
        .unwrap_or(&[])
}

/// A statement attempt in `lang`: mostly new ones, sometimes a seed again (`seeds` are the
/// seed texts in that language), an empty one or one over `limit` characters.
pub fn statement(rng: &mut SmallRng, lang: &str, seeds: &[String], limit: usize) -> Attempt {
    let roll: f64 = rng.random();
    if roll < 0.15 && !seeds.is_empty() {
        let seed = &seeds[rng.random_range(0..seeds.len())];
        let mut text = seed.to_uppercase();
        text.push_str("!!");
        return Attempt::Duplicate(text);
    }
    if roll < 0.22 {
        return Attempt::Empty(" \u{200B}\u{2060} \n ".to_string());
    }
    if roll < 0.27 {
        return Attempt::TooLong("data ".repeat(limit / 5 + 1));
    }
    let pick = |rng: &mut SmallRng, p: &[&'static str]| p[rng.random_range(0..p.len())];
    let who = pick(rng, parts(WHO, lang));
    let how = pick(rng, parts(HOW, lang));
    let what = pick(rng, parts(WHAT, lang));
    Attempt::Fresh(format!("{who} {how} {what}"))
}
