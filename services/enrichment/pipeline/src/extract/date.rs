//! Publication dates: normalise what pages and texts say into RFC 3339 or `YYYY-MM-DD`.

use chrono::{DateTime, NaiveDate};

/// Earliest and latest plausible years for a news story.
const MIN_YEAR: i32 = 1990;
const MAX_YEAR: i32 = 2100;

/// Month names (lower case, several languages, with common abbreviations) → month number.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("janv", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("mrz", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("avr", 4),
    ("abril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("juil", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
];

/// Normalise a machine-readable date (meta tag, JSON-LD, `<time datetime>`): RFC 3339 instants
/// are kept (re-serialised), anything else that starts with a date becomes `YYYY-MM-DD`.
pub fn normalise_machine(value: &str) -> Option<String> {
    let value = value.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(value) {
        return plausible(instant.date_naive()).then(|| instant.to_rfc3339());
    }
    // "2021-03-04 10:00:00", "2021-03-04T10:00", "20210304": keep the date.
    let digits: String = value.chars().take(10).collect();
    if let Ok(date) = NaiveDate::parse_from_str(&digits, "%Y-%m-%d") {
        return plausible(date).then(|| date.format("%Y-%m-%d").to_string());
    }
    if let Ok(date) = NaiveDate::parse_from_str(&digits, "%Y/%m/%d") {
        return plausible(date).then(|| date.format("%Y-%m-%d").to_string());
    }
    let compact: String = value.chars().take(8).collect();
    if compact.len() == 8
        && compact.bytes().all(|b| b.is_ascii_digit())
        && let Ok(date) = NaiveDate::parse_from_str(&compact, "%Y%m%d")
    {
        return plausible(date).then(|| date.format("%Y-%m-%d").to_string());
    }
    find_in_text(value)
}

fn plausible(date: NaiveDate) -> bool {
    use chrono::Datelike as _;
    (MIN_YEAR..=MAX_YEAR).contains(&date.year())
}

fn ymd(year: i64, month: i64, day: i64) -> Option<String> {
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )?;
    plausible(date).then(|| date.format("%Y-%m-%d").to_string())
}

/// A date in a URL path: `/2019/05/12/`, `/2019-05-12`, `/20190512`.
pub fn from_url(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let tokens: Vec<&str> = path.split(['/', '-', '_', '.']).collect();
    for window in tokens.windows(3) {
        if let [y, m, d] = window
            && y.len() == 4
            && (1..=2).contains(&m.len())
            && (1..=2).contains(&d.len())
            && let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse())
            && let Some(date) = ymd(y, m, d)
        {
            return Some(date);
        }
    }
    tokens.iter().find_map(|t| {
        (t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit())).then(|| normalise_machine(t)).flatten()
    })
}

/// One token of a date-ish text.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(i64, usize),
    Month(u32),
    Sep(char),
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut n = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() && n.len() < 9 {
                    n.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            toks.push(Tok::Num(n.parse().unwrap_or(0), n.len()));
        } else if c.is_alphabetic() {
            let mut w = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_alphabetic() {
                    w.extend(d.to_lowercase());
                    chars.next();
                } else {
                    break;
                }
            }
            match MONTHS.iter().find(|(name, _)| *name == w) {
                Some(&(_, m)) => toks.push(Tok::Month(m)),
                None => toks.push(Tok::Sep('w')),
            }
        } else {
            chars.next();
            if !c.is_whitespace() {
                toks.push(Tok::Sep(c));
            }
        }
    }
    toks
}

fn year_of(n: i64, len: usize) -> Option<i64> {
    (len == 4).then_some(n)
}

/// The first date written in `text` in a common human form: `2021-03-04`, `04.03.2021`,
/// `03/04/2021` (US order unless the first number is > 12), `March 4, 2021`, `4 March 2021`,
/// `4. März 2021`, `Mar. 4 2021`.
pub fn find_in_text(text: &str) -> Option<String> {
    // Every form below holds a number: text without an ASCII digit (most lines) has no date,
    // answered before the tokens are built.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let toks = tokenize(text);
    let num = |i: usize| match toks.get(i) {
        Some(Tok::Num(n, l)) => Some((*n, *l)),
        _ => None,
    };
    let month = |i: usize| match toks.get(i) {
        Some(Tok::Month(m)) => Some(i64::from(*m)),
        _ => None,
    };
    let sep = |i: usize| match toks.get(i) {
        Some(Tok::Sep(c)) => Some(*c),
        _ => None,
    };
    // Skip one punctuation token (".", ",") at i; return the next index.
    let skip_punct = |i: usize| if matches!(sep(i), Some('.' | ',')) { i + 1 } else { i };
    for i in 0..toks.len() {
        // Numeric: Y-M-D, D.M.Y, M/D/Y.
        if let (Some((a, la)), Some(s1), Some((b, lb)), Some(s2), Some((c, lc))) =
            (num(i), sep(i + 1), num(i + 2), sep(i + 3), num(i + 4))
            && s1 == s2
            && matches!(s1, '-' | '.' | '/')
            && lb <= 2
        {
            let found = if let Some(y) = year_of(a, la) {
                ymd(y, b, c)
            } else if let Some(y) = year_of(c, lc) {
                if s1 == '/' && a <= 12 { ymd(y, a, b) } else { ymd(y, b, a) }
            } else {
                None
            };
            if found.is_some() {
                return found;
            }
        }
        // Day Month Year: "4 March 2021", "4. März 2021", "4 mars, 2021".
        if let Some((d, ld)) = num(i)
            && ld <= 2
            && let Some(m) = month(skip_punct(i + 1))
            && let Some((y, ly)) = num(skip_punct(skip_punct(i + 1) + 1))
            && let Some(y) = year_of(y, ly)
            && let Some(date) = ymd(y, m, d)
        {
            return Some(date);
        }
        // Month Day, Year: "March 4, 2021", "Mar. 4 2021".
        if let Some(m) = month(i)
            && let Some((d, ld)) = num(skip_punct(i + 1))
            && ld <= 2
            && let Some((y, ly)) = num(skip_punct(skip_punct(i + 1) + 1))
            && let Some(y) = year_of(y, ly)
            && let Some(date) = ymd(y, m, d)
        {
            return Some(date);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_dates() {
        assert_eq!(
            normalise_machine("2021-03-04T10:00:00+01:00").as_deref(),
            Some("2021-03-04T10:00:00+01:00")
        );
        assert_eq!(normalise_machine("2021-03-04 10:00").as_deref(), Some("2021-03-04"));
        assert_eq!(normalise_machine("20210304").as_deref(), Some("2021-03-04"));
        assert_eq!(normalise_machine("nonsense"), None);
        assert_eq!(normalise_machine("0001-01-01"), None);
    }

    #[test]
    fn human_dates() {
        assert_eq!(find_in_text("Published March 4, 2021 at 10am").as_deref(), Some("2021-03-04"));
        assert_eq!(find_in_text("4. März 2021").as_deref(), Some("2021-03-04"));
        assert_eq!(find_in_text("Mis à jour le 4 mars 2021").as_deref(), Some("2021-03-04"));
        assert_eq!(find_in_text("04.03.2021").as_deref(), Some("2021-03-04"));
        assert_eq!(find_in_text("03/04/2021").as_deref(), Some("2021-03-04"));
        assert_eq!(find_in_text("Jan. 5, 2022").as_deref(), Some("2022-01-05"));
        assert_eq!(find_in_text("no date here 12345"), None);
        assert_eq!(find_in_text("March the fourth, twenty twenty-one"), None);
        assert_eq!(find_in_text(""), None);
    }

    #[test]
    fn url_dates() {
        assert_eq!(from_url("https://x.org/2019/05/12/story").as_deref(), Some("2019-05-12"));
        assert_eq!(from_url("https://x.org/news/2019-05-12-story.html").as_deref(), Some("2019-05-12"));
        assert_eq!(from_url("https://x.org/a/b"), None);
    }
}
