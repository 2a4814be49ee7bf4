//! Skipping the runs of characters a scanner does not act on, several at a time. The sentence
//! split and the quote scan spend most of their time between the few characters they act on;
//! testing one character at a time (a branch each) was most of both stages.

/// The index of the first character at or after `from` for which `may_stop` holds, or
/// `chars.len()`. Eight characters are tested at a time, their answers joined with `|`, so
/// there is no branch per character and the compiler turns the test into vector compares.
/// `may_stop` must be cheap and branch-free itself: comparisons joined with `|`, not `||` or
/// `matches!`, which keep a branch per character.
#[inline(always)]
pub(crate) fn next_char_where(chars: &[char], from: usize, may_stop: impl Fn(char) -> bool + Copy) -> usize {
    let rest = chars.get(from..).unwrap_or_default();
    let mut at = from;
    for eight in rest.chunks_exact(8) {
        if eight.iter().fold(false, |any, &c| any | may_stop(c)) {
            break;
        }
        at += 8;
    }
    let rest = chars.get(at..).unwrap_or_default();
    at + rest.iter().position(|&c| may_stop(c)).unwrap_or(rest.len())
}

#[cfg(test)]
mod tests {
    use super::next_char_where;

    /// From every position of hand-made texts (around the eight-character steps, with stops at
    /// every place of a step), the skip lands where a plain search lands, for the predicates
    /// the scanners use.
    #[test]
    fn lands_on_the_first_character_where_the_predicate_holds() {
        let sentence_stop = |c: char| (c == '\n') | (c == '.') | (c == '!') | (c == '?');
        let quote_stop = |c: char| (c == '\n') | (c == '"') | (u32::from(c) > 0xAA);
        let mut texts: Vec<String> = [
            "",
            "abc",
            "no stop in this long text at all, long enough for several steps",
            "?!.\n?!.\nxx",
            "plain words «guillemets» “curly” „low“ and ª« and \u{a9}\u{aa}\u{ab} end",
            "ünïcödé 東京 text \"quoted\" and a line\n",
        ]
        .map(str::to_owned)
        .to_vec();
        for place in 0..17 {
            for stop in ['.', '"', '\n', '«'] {
                let mut text = "x".repeat(17);
                text.replace_range(place..=place, &stop.to_string());
                texts.push(text);
            }
        }
        for text in &texts {
            let chars: Vec<char> = text.chars().collect();
            for from in 0..=chars.len() {
                for predicate in [&sentence_stop as &dyn Fn(char) -> bool, &quote_stop] {
                    let want =
                        from + chars[from..].iter().position(|&c| predicate(c)).unwrap_or(chars.len() - from);
                    assert_eq!(next_char_where(&chars, from, predicate), want, "{text:?} from {from}");
                }
            }
        }
    }
}
