//! Pasted text: drop navigation runs and share/related footers, find headline, byline,
//! dateline or section, and date; body = paragraphs separated by a blank line.

use super::{Extracted, boilerplate, byline, date, squash_ws};

/// Longest headline, in characters.
const MAX_HEADLINE_CHARS: usize = 200;
/// Longest headline, in words.
const MAX_HEADLINE_WORDS: usize = 30;

/// Extract a story from pasted text.
pub fn extract(content: &str, url: Option<&str>) -> Extracted {
    let mut out = Extracted::default();
    let mut paras = paragraphs(content);

    // Navigation runs and stand-alone boilerplate lines go; a late "Related News" heading
    // takes everything after it.
    paras.retain(|p| !boilerplate::is_navigation_run(p));
    let total: usize = paras.iter().map(|p| p.chars().count()).sum();
    let mut seen = 0usize;
    let mut cut = paras.len();
    for (i, p) in paras.iter().enumerate() {
        if seen * 2 >= total && boilerplate::is_tail_heading(p) {
            cut = i;
            break;
        }
        seen += p.chars().count();
    }
    paras.truncate(cut);
    paras.retain(|p| !boilerplate::is_boilerplate_line(p));

    // Leading metadata lines: headline, byline, date.
    let mut body_start = 0;
    while body_start < paras.len() && body_start < 4 {
        let p = &paras[body_start];
        if out.byline.is_none()
            && let Some(name) = byline::from_line(p)
        {
            out.byline = Some(name);
            body_start += 1;
            continue;
        }
        if out.published_at.is_none() && is_date_line(p) {
            out.published_at = date::find_in_text(p);
            body_start += 1;
            continue;
        }
        let more_follows = paras.len() > body_start + 1;
        if out.headline.is_none() && body_start == 0 && more_follows && is_headline(p) {
            out.headline = Some(p.clone());
            body_start += 1;
            continue;
        }
        break;
    }
    let mut body: Vec<String> = paras.split_off(body_start.min(paras.len()));

    // Dateline or section at the start of the first body paragraph.
    if let Some(first) = body.first_mut() {
        if let Some((label, rest)) = split_section(first) {
            out.section = Some(label);
            *first = rest;
        } else if let Some((dl, rest)) = split_dateline(first) {
            if out.published_at.is_none() {
                out.published_at = date::find_in_text(&dl);
            }
            out.dateline = Some(dl);
            *first = rest;
        }
    }
    body.retain(|p| !p.is_empty());
    // A byline right after the dateline paragraph, e.g. when the headline is followed by it.
    if out.byline.is_none()
        && let Some(pos) = body.iter().take(2).position(|p| byline::from_line(p).is_some())
    {
        out.byline = byline::from_line(&body[pos]);
        body.remove(pos);
    }
    if out.published_at.is_none() {
        out.published_at = url.and_then(date::from_url);
    }
    out.body_text = body.join("\n\n");
    out
}

/// Split into paragraphs: each non-empty line, except hard-wrapped lines (no sentence end,
/// next line starts in lower case) which are joined.
fn paragraphs(content: &str) -> Vec<String> {
    let mut paras: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_blank = true;
    for raw in content.lines() {
        let line = squash_ws(raw);
        if line.is_empty() {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
            previous_blank = true;
            continue;
        }
        let continues = !previous_blank
            && !current.is_empty()
            && !current.ends_with(['.', '!', '?', ':', '"', '”', '»'])
            && line.chars().next().is_some_and(char::is_lowercase);
        if continues {
            current.push(' ');
            current.push_str(&line);
        } else {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
            current = line;
        }
        previous_blank = false;
    }
    if !current.is_empty() {
        paras.push(current);
    }
    paras
}

/// A headline: short, not a sentence ending in a full stop, has letters.
fn is_headline(p: &str) -> bool {
    let chars = p.chars().count();
    let words = p.split_whitespace().count();
    (2..=MAX_HEADLINE_CHARS).contains(&chars)
        && words <= MAX_HEADLINE_WORDS
        && !p.ends_with('.')
        && !p.ends_with(':')
        && p.chars().any(char::is_alphabetic)
}

/// A line that is only a date (with words such as "Published", "Updated").
fn is_date_line(p: &str) -> bool {
    p.chars().count() <= 60 && date::find_in_text(p).is_some() && p.split_whitespace().count() <= 8
}

/// `"INTERNATIONAL: The differences…"` → `("INTERNATIONAL", "The differences…")`: an upper-case
/// label of one to three words before a colon.
fn split_section(p: &str) -> Option<(String, String)> {
    let (label, rest) = p.split_once(':')?;
    let label = label.trim();
    let words = label.split_whitespace().count();
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let upper = label.chars().all(|c| !c.is_lowercase());
    let rest = rest.trim();
    if (1..=3).contains(&words)
        && letters >= 3
        && upper
        && rest.chars().count() > 20
        && !label.chars().any(|c| c.is_ascii_digit())
    {
        Some((label.to_owned(), rest.to_owned()))
    } else {
        None
    }
}

/// `"DALLAS (AP) — The…"` → `("DALLAS (AP)", "The…")`: an upper-case place, optionally with a
/// date and an agency in parentheses, before a dash.
fn split_dateline(p: &str) -> Option<(String, String)> {
    let head: String = p.chars().take(80).collect();
    let (pos, dash_len) = [" — ", " – ", " - ", "—", " -- "]
        .iter()
        .filter_map(|d| head.find(d).map(|pos| (pos, d.len())))
        .min_by_key(|(pos, _)| *pos)?;
    let label = p.get(..pos)?.trim();
    let rest = p.get(pos + dash_len..)?.trim();
    // The place (before any comma or parenthesis) is in capitals.
    let place: String = label.chars().take_while(|c| *c != ',' && *c != '(').collect();
    let place = place.trim();
    let place_letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let place_upper = place_letters >= 2 && place.chars().all(|c| !c.is_lowercase());
    let has_agency = label.contains('(') && label.ends_with(')');
    let words = label.split_whitespace().count();
    if place_upper
        && (1..=10).contains(&words)
        && rest.chars().count() > 20
        && (has_agency || place.split_whitespace().count() <= 3)
    {
        Some((label.to_owned(), rest.to_owned()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Home | Markets | Weather Warning Issued for Coast | City Council Approves Budget |\n\n\
        Harbour Bridge Reopens After Two-Year Repair\n\n\
        LOCAL: The harbour bridge reopened to traffic on Monday after a repair that took two years and cost more than planned.\n\n\
        Engineers said the new deck would last fifty years.\n\n\
        \"We are proud of the crews,\" the mayor said.\n\n\n\
        Related News\n\
        Ferry Timetable Changes Next Month\n";

    #[test]
    fn seed_shaped_story() {
        let out = extract(STORY, None);
        assert_eq!(out.headline.as_deref(), Some("Harbour Bridge Reopens After Two-Year Repair"));
        assert_eq!(out.section.as_deref(), Some("LOCAL"));
        assert!(out.body_text.starts_with("The harbour bridge reopened"), "{}", out.body_text);
        assert!(!out.body_text.contains("Markets"));
        assert!(!out.body_text.contains("Related News"));
        assert!(!out.body_text.contains("Ferry"));
        assert_eq!(out.body_text.split("\n\n").count(), 3);
    }

    #[test]
    fn dateline_and_byline() {
        let text = "Storm Hits Texas\nBy Jane Doe\nMarch 4, 2021\n\nDALLAS (AP) — A storm swept across north Texas on Thursday, cutting power.\n\nMore rain is expected.\n\nShare this article";
        let out = extract(text, None);
        assert_eq!(out.headline.as_deref(), Some("Storm Hits Texas"));
        assert_eq!(out.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(out.published_at.as_deref(), Some("2021-03-04"));
        assert_eq!(out.dateline.as_deref(), Some("DALLAS (AP)"));
        assert!(out.body_text.starts_with("A storm swept"));
        assert!(!out.body_text.contains("Share this"));
    }

    #[test]
    fn plain_paragraph_has_no_headline() {
        let out = extract("Just one paragraph of text that ends here.", None);
        assert_eq!(out.headline, None);
        assert_eq!(out.body_text, "Just one paragraph of text that ends here.");
    }

    #[test]
    fn cjk_and_odd_text() {
        let out =
            extract("新闻标题\n\n北京（新华社）— 这是正文，这里有足够长的内容来测试。\n\n第二段。", None);
        assert_eq!(out.headline.as_deref(), Some("新闻标题"));
        assert!(out.body_text.contains("第二段"));
        let _ = extract("— — —\n: : :\n(AP) —", None);
        let _ = extract(
            "A:\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}",
            None,
        );
    }
}
