//! Alias helpers: fuzzy token comparison and initialisms.

/// Levenshtein distance between two words (characters), capped at `cap + 1`.
pub fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > cap {
            return cap + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(cap + 1)
}

/// Two name tokens are the same name up to a small misspelling: equal, or within one edit
/// for words of 5+ letters (two for 9+), sharing the first letter.
pub fn same_name_token(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let n = a.chars().count().min(b.chars().count());
    if n < 5 || a.chars().next() != b.chars().next() {
        return false;
    }
    let cap = if n >= 9 { 2 } else { 1 };
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
}
