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
];

/// Phrases that make a short line a call to action, a login prompt, a licence or citation
/// notice or a rating widget rather than story text (lower case, anywhere in the line).
const CONTAINS: &[&str] = &[
    "sign up here",
    "you must be logged in",
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
];

/// Is this (short) line boilerplate on its own?
pub fn is_boilerplate_line(line: &str) -> bool {
    let trimmed = line.trim();
    let chars = trimmed.chars().count();
    if chars == 0 {
        return false;
    }
    let lower = trimmed.to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric()).trim();
    if chars <= 60 && EXACT.contains(&bare) {
        return true;
    }
    if chars <= 200 && PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if chars <= 160 && CONTAINS.iter().any(|p| lower.contains(p)) {
        return true;
    }
    chars <= 80 && (lower.starts_with('©') || lower.starts_with("(c) ") || lower.starts_with("copyright "))
}

/// Does this line open a trailing block that is never the story (related links, comments)?
/// Everything from such a heading to the end is dropped when it comes late in the text.
pub fn is_tail_heading(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric()).trim();
    if bare.chars().count() > 50 {
        return false;
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
    ];
    TAIL.contains(&bare) || bare.starts_with("related ") && bare.split_whitespace().count() <= 3
}

/// Is this line a navigation run: several short items separated by `|` (or `•`, `·`)?
pub fn is_navigation_run(line: &str) -> bool {
    for sep in ['|', '•', '·', '»'] {
        let items: Vec<&str> = line.split(sep).map(str::trim).filter(|s| !s.is_empty()).collect();
        let separators = line.matches(sep).count();
        if separators >= 2 && items.len() >= 3 {
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
}
