//! Language identification: `whatlang` (trigram profiles and script detection, 69 languages,
//! MIT) mapped to ISO 639-1. Always a best guess when the text has letters: callers that have
//! a better hint (such as `<html lang>`) use it only when this returns `None`.

use whatlang::Lang;

/// ISO 639-1 code of `text`'s language; `None` when the text has no letters.
pub fn detect(text: &str) -> Option<String> {
    // Long bodies: the first few thousand characters are plenty and keep it fast.
    let sample: String = text.chars().take(4000).collect();
    if !sample.chars().any(char::is_alphabetic) {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    Some(iso639_1(info.lang()).to_owned())
}

/// ISO 639-1 code of a `whatlang` language (ISO 639-3 for the few without a 639-1 code).
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo", Lang::Eng => "en", Lang::Rus => "ru", Lang::Cmn => "zh", Lang::Spa => "es",
        Lang::Por => "pt", Lang::Ita => "it", Lang::Ben => "bn", Lang::Fra => "fr", Lang::Deu => "de",
        Lang::Ukr => "uk", Lang::Kat => "ka", Lang::Ara => "ar", Lang::Hin => "hi", Lang::Jpn => "ja",
        Lang::Heb => "he", Lang::Yid => "yi", Lang::Pol => "pl", Lang::Amh => "am", Lang::Jav => "jv",
        Lang::Kor => "ko", Lang::Nob => "nb", Lang::Dan => "da", Lang::Swe => "sv", Lang::Fin => "fi",
        Lang::Tur => "tr", Lang::Nld => "nl", Lang::Hun => "hu", Lang::Ces => "cs", Lang::Ell => "el",
        Lang::Bul => "bg", Lang::Bel => "be", Lang::Mar => "mr", Lang::Kan => "kn", Lang::Ron => "ro",
        Lang::Slv => "sl", Lang::Hrv => "hr", Lang::Srp => "sr", Lang::Mkd => "mk", Lang::Lit => "lt",
        Lang::Lav => "lv", Lang::Est => "et", Lang::Tam => "ta", Lang::Vie => "vi", Lang::Urd => "ur",
        Lang::Tha => "th", Lang::Guj => "gu", Lang::Uzb => "uz", Lang::Pan => "pa", Lang::Aze => "az",
        Lang::Ind => "id", Lang::Tel => "te", Lang::Pes => "fa", Lang::Mal => "ml", Lang::Ori => "or",
        Lang::Mya => "my", Lang::Nep => "ne", Lang::Sin => "si", Lang::Khm => "km", Lang::Tuk => "tk",
        Lang::Aka => "ak", Lang::Zul => "zu", Lang::Sna => "sn", Lang::Afr => "af", Lang::Lat => "la",
        Lang::Slk => "sk", Lang::Cat => "ca", Lang::Tgl => "tl", Lang::Hye => "hy",
        #[allow(unreachable_patterns)]
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        assert_eq!(detect("The differences between Russia and NATO will be difficult to bridge, the head of the alliance said.").as_deref(), Some("en"));
        assert_eq!(detect("Die Unterschiede zwischen Russland und der NATO seien schwer zu überbrücken, sagte der Generalsekretär.").as_deref(), Some("de"));
        assert_eq!(detect("北约秘书长表示，俄罗斯与北约之间的分歧难以弥合。").as_deref(), Some("zh"));
        assert_eq!(detect("ロシアとNATOの違いは埋めがたいと事務総長は述べた。").as_deref(), Some("ja"));
        assert_eq!(detect(""), None);
        assert_eq!(detect("12345 !!!"), None);
    }
}
