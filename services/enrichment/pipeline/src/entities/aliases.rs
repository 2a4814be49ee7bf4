//! Alias helpers: fuzzy token comparison and initialisms.

/// Levenshtein distance between two words (characters), capped at `cap + 1`.
pub fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    capped_levenshtein(a.len(), b.len(), |i, j| a[i] == b[j], cap)
}

/// Levenshtein distance, capped at `cap + 1`, between two sequences of lengths `a_len` and
/// `b_len` whose elements `same(i, j)` compares: shared by [`edit_distance`] (characters) and
/// the ASCII path of [`same_name_token`] (bytes compared ignoring case, no lower-cased copies).
fn capped_levenshtein(a_len: usize, b_len: usize, same: impl Fn(usize, usize) -> bool, cap: usize) -> usize {
    if a_len.abs_diff(b_len) > cap {
        return cap + 1;
    }
    // Name tokens are short: their two rows live on the stack (two vectors per comparison
    // were most of its cost).
    const STACK_ROW: usize = 32;
    if b_len < STACK_ROW {
        let mut prev = [0usize; STACK_ROW];
        let mut cur = [0usize; STACK_ROW];
        return levenshtein_rows(a_len, &same, cap, &mut prev[..=b_len], &mut cur[..=b_len]);
    }
    let mut prev = vec![0; b_len + 1];
    let mut cur = vec![0; b_len + 1];
    levenshtein_rows(a_len, &same, cap, &mut prev, &mut cur)
}

/// The rows of [`capped_levenshtein`] in the given buffers (`b_len + 1` long each).
fn levenshtein_rows(
    a_len: usize,
    same: &impl Fn(usize, usize) -> bool,
    cap: usize,
    prev: &mut [usize],
    cur: &mut [usize],
) -> usize {
    let b_len = prev.len() - 1;
    let (mut prev, mut cur) = (prev, cur);
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j;
    }
    // Only the band of cells within `cap` of the diagonal is computed: a distance up to
    // `cap` never leaves it, and the cells just outside hold `cap + 1` ("too far"), so the
    // capped result is the full table's.
    let too_far = cap + 1;
    for i in 1..=a_len {
        cur[0] = i;
        let mut row_min = cur[0];
        let low = i.saturating_sub(cap).max(1);
        let high = (i + cap).min(b_len);
        if low > 1 {
            cur[low - 1] = too_far;
        }
        for j in low..=high {
            let cost = usize::from(!same(i - 1, j - 1));
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if high < b_len {
            cur[high + 1] = too_far;
        }
        if row_min > cap {
            return cap + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b_len].min(cap + 1)
}

/// Two name tokens are the same name up to a small misspelling: equal, or within one edit
/// for words of 5+ letters (two for 9+), sharing the first letter. The first letters are
/// compared before the letters are counted (most pairs differ there), and ASCII pairs are
/// compared byte by byte ignoring case (lower case keeps an ASCII word's length).
pub fn same_name_token(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.chars().next() != b.chars().next() {
        return false;
    }
    let n = a.chars().count().min(b.chars().count());
    if n < 5 {
        return false;
    }
    let cap = if n >= 9 { 2 } else { 1 };
    if a.is_ascii() && b.is_ascii() {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        return capped_levenshtein(a.len(), b.len(), |i, j| a[i].eq_ignore_ascii_case(&b[j]), cap) <= cap;
    }
    edit_distance(&a.to_lowercase(), &b.to_lowercase(), cap) <= cap
}

/// Initials of a multi-word name, skipping lowercase connectors: "World Health Organisation" → "WHO".
pub fn initials(words: &[&str]) -> String {
    words.iter().filter_map(|w| w.chars().next()).filter(|c| c.is_uppercase()).collect()
}

/// Initials of a multi-word name that keeps its numbers whole: "Movimento 5 Stelle" → "M5S".
pub fn initials_with_numbers(words: &[&str]) -> String {
    words
        .iter()
        .filter_map(|w| {
            if w.chars().all(|c| c.is_ascii_digit()) {
                return Some(w.to_string());
            }
            w.chars().next().filter(|c| c.is_uppercase()).map(String::from)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_names() {
        assert!(same_name_token("Stoltenber", "Stoltenberg"));
        assert!(same_name_token("Stoltenburg", "Stoltenberg"));
        assert!(!same_name_token("Smith", "Smyth2x"));
        assert!(!same_name_token("Bush", "Rush"));
        assert_eq!(initials(&["World", "Health", "Organisation"]), "WHO");
        assert_eq!(initials_with_numbers(&["Movimento", "5", "Stelle"]), "M5S");
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
    }

    /// The stack rows (short words) and the heap rows (words of 32 characters or more) give
    /// the plain Levenshtein distance, capped.
    #[test]
    fn capped_distance_matches_a_plain_levenshtein() {
        fn plain(a: &[char], b: &[char]) -> usize {
            let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
            for (i, row) in rows.iter_mut().enumerate() {
                row[0] = i;
            }
            for (j, cell) in rows[0].iter_mut().enumerate() {
                *cell = j;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    let cost = usize::from(a[i - 1] != b[j - 1]);
                    rows[i][j] = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
                }
            }
            rows[a.len()][b.len()]
        }
        let long = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        let words = [
            "kitten",
            "sitting",
            "Stoltenberg",
            "Stoltnberg",
            long,
            &long[1..],
            "Pneumonoultramicroscopicsilicovolcanoconiosys",
            "",
            "abcdef",
            "abdcef",
            "bcdefa",
            "aaaaaa",
            "aaa",
            "xabcdefy",
        ];
        for a in words {
            for b in words {
                let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for cap in [0, 1, 2, 5, 50] {
                    assert_eq!(edit_distance(a, b, cap), plain(&ac, &bc).min(cap + 1), "{a} {b} {cap}");
                }
            }
        }
    }

    /// The ASCII path (bytes compared ignoring case) agrees with comparing lower-cased copies.
    #[test]
    fn ascii_comparison_matches_lowercased_copies() {
        let reference = |a: &str, b: &str| {
            let n = a.chars().count().min(b.chars().count());
            let cap = if n >= 9 { 2 } else { 1 };
            a == b
                || (n >= 5
                    && a.chars().next() == b.chars().next()
                    && edit_distance(&a.to_lowercase(), &b.to_lowercase(), cap) <= cap)
        };
        let words = [
            "STOLTENBERG",
            "Stoltenberg",
            "StoltenBerg",
            "Stoltenbergs",
            "Stoltnberg",
            "Smith",
            "SMYTH",
            "Okonjo-Iweala",
            "Okonjo-iweal",
            "Ölander",
            "Olander",
        ];
        for a in words {
            for b in words {
                assert_eq!(same_name_token(a, b), reference(a, b), "{a} {b}");
            }
        }
    }
}
