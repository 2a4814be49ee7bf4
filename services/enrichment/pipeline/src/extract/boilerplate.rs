//! Boilerplate lines and paragraphs common to pasted text and HTML pages: share bars,
//! "Related News"/"Read more" footers, newsletter and cookie prompts, comment headings.
//! Language-general rules on short lines only; nothing fitted to a site.

/// Short lines that are boilerplate on their own (lower case, compared after trimming
/// punctuation): exact matches.
const EXACT: &[&str] = &[
    "related",
    "related news",
    "related articles",
    "related stories",
    "related posts",
    "related content",
    "related topics",
    "more news",
    "more stories",
    "more from",
    "more on this story",
    "see also",
    "you may also like",
    "you might also like",
    "recommended",
    "recommended for you",
    "most read",
    "most popular",
    "trending",
    "trending now",
    "top stories",
    "latest news",
    "read more",
    "read next",
    "continue reading",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "comments",
    "comment",
    "kommentieren",
    "antworten",
    "reply",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "tags",
    "topics",
    "newsletter",
    "sign up",
    "subscribe",
    "back to top",
    "skip to content",
    "mehr zum thema",
    "lesen sie auch",
    "auch interessant",
    "das könnte sie auch interessieren",
    "weitere artikel",
    "teilen",
    "anzeige",
    "werbung",
    "kommentare",
    "schlagworte",
    "artikel teilen",
    "zum artikel",
    "lire aussi",
    "à lire aussi",
    "partager",
    "publicité",
    "sur le même sujet",
    "commentaires",
    "leer más",
    "compartir",
    "publicidad",
    "noticias relacionadas",
    "leggi anche",
    "condividi",
    "pubblicità",
    "contact",
    "contact us",
    "kontakt",
    "impressum",
    // Date labels left without their value (the value sat in markup that is not text).
    "release date",
    "publication date",
    "date published",
    "published",
    "published on",
    "updated",
    "last updated",
    "posted",
    "posted on",
    "veröffentlicht",
    "veröffentlicht am",
    "aktualisiert",
    "aktualisiert am",
    "publié le",
    "mis à jour le",
    "fecha de publicación",
    // The button of an embed's consent placeholder.
    "inhalt laden",
    "load content",
];

/// Starts of short lines that are boilerplate (lower case).
const PREFIXES: &[&str] = &[
    "read more:",
    "read more at",
    "read also:",
    "see also:",
    "related:",
    "more:",
    "also read:",
    "share this article",
    "share this story",
    "share on ",
    "share via",
    "click here to",
    "click to share",
    "follow us on",
    "follow us:",
    "like us on",
    "sign up for",
    "sign up to",
    "subscribe to our",
    "subscribe now",
    "get our newsletter",
    "all rights reserved",
    "copyright ©",
    "copyright (c)",
    "© copyright",
    "this article was originally",
    "lesen sie auch:",
    "mehr zum thema:",
    "lesen sie mehr:",
    "folgen sie uns",
    "jetzt abonnieren",
    "alle rechte vorbehalten",
    "lire aussi :",
    "lire aussi:",
    "à lire aussi",
    "tous droits réservés",
    "leer también:",
    "lea también:",
    "leggi anche:",
    "lea más:",
    "lea:",
    "lea también",
    "pour lire la suite",
    "join our newsletter",
    "if you enjoyed reading",
    "to view the full story",
    "submit your letter",
    "for the latest stories",
    "download our app",
    "weitere informationen zum",
    "mehr zum thema auf",
    "crédits photos",
    "crédit photo",
    "titelbild:",
    "photograph by",
    "fotos:",
    "quelle:",
    "image:",
    "photo:",
    "foto:",
    "bild:",
    "credit:",
    "image credit",
    "photo credit",
    "getty images",
    "(photo:",
    "(credit:",
    "(foto:",
    "(bild:",
    "(image:",
    "featured image by",
    "featured image:",
    "image illustrative",
    "illustration :",
    "illustration:",
    "photo d'illustration",
    "bildquelle:",
    "bildnachweis:",
    "image source:",
    "hier geht es zu",
    "hier geht's zu",
    "hier klicken",
    "click here for",
];

/// Phrases that make a short line a call to action, a login prompt, a licence or citation
/// notice or a rating widget rather than story text (lower case, anywhere in the line).
const CONTAINS: &[&str] = &[
    "sign up here",
    "you must be logged in",
    "müssen sich einloggen",
    "müssen angemeldet sein",
    "must log in to",
    "need to log in to",
    "eingeloggt sein",
    "suggested citation",
    "straight to your phone",
    "download the app",
    "download our app",
    "unter der lizenz",
    "is licensed under",
    "keine bewertungen",
    "no ratings yet",
    "vorschau auf den nächsten",
    "click here to subscribe",
    "jetzt newsletter",
    "zum newsletter",
    "already a subscriber",
    "bereits abonnent",
    "déjà abonné",
    "and filed under",
    "filed under:",
    "abgelegt unter",
    "artikel mit anderen teilen",
    "beitrag mit anderen teilen",
    "not responsible for the opinions",
    "not responsible for the content",
    // Consent placeholders of embedded maps and videos ("Klicken Sie auf den unteren Button,
    // um den Inhalt von www.example.de zu laden").
    "um den inhalt von",
    "to load the content",
];

/// Social networks: a short line naming two or more is a follow-us prompt.
const SOCIAL_NETWORKS: &[&str] =
    &["facebook", "twitter", "instagram", "linkedin", "youtube", "tiktok", "whatsapp"];

/// Words of a call to follow or subscribe (English, German, French, Spanish, Italian): with two
/// social networks named, the line is a prompt; without one it may be news about them.
const FOLLOW_PROMPTS: &[&str] = &[
    "follow",
    "folg",
    "suiv",
    "segu",
    "síg",
    "sigue",
    "like us",
    "join us",
    "find us",
    "newsletter",
    "subscri",
    "suscri",
    "abonn",
    "seguici",
];

/// Characters up to which a line naming several social networks is a prompt, not a story
/// paragraph about them.
const SOCIAL_PROMPT_CHARS: usize = 250;

/// Characters up to which a paragraph holding a disclosure phrase ([`DISCLOSURES`]) is the
/// disclosure (they run to two or three sentences).
const DISCLOSURE_CHARS: usize = 400;

/// The longest line any rule of [`is_boilerplate_line`] looks at.
const LONGEST_BOILERPLATE_CHARS: usize = DISCLOSURE_CHARS;

/// Which of the phrase lists ([`CONTAINS`], [`SOCIAL_NETWORKS`], [`FOLLOW_PROMPTS`],
/// [`DISCLOSURES`]) a lower-cased line holds a phrase of.
#[derive(Debug, Default, PartialEq, Eq)]
struct PhrasesFound {
    /// A [`CONTAINS`] phrase.
    call_to_action: bool,
    /// One bit per [`SOCIAL_NETWORKS`] entry named.
    networks: u32,
    /// A [`FOLLOW_PROMPTS`] word.
    follow_prompt: bool,
    /// A [`DISCLOSURES`] phrase.
    disclosure: bool,
}

/// Every phrase of the lists in one automaton, and the list of each (by pattern index):
/// one pass over a line instead of some sixty substring searches, each with its own setup.
static PHRASE_AUTOMATON: std::sync::LazyLock<Option<(aho_corasick::AhoCorasick, Vec<PhraseList>)>> =
    std::sync::LazyLock::new(|| {
        let lists = PhraseList::all();
        let patterns = lists.iter().map(|(_, phrase)| *phrase);
        let automaton = aho_corasick::AhoCorasick::new(patterns).ok()?;
        Some((automaton, lists.into_iter().map(|(list, _)| list).collect()))
    });

/// The list a phrase comes from.
#[derive(Debug, Clone, Copy)]
enum PhraseList {
    /// [`CONTAINS`].
    CallToAction,
    /// [`SOCIAL_NETWORKS`], with the network's index.
    Network(u32),
    /// [`FOLLOW_PROMPTS`].
    FollowPrompt,
    /// [`DISCLOSURES`].
    Disclosure,
}

impl PhraseList {
    /// Every phrase with its list.
    fn all() -> Vec<(PhraseList, &'static str)> {
        let mut all: Vec<(PhraseList, &'static str)> =
            CONTAINS.iter().map(|p| (PhraseList::CallToAction, *p)).collect();
        all.extend((0u32..).zip(SOCIAL_NETWORKS).map(|(index, p)| (PhraseList::Network(index), *p)));
        all.extend(FOLLOW_PROMPTS.iter().map(|p| (PhraseList::FollowPrompt, *p)));
        all.extend(DISCLOSURES.iter().map(|p| (PhraseList::Disclosure, *p)));
        all
    }
}

impl PhrasesFound {
    /// The phrases `lower` (a lower-cased line) holds.
    fn in_line(lower: &str) -> Self {
        let mut found = Self::default();
        let mut note = |list: PhraseList| match list {
            PhraseList::CallToAction => found.call_to_action = true,
            PhraseList::Network(index) => found.networks |= 1 << index,
            PhraseList::FollowPrompt => found.follow_prompt = true,
            PhraseList::Disclosure => found.disclosure = true,
        };
        match &*PHRASE_AUTOMATON {
            Some((automaton, lists)) => {
                for found_phrase in automaton.find_overlapping_iter(lower) {
                    if let Some(list) = lists.get(found_phrase.pattern().as_usize()) {
                        note(*list);
                    }
                }
            }
            // Not reached (the phrases are constants the automaton takes); the same answer
            // by one search per phrase.
            None => {
                for (list, phrase) in PhraseList::all() {
                    if lower.contains(phrase) {
                        note(list);
                    }
                }
            }
        }
        found
    }
}

/// `text` lower-cased as [`str::to_lowercase`] does: an ASCII line (most) by the byte-wise
/// ASCII mapping, which gives the same string at a fraction of the cost.
fn lower_case(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    // A capital sigma lowers by its neighbours (final ς or σ): the library's own rules.
    if text.contains('Σ') {
        return text.to_lowercase();
    }
    // ASCII runs are copied whole and lowered in place; other characters map one by one as
    // `to_lowercase` maps them.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii_run = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(ascii_run);
        let start = out.len();
        out.push_str(ascii);
        if let Some(appended) = out.get_mut(start..) {
            appended.make_ascii_lowercase();
        }
        let mut chars = tail.chars();
        let Some(c) = chars.next() else { break };
        out.extend(c.to_lowercase());
        rest = chars.as_str();
    }
    out
}

/// A word list split by first byte: a line is compared only with the entries that start like
/// it (a handful) instead of the whole list (about a hundred comparisons per line). The lists
/// hold no empty entry (a test checks), so an empty text matches none.
struct ByFirstByte {
    /// The entries starting with each byte value, in list order.
    buckets: Vec<Vec<&'static str>>,
}

impl ByFirstByte {
    /// Splits `words` by their first byte.
    fn new(words: &[&'static str]) -> Self {
        let mut buckets = vec![Vec::new(); 256];
        for word in words {
            if let Some(&first) = word.as_bytes().first() {
                buckets[usize::from(first)].push(*word);
            }
        }
        ByFirstByte { buckets }
    }

    /// The entries that can equal `text` or start it: those with its first byte.
    fn words_from(&self, text: &str) -> &[&'static str] {
        let Some(&first) = text.as_bytes().first() else { return &[] };
        self.buckets.get(usize::from(first)).map_or(&[], Vec::as_slice)
    }
}

/// [`EXACT`] by first byte.
static EXACT_BY_FIRST_BYTE: std::sync::LazyLock<ByFirstByte> =
    std::sync::LazyLock::new(|| ByFirstByte::new(EXACT));

/// [`PREFIXES`] by first byte.
static PREFIXES_BY_FIRST_BYTE: std::sync::LazyLock<ByFirstByte> =
    std::sync::LazyLock::new(|| ByFirstByte::new(PREFIXES));

/// Is this (short) line boilerplate on its own?
pub fn is_boilerplate_line(line: &str) -> bool {
    let trimmed = line.trim();
    // Every rule below is for short lines: a long paragraph is answered before it is counted
    // or lower-cased (a UTF-8 character is at most four bytes).
    if trimmed.len() > LONGEST_BOILERPLATE_CHARS * 4 {
        return false;
    }
    let chars = trimmed.chars().count();
    if chars == 0 || chars > LONGEST_BOILERPLATE_CHARS {
        return false;
    }
    let lower = lower_case(trimmed);
    // Past the social-prompt limit only a disclosure or an encoded blob is boilerplate (every
    // other rule below is for shorter lines): the phrase automaton's byte loop (about a third of
    // the lines it would read) runs only when a disclosure stem is in the line.
    if chars > SOCIAL_PROMPT_CHARS {
        let may_disclose = DISCLOSURE_STEMS
            .iter()
            .any(|stem| memchr::memmem::find(lower.as_bytes(), stem.as_bytes()).is_some());
        return may_disclose && PhrasesFound::in_line(&lower).disclosure || is_encoded_blob(trimmed);
    }
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric()).trim();
    if chars <= 60 && EXACT_BY_FIRST_BYTE.words_from(bare).contains(&bare) {
        return true;
    }
    if chars <= 200 && PREFIXES_BY_FIRST_BYTE.words_from(&lower).iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    let phrases = PhrasesFound::in_line(&lower);
    if chars <= 160 && phrases.call_to_action {
        return true;
    }
    if chars <= SOCIAL_PROMPT_CHARS && phrases.networks.count_ones() >= 2 && phrases.follow_prompt {
        return true;
    }
    if phrases.disclosure {
        return true;
    }
    if is_encoded_blob(trimmed) {
        return true;
    }
    chars <= 80 && (lower.starts_with('©') || lower.starts_with("(c) ") || lower.starts_with("copyright "))
}

/// Phrases of an affiliate or advertising disclosure ("This post contains affiliate links. We
/// may earn a commission …"): a notice about the page, never the story. Looked for in lines
/// up to [`DISCLOSURE_CHARS`].
const DISCLOSURES: &[&str] = &[
    "contains affiliate links",
    "contains references to products from",
    "we may receive compensation",
    "we may earn a commission",
    "may earn an affiliate commission",
    "we earn from qualifying purchases",
    "enthält affiliate-links",
    "enthält affiliate links",
    "erhalten wir eine provision",
];

/// Words one of which every [`DISCLOSURES`] phrase holds (a test checks): a line without any
/// holds no disclosure.
const DISCLOSURE_STEMS: &[&str] =
    &["affiliate", "products from", "compensation", "commission", "qualifying purchases", "provision"];

/// Characters from which one unbroken run of base64 letters is an encoded payload.
const ENCODED_BLOB_CHARS: usize = 40;

/// Is this line one long run of base64 (a consent tool's encoded embed, a data blob) that a
/// script would decode, rather than words?
fn is_encoded_blob(line: &str) -> bool {
    line.len() >= ENCODED_BLOB_CHARS
        && !line.contains(char::is_whitespace)
        && line.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        && line.bytes().any(|b| b.is_ascii_digit())
        && line.bytes().any(|b| b.is_ascii_uppercase())
}

/// Does this line open a trailing block that is never the story (related links, comments)?
/// Everything from such a heading to the end is dropped when it comes late in the text.
pub fn is_tail_heading(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric()).trim();
    if bare.chars().count() > 60 {
        return false;
    }
    // A heading offering more of the same ("New and exciting similar dishes for you to try
    // out", "More like this"): a heading, so no sentence ends inside it.
    const OFFERS: &[&str] = &[
        "you may also",
        "you might also",
        "you may like",
        "you might like",
        "more like this",
        "for you to try",
        "similar articles",
        "similar stories",
        "similar posts",
        "similar recipes",
        "similar dishes",
        "ähnliche artikel",
        "ähnliche rezepte",
        "articles similaires",
    ];
    if !bare.contains(['.', '!', '?']) && OFFERS.iter().any(|offer| bare.contains(offer)) {
        return true;
    }
    const TAIL: &[&str] = &[
        "related",
        "related news",
        "related articles",
        "related stories",
        "related posts",
        "related content",
        "more news",
        "more stories",
        "you may also like",
        "you might also like",
        "recommended",
        "recommended for you",
        "most read",
        "most popular",
        "comments",
        "leave a reply",
        "leave a comment",
        "post a comment",
        "mehr zum thema",
        "das könnte sie auch interessieren",
        "weitere artikel",
        "kommentare",
        "sur le même sujet",
        "commentaires",
        "noticias relacionadas",
        "see also",
        "siehe auch",
        "voir aussi",
        "ver también",
        "similar posts",
        "ähnliche beiträge",
        "weitere beiträge",
    ];
    TAIL.contains(&bare) || bare.starts_with("related ") && bare.split_whitespace().count() <= 3
}

/// Openings of an author box: the bio that follows a story, never part of it.
const AUTHOR_BOX_OPENINGS: &[&str] = &[
    "about the author",
    "über den autor",
    "über die autorin",
    "à propos de l'auteur",
    "sobre el autor",
    "sobre la autora",
];

/// Openings of a credit line naming who published the post ("Published by Jane Doe").
const PUBLISHED_BY_OPENINGS: &[&str] =
    &["published by ", "posted by ", "written by ", "veröffentlicht von ", "publié par ", "publicado por "];

/// Does this short line open an author box ("About the author", "About Jane Doe", "Über
/// Jane Doe", "Published by Jane Doe")? Late in a story, everything after it is the bio,
/// sharing and comments. "About"/"Über" count only before a name: two or three words, each
/// capitalised (a German heading such as "Über Geld und Macht" has a lower-case word).
pub fn is_author_box_heading(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.chars().count() > 50 || trimmed.contains('\n') || trimmed.ends_with(['.', '!', '?', ':']) {
        return false;
    }
    let lower = trimmed.to_lowercase();
    if AUTHOR_BOX_OPENINGS.iter().any(|opening| lower.starts_with(opening)) {
        return true;
    }
    if PUBLISHED_BY_OPENINGS.iter().any(|opening| lower.starts_with(opening)) {
        return trimmed.split_whitespace().count() <= 6;
    }
    let mut words = trimmed.split_whitespace();
    let Some(first) = words.next() else { return false };
    if !matches!(first.to_lowercase().as_str(), "about" | "über") {
        return false;
    }
    let name: Vec<&str> = words.collect();
    (2..=3).contains(&name.len())
        && name.iter().all(|word| word.chars().next().is_some_and(char::is_uppercase))
}

/// Is this line a "Published by Jane Doe" credit (which also opens posts, so only counts
/// late), rather than an "About …" heading?
pub fn is_published_by_line(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    PUBLISHED_BY_OPENINGS.iter().any(|opening| lower.starts_with(opening))
}

/// Is this paragraph only a bare domain name ("EXAMPLENEWS.COM", "www.example.org"): a
/// source credit or logo text, never story text?
pub fn is_bare_domain(paragraph: &str) -> bool {
    let trimmed = paragraph.trim().trim_end_matches('/');
    // What follows the last "://" (which cannot overlap itself, so the last match is the
    // last piece of a split), found from the end instead of splitting the whole paragraph.
    let without_scheme = memchr::memmem::rfind(trimmed.as_bytes(), b"://")
        .and_then(|at| trimmed.get(at + 3..))
        .unwrap_or(trimmed);
    // More than 60 characters for certain (a character is at most four bytes): not counted.
    if without_scheme.len() > 60 * 4 {
        return false;
    }
    if without_scheme.is_empty()
        || without_scheme.chars().count() > 60
        || without_scheme.contains(char::is_whitespace)
    {
        return false;
    }
    let Some((name, top_level)) = without_scheme.rsplit_once('.') else { return false };
    !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
        && (2..=6).contains(&top_level.len())
        && top_level.chars().all(|c| c.is_ascii_alphabetic())
}

/// Words from which the text after a credit marker is a sentence rather than a name.
const MAX_CREDIT_WORDS: usize = 6;

/// Is this paragraph a photo caption: short, and ending in a credit ("… the crowd turns
/// into a mob. Photo: Jane Doe/Agency")?
pub fn is_credited_caption(paragraph: &str) -> bool {
    let trimmed = paragraph.trim();
    // Every marker ends in a colon, which lower-casing neither makes nor removes: a paragraph
    // without one (most) is answered before it is counted or lower-cased.
    if memchr::memchr(b':', trimmed.as_bytes()).is_none()
        || trimmed.chars().count() > 300
        || trimmed.contains('\n')
    {
        return false;
    }
    const MARKERS: &[&str] = &[" photo: ", " foto: ", " bild: ", " image: ", " credit: ", " photograph: "];
    let lower = trimmed.to_lowercase();
    MARKERS.iter().any(|marker| {
        lower.rfind(marker).is_some_and(|at| {
            let credit = &lower[at + marker.len()..];
            let words = credit.split_whitespace().count();
            (1..=MAX_CREDIT_WORDS).contains(&words) && !credit.trim_end().ends_with(['.', '!', '?'])
        })
    })
}

/// Is this line a navigation run: several short items separated by `|` (or `•`, `·`)?
pub fn is_navigation_run(line: &str) -> bool {
    // '|' is ASCII; '•' starts with byte 0xE2, '·' and '»' with 0xC2: a line with none of
    // those bytes (most) has no separator, answered by one scan instead of four.
    if memchr::memchr3(b'|', 0xE2, 0xC2, line.as_bytes()).is_none() {
        return false;
    }
    for sep in ['|', '•', '·', '»'] {
        // Counted first: most lines have no separator, and then need no item list.
        let separators = line.matches(sep).count();
        if separators < 2 {
            continue;
        }
        let items: Vec<&str> = line.split(sep).map(str::trim).filter(|s| !s.is_empty()).collect();
        if items.len() >= 3 {
            let longest = items.iter().map(|s| s.chars().count()).max().unwrap_or(0);
            // Items are titles or menu words, not sentences running across separators.
            let sentence_like = items
                .iter()
                .filter(|s| s.ends_with(['.', '!', '?']) && s.split_whitespace().count() > 15)
                .count();
            if longest <= 160 && sentence_like == 0 {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_finds_the_phrases_each_search_finds() {
        let line = "follow us on facebook, twitter and tiktok — we may earn a commission. sign up here";
        let found = PhrasesFound::in_line(line);
        assert_eq!(
            found,
            PhrasesFound { call_to_action: true, networks: 0b10_0011, follow_prompt: true, disclosure: true }
        );
        assert_eq!(PhrasesFound::in_line("the mayor spoke on monday."), PhrasesFound::default());
        for (list, phrase) in PhraseList::all() {
            let found = PhrasesFound::in_line(&format!("x {phrase} y"));
            let hit = match list {
                PhraseList::CallToAction => found.call_to_action,
                PhraseList::Network(index) => found.networks == 1 << index,
                PhraseList::FollowPrompt => found.follow_prompt,
                PhraseList::Disclosure => found.disclosure,
            };
            assert!(hit, "{phrase}");
        }
    }

    #[test]
    fn first_byte_buckets_answer_as_the_whole_lists() {
        assert!(EXACT.iter().chain(PREFIXES).all(|word| !word.is_empty()));
        let lines = [
            "",
            "r",
            "related",
            "related news",
            "read more: x",
            "à lire aussi",
            "©",
            "(photo: x)",
            "crédit photo x",
            "zzz",
            "é",
            "share on facebook",
            "share",
            "lea:",
            "lea",
            "\u{0}",
        ];
        for line in lines.iter().copied().chain(EXACT.iter().copied()).chain(PREFIXES.iter().copied()) {
            assert_eq!(
                EXACT_BY_FIRST_BYTE.words_from(line).contains(&line),
                EXACT.contains(&line),
                "{line:?}"
            );
            assert_eq!(
                PREFIXES_BY_FIRST_BYTE.words_from(line).iter().any(|p| line.starts_with(p)),
                PREFIXES.iter().any(|p| line.starts_with(p)),
                "{line:?}"
            );
        }
    }

    #[test]
    fn lower_case_matches_to_lowercase() {
        for text in [
            "",
            "ABC def",
            "Über ÄRGER",
            "İstanbul",
            "MIXED case 123 ©",
            "\u{212a}elvin",
            "ΟΔΟΣ ΣΟΦΙΑΣ",
            "é",
            "Aé",
            "éA",
            "ǅ ǈ Ⅻ ＡＢ 𐐀",
            "x\u{300}Y",
        ] {
            assert_eq!(lower_case(text), text.to_lowercase(), "{text:?}");
        }
    }

    #[test]
    fn every_disclosure_holds_a_stem() {
        for phrase in DISCLOSURES {
            assert!(DISCLOSURE_STEMS.iter().any(|stem| phrase.contains(stem)), "{phrase}");
        }
        let long =
            format!("{} This post contains affiliate links.", "Words of a long paragraph. ".repeat(10));
        assert!(long.chars().count() > SOCIAL_PROMPT_CHARS);
        assert!(is_boilerplate_line(&long));
        assert!(!is_boilerplate_line(&"Words of a long paragraph. ".repeat(11)));
    }

    #[test]
    fn recognises_boilerplate() {
        assert!(is_boilerplate_line("Related News"));
        assert!(is_boilerplate_line("Share this article"));
        assert!(is_boilerplate_line("Read more: Why the sky is blue"));
        assert!(is_boilerplate_line("© 2024 Example Media"));
        assert!(is_boilerplate_line("You must be logged in to post a comment."));
        assert!(is_boilerplate_line("(Credit: Jane Doe / Agency)"));
        assert!(!is_boilerplate_line("Related parties met on Tuesday to discuss the budget for next year."));
        assert!(is_tail_heading("Related News"));
        assert!(!is_tail_heading("The share price fell"));
        assert!(is_navigation_run("Home | World | Sport | Business |"));
        assert!(!is_navigation_run("He said: a | b"));
    }

    #[test]
    fn recognises_author_boxes_and_credited_captions() {
        assert!(is_author_box_heading("About the author"));
        assert!(is_author_box_heading("Über Jane Doe"));
        assert!(is_author_box_heading("About Jane Q. Doe"));
        assert!(is_author_box_heading("Published by Jane Doe"));
        assert!(!is_author_box_heading("Über Geld und Macht"));
        assert!(!is_author_box_heading("About"));
        assert!(!is_author_box_heading("About Us In The Long Run Of Years"));
        assert!(!is_author_box_heading("Published by the council on Tuesday, the plan was new."));
        assert!(is_credited_caption("The crowd turns into a mob on stage. Photo: Jane Doe/City Theatre"));
        assert!(is_credited_caption("Die Menge wird zum Mob. Bild: Jane Doe"));
        assert!(!is_credited_caption(
            "He showed the picture. Photo: it was taken by a neighbour who lived across the river for years."
        ));
        assert!(!is_credited_caption("The mayor cut the ribbon on Monday."));
        assert!(is_tail_heading("Siehe auch"));
        assert!(is_tail_heading("NEW AND EXCITING SIMILAR DISHES FOR YOU TO TRY OUT"));
        assert!(is_tail_heading("More like this"));
        assert!(!is_tail_heading("You may also vote by post. Details follow."));
        assert!(is_boilerplate_line("Release Date:"));
        assert!(is_boilerplate_line(
            "This post contains affiliate links. We may earn a commission when you buy through them, at no cost to you."
        ));
        assert!(!is_boilerplate_line(
            "The retailer said it would cut commissions paid to affiliates next year."
        ));
        assert!(is_boilerplate_line(
            "Klicken Sie auf den unteren Button, um den Inhalt von www.example.de zu laden."
        ));
        assert!(is_boilerplate_line(
            "PHA+PGlmcmFtZSBzcmM9Imh0dHBzOi8vd3d3LmV4YW1wbGUub3JnIj48L2lmcmFtZT48L3A+"
        ));
        assert!(!is_boilerplate_line("Antidisestablishmentarianism"));
        assert!(is_boilerplate_line("Last updated:"));
        assert!(!is_boilerplate_line("The release date was moved to May."));
        assert!(is_boilerplate_line("Image illustrative : Lego figures by a photographer, licence CC BY"));
        assert!(is_boilerplate_line("Hier geht es zur neuen Vorstandsstruktur"));
        assert!(is_bare_domain("EXAMPLENEWS.COM"));
        assert!(is_bare_domain("see it at http://example.org"));
        assert!(is_bare_domain("x://y://example.org/"));
        assert!(!is_bare_domain(&format!("https://{}.org", "a".repeat(300))));
        assert!(!is_bare_domain("https://"));
        assert!(is_navigation_run("Home • World • Sport"));
        assert!(is_navigation_run("Home » World » Sport"));
        assert!(is_navigation_run("Home · World · Sport"));
        assert!(is_bare_domain("https://www.example.org/"));
        assert!(!is_bare_domain("Nein."));
        assert!(!is_bare_domain("U.S."));
        assert!(!is_bare_domain("He went to example.org yesterday."));
        assert!(is_published_by_line("Published by Jane Doe"));
        assert!(!is_published_by_line("About Jane Doe"));
        assert!(is_boilerplate_line("If you're already a subscriber, log in to read on."));
        assert!(is_boilerplate_line("Write to us or follow the desk on Facebook, Twitter and Instagram."));
        assert!(!is_boilerplate_line("The company said Facebook had lost users to rivals over the year."));
        assert!(!is_boilerplate_line("Shares of Facebook and Twitter fell on Tuesday after the ruling."));
        assert!(is_boilerplate_line("Síguenos en Facebook y Twitter."));
        assert!(is_boilerplate_line("Posted on Tuesday and filed under Linux, Tutorials."));
        assert!(is_boilerplate_line("Kontakt"));
        assert!(!is_boilerplate_line("The lawsuit was filed under seal in March."));
        assert!(!is_boilerplate_line("The company said it was not responsible for the crash."));
        assert!(!is_boilerplate_line("Er wollte das Geld nicht mit anderen teilen."));
        assert!(is_boilerplate_line("Den Artikel mit anderen teilen/diskutieren:"));
    }
}
