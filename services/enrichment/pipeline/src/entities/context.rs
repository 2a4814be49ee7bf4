//! Cues around a name that hint at its type: roles in apposition, organisation contexts
//! ("Veritasia officials", "members of X"), place contexts ("Palo Alto, California").

use super::lexicon::{
    is_hyphenated_given_name, is_membership_word, is_org_word, is_organisation_class_noun,
    is_organisation_follower, is_place_word, is_title, lexicon,
};
use super::tokens::Token;

/// Place cues around the name in tokens [a, b): right after "near" ("near Lakeview") or
/// "next to", after "at" behind a university's name ("University of X at Chapel Hill"),
/// after a settlement noun and "of" ("the town of Yeoncheon"), or followed by a comma and a
/// known place ("Palo Alto, California", "in Kanata, Ontario on Monday"). ("in X" is not
/// enough: "in Counter-Strike", "in World Cup matches".)
pub(super) fn has_place_context(toks: &[Token], a: usize, b: usize, prev_word: Option<usize>) -> bool {
    if prev_word.is_some_and(|k| k + 1 == a && matches!(toks[k].text, "near" | "outside")) {
        return true;
    }
    // "next to Genova".
    if a >= 2 && toks[a - 1].text == "to" && toks[a - 2].text == "next" {
        return true;
    }
    // "University of North Carolina at Chapel Hill": the campus of a university.
    if a >= 2
        && toks[a - 1].text == "at"
        && (a.saturating_sub(8)..a - 1).any(|k| matches!(toks[k].text, "University" | "College"))
        && toks[a - 2].is_capitalised()
    {
        return true;
    }
    if a >= 2
        && toks[a - 1].text == "of"
        && matches!(
            toks[a - 2].text,
            "town" | "city" | "village" | "villages" | "towns" | "cities" | "suburb" | "province" | "county"
        )
    {
        return true;
    }
    let after_article = prev_word.is_some_and(|k| k + 1 == a && matches!(toks[k].text, "the" | "The"));
    !after_article
        && toks.get(b).is_some_and(|t| t.text == ",")
        && toks.get(b + 1).is_some_and(|t| t.is_word() && lexicon().places.contains(t.text))
        && toks.get(b + 2).is_none_or(|t| !t.is_word() || !t.is_capitalised())
}

/// A multi-word name in apposition to a role: "the team's coach, Zorvan Quillet," or
/// "Zorvan Quillet, the team's coach". Known places and organisations are left out
/// ("Ghana, the coach said").
pub(super) fn is_appositive_of_role(toks: &[Token], a: usize, b: usize, text: &str) -> bool {
    let lex = lexicon();
    if b - a < 2
        || lex.places.contains(text)
        || lex.organisations.contains(text)
        || (a..b).any(|k| is_org_word(toks[k].text) || is_place_word(toks[k].text))
    {
        return false;
    }
    let lower_role = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.is_word() && t.text.chars().next().is_some_and(char::is_lowercase) && is_title(t.text)
        })
    };
    // Role, comma, name.
    if a >= 2 && toks[a - 1].text == "," && lower_role(a - 2) {
        return true;
    }
    // Name, comma, (the|a|an|his|her|its) …role within three words.
    if toks.get(b).is_some_and(|t| t.text == ",")
        && toks
            .get(b + 1)
            .is_some_and(|t| matches!(t.text, "the" | "a" | "an" | "his" | "her" | "its" | "their"))
    {
        return (b + 2..b + 5).any(|k| lower_role(k) && toks[b + 2..k].iter().all(|t| t.is_word()));
    }
    false
}

/// Organisation cues around the name in tokens [a, b): a following role noun, a preceding
/// membership word, a person's affiliation ("Chan Ka-lok of Civic Dawn"), or a
/// possessive before a person's name ("Newvoice's Lam Siu-ming").
pub(super) fn has_organisation_context(toks: &[Token], a: usize, b: usize, prev_word: Option<usize>) -> bool {
    let lex = lexicon();
    if !toks[b - 1].possessive && toks.get(b).is_some_and(|t| t.is_word() && is_organisation_follower(t.text))
    {
        return true;
    }
    if is_possessive_before_person(toks, b) {
        return true;
    }
    let Some(k) = prev_word else { return false };
    // Skip "the" in "members of the Crimson Order".
    let (k, skipped_the) =
        if toks[k].text == "the" && k > 0 && k + 1 == a { (k - 1, true) } else { (k, false) };
    if !(k + 1 == a || (skipped_the && k + 2 == a)) {
        return false;
    }
    let w = toks[k].text;
    if is_membership_word(w) && !matches!(w, "head") {
        return true;
    }
    // "the secularist magazine MicroMega", "US team Cloud9": a class noun in apposition.
    if k + 1 == a && is_organisation_class_noun(w) {
        return true;
    }
    // "US team Cloud9 and Immortals": the class noun covers the names joined to the first.
    if k + 1 == a && w == "and" {
        let mut s = k;
        while s > 0 && k - s < 4 && toks[s - 1].is_word() && toks[s - 1].is_capitalised() {
            s -= 1;
        }
        if s < k && s > 0 && is_organisation_class_noun(toks[s - 1].text) {
            return true;
        }
    }
    if w == "of" && k > 0 {
        let before = &toks[k - 1];
        if before.is_word() && is_membership_word(&before.text.to_lowercase()) {
            return true;
        }
        // "<Given Family> of X": a person's affiliation.
        if k >= 2
            && before.is_word()
            && before.is_capitalised()
            && toks[k - 2].is_word()
            && lex.first_names.contains(toks[k - 2].text)
        {
            return true;
        }
        if k >= 2 && before.is_word() && is_hyphenated_given_name(before.text) {
            return true;
        }
    }
    false
}

/// The name ending at token `b` is a possessive before a person's name: "Newvoice's Lam
/// Siu-ming", "Civic Dawn's Mary Lee" (an organisation's member). A cue strong enough to
/// type even a sentence-initial word.
pub(super) fn is_possessive_before_person(toks: &[Token], b: usize) -> bool {
    if b == 0 || !toks[b - 1].possessive {
        return false;
    }
    let lex = lexicon();
    let given_name_next = toks
        .get(b)
        .is_some_and(|t| t.is_word() && lex.first_names.contains(t.text) && !lex.places.contains(t.text));
    let romanised_next = toks.get(b + 1).is_some_and(|t| t.is_word() && is_hyphenated_given_name(t.text));
    toks.get(b).is_some_and(|t| t.is_word() && t.is_capitalised())
        && (given_name_next || romanised_next)
        && toks.get(b + 1).is_some_and(|t| t.is_word() && t.is_capitalised())
}

/// The name ending at token `b` is a possessive before the name of a body or building:
/// "the Smithsonian's National Air and Space Museum", "Acme's Research Council". Such an
/// owner is an organisation (known places are typed before this cue is used).
pub(super) fn is_possessive_before_body(toks: &[Token], b: usize) -> bool {
    /// The longest name searched for its head word.
    const MAX_NAME_WORDS: usize = 8;
    if b == 0 || !toks[b - 1].possessive {
        return false;
    }
    let mut k = b;
    while k < toks.len() && k < b + MAX_NAME_WORDS && toks[k].is_word() && !toks[k].newline_before {
        let w = toks[k].text;
        if !(toks[k].is_capitalised() || matches!(w, "of" | "and" | "for")) {
            return false;
        }
        if is_org_word(w) || is_place_word(w) {
            return k > b || toks.get(k + 1).is_some_and(|t| t.is_word() && t.is_capitalised());
        }
        k += 1;
    }
    false
}
