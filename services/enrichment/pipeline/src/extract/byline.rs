//! Bylines: clean "By Jane Doe and John Roe, Reuters | Updated 3 hours ago" into names.

use super::squash_ws;

/// Words that introduce a byline, lower case, with the following space.
const PREFIXES: &[&str] = &[
    "post author by ",
    "post author ",
    "author ",
    "autor ",
    "by ",
    "von ",
    "par ",
    "por ",
    "di ",
    "door ",
    "av ",
    "af ",
    "written by ",
    "posted by ",
    "author: ",
    "autor: ",
    "auteur: ",
    "text: ",
];

/// Words that label a date printed right after a byline; never part of a name (lower case).
const TRAILING_DATE_LABELS: &[&str] = &["datum", "date", "stand", "updated", "aktualisiert", "published"];

/// Clean a byline candidate; `None` when it does not look like names.
pub fn clean(raw: &str) -> Option<String> {
    let mut s = squash_ws(raw);
    loop {
        let lower = s.to_lowercase();
        let Some(prefix) = PREFIXES.iter().find(|p| lower.starts_with(*p)) else { break };
        s = s.chars().skip(prefix.chars().count()).collect::<String>().trim().to_owned();
    }
    // Cut trailing role/date/agency noise after a separator.
    for sep in [" | ", " - ", " – ", " — ", "\u{b7}", " / ", "\n"] {
        if let Some(pos) = s.find(sep)
            && pos > 0
        {
            s.truncate(pos);
        }
    }
    let mut s = s.trim().trim_matches(|c: char| c.is_ascii_punctuation() && c != '.').trim().to_owned();
    // A trailing label of the date that follows the name ("Jane Doe, Datum", "Jane Doe Stand").
    loop {
        let lower = s.to_lowercase();
        let Some(label) = TRAILING_DATE_LABELS.iter().find(|label| lower.ends_with(&format!(" {label}")))
        else {
            break;
        };
        let Some(head) = s.get(..s.len() - label.len()) else { break };
        s = head.trim_end().trim_end_matches([',', ';', ':', '|', '-']).trim_end().to_owned();
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 12 || s.chars().count() > 120 {
        return None;
    }
    // Labels and form fields that Readability's byline heuristics pick up.
    let lower = s.to_lowercase();
    const NOT_NAMES: &[&str] = &[
        "posted on",
        "published",
        "veröffentlicht",
        "publiziert",
        "erstellt",
        "no author",
        "name",
        "says",
        "comment",
        "kommentar",
        "designed",
        "updated",
        "aktualisiert",
        "follow",
        "sponsored",
        "gesponsert",
        "gesponserte inhalte",
        "advertisement",
        "anzeige",
        "link",
        "stand",
        "datum",
    ];
    if NOT_NAMES.iter().any(|w| {
        lower == *w
            || lower.starts_with(&format!("{w} "))
            || lower.ends_with(&format!(" {w}"))
            || lower.contains(&format!("{w} ("))
    }) || s.contains('(')
    {
        return None;
    }
    if s.contains("://") || s.contains('@') || s.chars().filter(char::is_ascii_digit).count() > 2 {
        return None;
    }
    // Names start with a capital letter (for scripts with case).
    let first = s.chars().next()?;
    if first.is_lowercase() {
        return None;
    }
    Some(s)
}

/// Does this short line read as a byline ("By Jane Doe")?
pub fn from_line(line: &str) -> Option<String> {
    let lower = line.trim().to_lowercase();
    if PREFIXES.iter().any(|p| lower.starts_with(p)) && line.split_whitespace().count() <= 10 {
        clean(line)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_bylines() {
        assert_eq!(clean("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("  by  Jane Doe | Updated 2 hours ago").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("Von Hans Müller").as_deref(), Some("Hans Müller"));
        assert_eq!(clean("https://example.org/author/x"), None);
        assert_eq!(from_line("By Jane Doe and John Roe").as_deref(), Some("Jane Doe and John Roe"));
        assert_eq!(
            from_line("Bystanders said the fire was huge and spread over many houses quickly today"),
            None
        );
        assert_eq!(clean(""), None);
        assert_eq!(clean("Follow"), None);
        assert_eq!(clean("Jane Doe , Datum").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("Jane Doe Stand").as_deref(), Some("Jane Doe"));
        assert_eq!(clean("Stand"), None);
        assert_eq!(clean("link"), None);
    }
}
