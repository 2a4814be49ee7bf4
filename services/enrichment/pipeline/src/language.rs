//! Language identification, ISO 639-1.
//!
//! Two layers:
//! - Text mostly in a script that many languages share (Latin, Cyrillic, Arabic, Devanagari) is
//!   scored by character n-gram models (orders 1–5) of the languages written in that script
//!   ([`ngrams`], built from lingua's models, Apache-2.0).
//! - Other scripts (Han, kana, Hangul, Greek, Hebrew, Thai, Indic, …) and the few languages the
//!   n-gram models lack (Javanese, Akan, Turkmen, Uzbek, Nepali) go to `whatlang` (MIT, trigram
//!   profiles and script detection).
//!
//! Always a best guess when the text has letters: callers that have a better hint (such as
//! `<html lang>`) use it only when this returns `None`.

mod ngrams;

use ngrams::Script;
use whatlang::Lang;

/// At most this many characters of a text are looked at: plenty for a language and fast.
const SAMPLE_CHARS: usize = 1000;

/// A longer text is first judged on this many characters; the full sample is read only
/// when that look is not decisive (it is for nearly every news story in one language, and
/// language identification was a quarter of the pipeline's time on wire copy).
const FIRST_LOOK_CHARS: usize = 300;

/// Lead in log-likelihood (nats, over the first look) of the best language over the
/// runner-up that makes the first look final: a likelihood ratio of e^40, where close
/// pairs (Danish / Norwegian, Croatian / Serbian / Bosnian) stay far below it and go on
/// to the full sample.
const DECISIVE_LEAD: f64 = 40.0;

/// ISO 639-1 code of `text`'s language; `None` when the text has no letters.
pub fn detect(text: &str) -> Option<String> {
    // The byte offsets of the characters: the first look and the sample are prefixes of
    // `text` (collecting the sample into a `String` copied up to 1,000 characters).
    let mut offsets = text.char_indices().map(|(at, _)| at);
    let first_look_end = offsets.nth(FIRST_LOOK_CHARS).unwrap_or(text.len());
    if first_look_end == text.len() {
        return detect_in(text, None);
    }
    if let Some(code) = detect_in(text.get(..first_look_end).unwrap_or(text), Some(DECISIVE_LEAD)) {
        return Some(code);
    }
    let sample_end = offsets.nth(SAMPLE_CHARS - FIRST_LOOK_CHARS - 1).unwrap_or(text.len());
    detect_in(text.get(..sample_end).unwrap_or(text), None)
}

/// The language of `sample`; with `required_lead`, `None` also when the best language is
/// not that far ahead of the next one.
fn detect_in(sample: &str, required_lead: Option<f64>) -> Option<String> {
    if !sample.chars().any(is_letter) {
        return None;
    }
    if let Some(script) = dominant_script(sample) {
        let words = words_in(sample, script);
        if let Some(ngrams::Ranking { best, best_score, runner_up_score }) =
            ngrams::rank(words.iter(), script)
        {
            if let Some(required) = required_lead {
                let letters = words.letters.len();
                if (best_score - runner_up_score) * (letters as f64) < required {
                    return None;
                }
            }
            // Languages of this script that only whatlang knows. A text one of the models fits
            // well is in a modelled language, and whatlang (a tenth of the pipeline's time on
            // wire copy) need not be asked.
            let well_fitted = best_score >= WELL_FITTED
                && script != Script::Devanagari
                && !SHARES_WITH_WHATLANG_ONLY.contains(&best);
            if !well_fitted && let Some(info) = whatlang::detect(sample) {
                let code = iso639_1(info.lang());
                // Nepali shares Devanagari with Hindi and Marathi: whatlang's trigrams tell it
                // apart in a sentence, not in a couple of words.
                let letters = sample.chars().filter(|&c| is_letter(c)).count();
                let trusted = info.is_reliable() || (code == "ne" && letters >= NEPALI_MIN_LETTERS);
                if WHATLANG_ONLY.contains(&code) && trusted {
                    return Some(code.to_owned());
                }
            }
            return Some(best.to_owned());
        }
    }
    let info = whatlang::detect(sample)?;
    if required_lead.is_some() && !info.is_reliable() {
        return None;
    }
    Some(iso639_1(info.lang()).to_owned())
}

/// Average log probability per letter (nats) from which the best n-gram model is taken to fit
/// the text: a sentence in a modelled language scores -1.6 to -2.5 under its own model, while
/// Javanese, Akan, Uzbek and Turkmen (no model) score -3.4 to -4.8 under their nearest one
/// (Indonesian, Swahili, Azerbaijani, Turkish). Devanagari is exempt: without vowel signs its
/// models fit Hindi and Marathi no better than Nepali; so is [`SHARES_WITH_WHATLANG_ONLY`].
const WELL_FITTED: f64 = -2.9;

/// Modelled languages whose vocabulary a whatlang-only language largely shares, so that a text
/// in it can fit their model well: Javanese borrows much of Indonesian's.
const SHARES_WITH_WHATLANG_ONLY: &[&str] = &["id"];

/// Letters from which whatlang's "Nepali" is trusted.
const NEPALI_MIN_LETTERS: usize = 30;

/// whatlang languages without an n-gram model, in the scripts the n-gram models cover.
const WHATLANG_ONLY: &[&str] = &["jv", "ak", "tk", "uz", "ne"];

/// `char::is_alphabetic`, answered without the Unicode table search for the letters most
/// texts are written in: ASCII, Latin-1 and Latin Extended-A/B (all letters but '×' and '÷'),
/// U+0300–U+10FF by a bit table (Greek, Cyrillic, Hebrew, Arabic, the Indic scripts, Thai…),
/// the CJK ideographs and Hangul syllables, and the General Punctuation block (no letters).
/// The table search, some 300 instructions a character, was a tenth of language
/// identification on short texts in other scripts.
fn is_letter(c: char) -> bool {
    match u32::from(c) {
        0..=0x7F => c.is_ascii_alphabetic(),
        0xC0..=0x24F => c != '×' && c != '÷',
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => true,
        0x2000..=0x206F => false,
        _ => crate::letter_table::alphabetic(c).unwrap_or_else(|| c.is_alphabetic()),
    }
}

/// Which script group a character belongs to, if any of the n-gram ones (`Err(true)` for CJK,
/// `Err(false)` for other scripts).
fn script_of(c: char) -> Result<Script, bool> {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Ok(Script::Latin),
        0x400..=0x52F => Ok(Script::Cyrillic),
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Ok(Script::Arabic)
        }
        0x900..=0x97F => Ok(Script::Devanagari),
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF => Err(true),
        _ => Err(false),
    }
}

/// The n-gram script most of the letters are in, `None` when most are in another script.
/// A CJK character counts as three letters (about a word).
fn dominant_script(text: &str) -> Option<Script> {
    let mut counts = [0usize; 4];
    let mut other = 0usize;
    for c in text.chars().filter(|&c| is_letter(c)) {
        match script_of(c) {
            Ok(s) => counts[s as usize] += 1,
            Err(true) => other += 3,
            Err(false) => other += 1,
        }
    }
    let (best, &count) = counts.iter().enumerate().max_by_key(|&(_, n)| *n)?;
    if count == 0 || count < other {
        return None;
    }
    [Script::Latin, Script::Cyrillic, Script::Arabic, Script::Devanagari].get(best).copied()
}

/// Lower-cased runs of letters of `script`.
fn words_in(text: &str, script: Script) -> LetterRuns {
    let mut runs = LetterRuns { letters: Vec::with_capacity(text.len()), ends: Vec::new() };
    for c in text.chars() {
        let letter = is_letter(c) && !is_mark(c) && script_of(c) == Ok(script);
        if letter {
            // ASCII letters lower-case without the case tables' iterator.
            if c.is_ascii() {
                runs.letters.push(c.to_ascii_lowercase());
            } else {
                runs.letters.extend(c.to_lowercase());
            }
        } else if runs.ends.last().map_or(0, |&end| end) < runs.letters.len() {
            runs.ends.push(runs.letters.len());
        }
    }
    if runs.ends.last().map_or(0, |&end| end) < runs.letters.len() {
        runs.ends.push(runs.letters.len());
    }
    runs
}

/// Runs of letters ([`words_in`]) kept end to end in one buffer (a `Vec` per word was an
/// allocation per word of every text).
struct LetterRuns {
    /// The letters of all runs, one run after the other.
    letters: Vec<char>,
    /// Where each run ends in `letters` (a run starts where the previous one ends).
    ends: Vec<usize>,
}

impl LetterRuns {
    /// The runs, in text order.
    fn iter(&self) -> impl Iterator<Item = &[char]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).filter_map(|(start, &end)| self.letters.get(start..end))
    }
}

/// Combining signs that Rust counts as alphabetic but the n-gram models do not (they were
/// trained on letters only, so a vowel sign or virama ends an n-gram).
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x300..=0x36F // combining diacritics
        | 0x610..=0x61A | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6ED // Arabic
        | 0x900..=0x903 | 0x93A..=0x93C | 0x93E..=0x94F | 0x951..=0x957 | 0x962..=0x963) // Devanagari
}

/// ISO 639-1 code of a `whatlang` language (ISO 639-3 for the few without a 639-1 code).
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        #[allow(unreachable_patterns)]
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(cases: &[(&str, &str)]) {
        for (want, text) in cases {
            assert_eq!(detect(text).as_deref(), Some(*want), "{text}");
        }
    }

    #[test]
    fn detects_common_languages() {
        check(&[
            (
                "en",
                "The differences between Russia and NATO will be difficult to bridge, the head of the alliance said.",
            ),
            (
                "de",
                "Die Unterschiede zwischen Russland und der NATO seien schwer zu überbrücken, sagte der Generalsekretär.",
            ),
            ("zh", "北约秘书长表示，俄罗斯与北约之间的分歧难以弥合。"),
            ("ja", "ロシアとNATOの違いは埋めがたいと事務総長は述べた。"),
            ("el", "Η κυβέρνηση παρουσίασε σήμερα ένα νέο σχέδιο για τη βελτίωση της υγείας."),
            ("he", "הממשלה הציגה היום תוכנית חדשה לשיפור שירותי הבריאות."),
        ]);
    }

    #[test]
    fn tells_close_languages_apart_in_a_sentence() {
        check(&[
            ("es", "El gobierno presentó hoy un nuevo plan para mejorar el servicio de salud pública."),
            ("pt", "O governo apresentou hoje um novo plano para melhorar o serviço de saúde pública."),
            ("ca", "El govern ha presentat avui un nou pla per millorar el servei de salut pública."),
            ("ru", "Правительство сегодня представило новый план по улучшению системы здравоохранения."),
            ("uk", "Уряд сьогодні представив новий план покращення системи охорони здоров'я."),
            ("be", "Урад сёння прадставіў новы план паляпшэння сістэмы аховы здароўя."),
            ("bg", "Правителството представи днес нов план за подобряване на здравеопазването."),
            ("sr", "Влада је данас представила нови план за побољшање здравствене заштите."),
            ("hr", "Vlada je danas predstavila novi plan za poboljšanje zdravstvene zaštite."),
            ("sv", "Regeringen presenterade i dag en ny plan för att förbättra sjukvården."),
            ("da", "Regeringen præsenterede i dag en ny plan for at forbedre sundhedsvæsenet."),
            ("nb", "Regjeringen la i dag fram en ny plan for å forbedre helsetjenesten."),
            (
                "id",
                "Pemerintah hari ini memperkenalkan rencana baru untuk memperbaiki layanan kesehatan masyarakat.",
            ),
            ("ur", "حکومت نے آج صحت کی خدمات کو بہتر بنانے کے لیے ایک نیا منصوبہ پیش کیا۔"),
            ("hi", "सरकार ने आज स्वास्थ्य सेवाओं को बेहतर बनाने के लिए एक नई योजना पेश की है।"),
            ("mr", "सरकारने आज आरोग्य सेवा सुधारण्यासाठी नवीन योजना सादर केली आहे."),
            ("ne", "सरकारले आज स्वास्थ्य सेवा सुधार गर्न नयाँ योजना सार्वजनिक गरेको छ।"),
        ]);
    }

    #[test]
    fn knows_languages_beyond_whatlang() {
        check(&[
            ("cy", "Mae'r llywodraeth wedi cyhoeddi cynllun newydd i wella'r gwasanaeth iechyd yng Nghymru."),
            ("eu", "Gobernuak osasun zerbitzua hobetzeko plan berri bat aurkeztu du gaur goizean."),
            (
                "is",
                "Ríkisstjórnin kynnti í dag nýja áætlun um að bæta heilbrigðisþjónustuna á landsbyggðinni.",
            ),
            ("sq", "Qeveria ka prezantuar sot një plan të ri për përmirësimin e shërbimit shëndetësor."),
            ("kk", "Үкімет бүгін денсаулық сақтау қызметін жақсарту жөніндегі жаңа жоспарды ұсынды."),
            // whatlang-only, in a script the n-gram models cover
            (
                "jv",
                "Pamarentah dina iki ngenalake rencana anyar kanggo ndandani layanan kesehatan masyarakat.",
            ),
        ]);
    }

    #[test]
    fn detects_short_texts() {
        check(&[
            ("en", "thank you very much"),
            ("de", "Guten Morgen zusammen"),
            ("fr", "merci beaucoup à vous"),
            ("es", "gracias por todo"),
            ("pt", "obrigado pela ajuda"),
            ("it", "grazie mille a tutti"),
            ("nl", "Dank je wel voor alles"),
            ("sv", "Tack så mycket för hjälpen"),
            ("pl", "Dziękuję bardzo za pomoc"),
            ("ru", "Спасибо за помощь"),
            ("uk", "Дякую за допомогу"),
            ("ar", "شكرا جزيلا لكم"),
            ("fa", "خیلی ممنون از شما"),
            ("hi", "बहुत धन्यवाद आपका"),
            ("id", "Terima kasih banyak"),
            ("tr", "Teşekkür ederim arkadaşlar"),
            ("vi", "Cảm ơn bạn rất nhiều"),
            ("ko", "감사합니다 여러분"),
        ]);
    }

    #[test]
    fn mixed_scripts_follow_the_main_one() {
        check(&[
            ("ru", "Компания Apple представила новый iPhone в Купертино"),
            ("de", "Der Gipfel der NATO in Brüssel, auf Russisch Брюссель"),
            ("ja", "東京で新しいiPhoneが発表されました"),
        ]);
    }

    /// The shortcut ranges of `is_letter` agree with `char::is_alphabetic` on every
    /// character.
    #[test]
    fn fast_letter_test_equals_the_unicode_tables() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn no_letters_no_language() {
        assert_eq!(detect(""), None);
        assert_eq!(detect("12345 !!!"), None);
        assert_eq!(detect("2024-05-01 12:00 — 3,5 % / +7"), None);
        assert_eq!(detect("🙂🎉 ★ ١٢٣ ४५६"), None);
        assert!(detect("x").is_some());
    }

    #[test]
    fn long_and_decomposed_texts() {
        let long = "Der Bundestag hat am Donnerstag über den Haushalt beraten. ".repeat(200);
        assert_eq!(detect(&long).as_deref(), Some("de"));
        // NFD: letters followed by combining accents
        assert_eq!(
            detect("Le gouvernement a pre\u{301}sente\u{301} un nouveau plan aujourd'hui.").as_deref(),
            Some("fr")
        );
    }

    #[test]
    fn words_split_at_other_scripts_digits_and_signs() {
        let words = words_in("Hello, Wörld42x Мир", Script::Latin);
        let words: Vec<String> = words.iter().map(|w| w.iter().collect()).collect();
        assert_eq!(words, ["hello", "wörld", "x"]);
        // Devanagari vowel signs end a run (the models are of letters only)
        let words = words_in("किताब", Script::Devanagari);
        let words: Vec<&[char]> = words.iter().collect();
        assert_eq!(words, [&['क'][..], &['त'], &['ब']]);
        // upper-case letters whose lower case is longer
        let words: Vec<String> =
            words_in("İstanbul ŞEHİR", Script::Latin).iter().map(|w| w.iter().collect()).collect();
        assert_eq!(words, ["i\u{307}stanbul", "şehi\u{307}r"]);
        assert_eq!(dominant_script("abcd где"), Some(Script::Latin));
        assert_eq!(dominant_script("北京 abc"), None);
    }
}
