//! Word lists used by entity recognition: gazetteers embedded from `data/` and hand-written
//! cue words (titles, organisation and place heads, function words).

use std::sync::OnceLock;

use super::gazetteer_lists::{lines, place_aliases};
pub use super::word_table::{StaticWordSet, WordSet, WordTable};

const REGIONS: &str = include_str!("../../data/regions.txt");
const DEMONYMS: &str = include_str!("../../data/demonyms.txt");
const ORGANISATIONS: &str = include_str!("../../data/organisations.txt");

/// The static table `name` laid out by the build script (`build.rs`) from `data/`.
macro_rules! static_word_set {
    ($name:literal) => {
        StaticWordSet::new(
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".slots")),
            include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".starts")),
            include_str!(concat!(env!("OUT_DIR"), "/", $name, ".words")),
        )
    };
}

/// Place names (exact, case-sensitive): the places list, both sides of the regions list's
/// aliases, less the names that are far more often something else.
static PLACES: StaticWordSet = static_word_set!("places");
/// Given names (capitalised, e.g. "John").
static FIRST_NAMES: StaticWordSet = static_word_set!("first_names");
/// Family names (capitalised, e.g. "Lemaire").
static LAST_NAMES: StaticWordSet = static_word_set!("last_names");

/// Gazetteers: the large ones laid out at build time, the small ones built once from the
/// embedded lists (names are slices of the embedded text, not one allocated string per name),
/// in word tables: they are asked about nearly every capitalised word of a story.
pub struct Lexicon {
    /// Place names (exact, case-sensitive).
    pub places: &'static StaticWordSet,
    /// Place alias → canonical place name.
    pub place_alias: WordTable<'static, &'static str>,
    /// Given names (capitalised, e.g. "John").
    pub first_names: &'static StaticWordSet,
    /// Family names (capitalised, e.g. "Lemaire").
    pub last_names: &'static StaticWordSet,
    /// Demonyms and nationality words.
    pub demonyms: WordSet<'static>,
    /// Well-known organisation names.
    pub organisations: WordSet<'static>,
    /// Distinctive words of known parties' names ("Labour" of "Labour Party"): the word alone
    /// names the party.
    pub party_words: WordSet<'static>,
}

impl Lexicon {
    /// The canonical name of a place: "US" → "United States"; other names unchanged.
    pub fn canonical_place(&self, name: &str) -> String {
        self.place_alias.get(name).map_or(name, |canonical| *canonical).to_owned()
    }
}

/// A demonym line's word with its hyphens written as spaces ("Sri-Lankan" → "Sri Lankan"):
/// borrowed when it has none, else spelt once for the life of the program (the lexicon is).
fn demonym_key(word: &'static str) -> &'static str {
    if !word.contains('-') {
        return word;
    }
    Box::leak(word.replace('-', " ").into_boxed_str())
}

/// The shared lexicon.
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let place_alias = WordTable::from_entries(place_aliases(REGIONS));
        let demonyms = WordSet::of(lines(DEMONYMS).flat_map(|l| l.split_whitespace()).map(demonym_key));
        let organisations = WordSet::of(
            lines(ORGANISATIONS)
                .flat_map(|l| {
                    if l.contains(' ') && !l.chars().next().is_some_and(char::is_uppercase) {
                        vec![l]
                    } else if l.split_whitespace().count() > 3 {
                        l.split_whitespace().collect()
                    } else {
                        vec![l]
                    }
                })
                .collect::<Vec<_>>(),
        );
        let party_words = WordSet::of(
            organisations
                .iter()
                .filter_map(|(name, ())| name.strip_suffix(" Party"))
                .filter(|word| !word.contains(' '))
                .collect::<Vec<_>>(),
        );
        Lexicon {
            places: &PLACES,
            place_alias,
            first_names: &FIRST_NAMES,
            last_names: &LAST_NAMES,
            demonyms,
            organisations,
            party_words,
        }
    })
}

fn set(words: &'static str) -> WordSet<'static> {
    WordSet::of(words.split_whitespace())
}

/// Bits of [`context_cues`], one per cue list that is asked about the words right before and
/// after a candidate name.
pub mod cue {
    /// [`super::is_title_word`].
    pub const TITLE: u8 = 1;
    /// [`super::is_occupation_word`].
    pub const OCCUPATION: u8 = 2;
    /// [`super::is_system_noun`].
    pub const SYSTEM_NOUN: u8 = 4;
    /// [`super::is_work_noun`].
    pub const WORK_NOUN: u8 = 8;
    /// [`super::is_speech_verb`].
    pub const SPEECH_VERB: u8 = 16;
}

/// The cue lists of [`context_cues`] and their bits.
const CONTEXT_CUE_LISTS: [(u8, &str); 5] = [
    (cue::TITLE, TITLE_WORDS),
    (cue::OCCUPATION, OCCUPATION_WORDS),
    (cue::SYSTEM_NOUN, SYSTEM_NOUNS),
    (cue::WORK_NOUN, WORK_NOUNS),
    (cue::SPEECH_VERB, SPEECH_VERBS),
];

/// The cue lists that have `w`, as [`cue`] bits: one table answers them all, so that the word
/// before or after a candidate name is looked up once for all its cues (a table per list
/// looked the same word up three to five times).
pub fn context_cues(w: &str) -> u8 {
    static TABLE: OnceLock<WordTable<'static, u8>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut table =
                WordTable::with_capacity(CONTEXT_CUE_LISTS.iter().map(|(_, words)| words.len() / 6).sum());
            for (bit, words) in CONTEXT_CUE_LISTS {
                for word in words.split_whitespace() {
                    *table.get_or_insert(word, || 0).0 |= bit;
                }
            }
            table
        })
        .get(w)
        .copied()
        .unwrap_or(0)
}

/// A title or role word given its [`context_cues`] `cues`: [`is_title`] without looking the
/// word up again.
pub fn is_title_with_cues(w: &str, cues: u8) -> bool {
    cues & cue::TITLE != 0 || (has_hyphen(w) && w.split('-').any(is_title_word))
}

macro_rules! word_set {
    ($name:ident, $doc:literal, $words:literal) => {
        #[doc = $doc]
        pub fn $name(w: &str) -> bool {
            static S: OnceLock<WordSet<'static>> = OnceLock::new();
            S.get_or_init(|| set($words)).contains(w)
        }
    };
}

/// The words of [`is_title_word`].
const TITLE_WORDS: &str = "Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady President Vice Prime Minister Secretary Secretary-General General Gen Senator Sen Rep Representative Congressman Congresswoman Governor Gov Mayor Judge Justice Chancellor King Queen Prince Princess Pope Rev Reverend Father Sister Brother Bishop Archbishop Cardinal Rabbi Imam Sheikh Doctor Chief Executive Director Commissioner Ambassador Envoy Officer Sheriff Coach Captain Capt Col Colonel Lt Lieutenant Sgt Sergeant Major Admiral Adm Commander Professor Prof Chairman Chairwoman Chair Spokesman Spokeswoman Spokesperson CEO Administrator Inspector Deputy Attorney Speaker Leader Premier Head Detective Constable Superintendent Agent Dean Principal Founder Chief-Executive Secretary-general Minister-President Mrs. Mr. Dr. president minister secretary senator governor mayor judge chancellor spokesman spokeswoman spokesperson chairman chairwoman director coach captain commander ambassador professor leader head chief deputy sheriff officer administrator founder economist analyst lawyer attorney dean";

#[doc = "Titles and roles that precede a person's name (capitalised or not)."]
pub fn is_title_word(w: &str) -> bool {
    context_cues(w) & cue::TITLE != 0
}
word_set!(
    is_org_word,
    "Words that make a name an organisation.",
    "Party Parties Municipality Municipalities University Universities Ministry Ministries Council Association Agency Bank Banks Corporation Corp Inc Ltd LLC Plc plc Co Company Companies Foundation Institute Institution Committee Commission Organisation Organization Union Federation League Church Army Navy Police Department Dept Office Court Parliament Congress Senate Assembly Airlines Airways Times Post News Network Networks Club Society Authority Service Services Board Fund Trust Group Press College School Academy Coalition Alliance Forces Force Guard Bureau Administration Legion Team FC Motors Industries Holdings Systems Technologies Labs Laboratories Bancorp Partners Capital Reuters Journal Herald Tribune Gazette Telegraph Guardian Magazine Weekly Daily Chronicle Examiner Courier Inquirer Bulletin Channel Broadcasting Radio Television TV Studios Records Pictures Entertainment Media Group Hospital Clinic Movement Front Brigade Brigades Cabinet Government Secretariat Directorate Exchange Reserve Treasury Commission Tribunal Conference Caucus Council Chamber Federation Confederation Union Unions Cooperative Institute Center-for Centre-for Council Agency Corps Command Regiment Battalion Division Squad Patrol Mission Embassy Consulate Ministry Department Inc. Corp. Ltd. Co. Democrats Republicans Socialists Greens Instituto Istituto Institut Universidad Università Universität Université Universidade Partido Partito Parti Movimento Movimiento Ministerio Ministero Banco Banca Compagnie Gesellschaft"
);
word_set!(
    is_masthead_word,
    "Last words of newspaper names that are ordinary words elsewhere (\"Toronto Star\", \"Edmonton Sun\", \"Daily Mail\"); see `classify`.",
    "Star Sun Mail Globe Observer Independent Mirror Express Standard Sentinel Register Dispatch Enquirer Examiner Advertiser Echo Argus Citizen Statesman"
);
/// The words of [`is_occupation_word`].
const OCCUPATION_WORDS: &str = "actor actress actors singer singers songwriter singer-songwriter musician musicians composer conductor pianist guitarist drummer rapper dancer comedian artist artists painter sculptor photographer photographers filmmaker director producer author authors writer writers novelist poet playwright journalist journalists reporter columnist editor publisher publishers blogger curator designer architect model athlete athletes player players goalkeeper striker midfielder defender forward winger batsman bowler pitcher quarterback cyclist swimmer runner sprinter boxer wrestler golfer skier tennis-player driver jockey referee manager coach trainer captain politician politicians councillor councilor legislator lawmaker activist activists campaigner campaigners barrister solicitor lawyer attorney prosecutor judge economist analyst scientist scientists researcher researchers astronaut engineer physicist chemist biologist historian professor lecturer teacher student students doctor surgeon nurse businessman businesswoman entrepreneur billionaire millionaire investor banker tycoon owner co-owner founder co-founder creator inventor illustrator cosplayer spokesman spokeswoman spokesperson";

#[doc = "Lowercase occupation nouns that stand right before a person's name as a bare role (\"goalkeeper Mouez Hassen\", \"fashion designer Halston\", \"athletes Vitas Gerulaitis\"): unlike titles they never open a capitalised name, so they only mark the name after them."]
pub fn is_occupation_word(w: &str) -> bool {
    context_cues(w) & cue::OCCUPATION != 0
}
word_set!(
    is_field_word,
    "Plural field nouns that end organisation names after \"of\"/\"on\"/\"for\" (\"Council on American-Islamic Relations\", \"Department of Veterans Affairs\"): a name after one starts a new name.",
    "Relations Affairs Studies Sciences Resources Rights Arts Humanities Sciences Technologies Communications Statistics Economics Politics"
);
word_set!(
    is_leading_place_word,
    "Words that open a place's name (\"Mount Kenya\", \"Lake Tahoe\", \"Fort Worth\", \"Masjid al-Haram\"): the name is a place whatever follows.",
    "Mount Mt Lake Loch Lac Fort Cape Isle Masjid Camp Glen"
);
/// The words of [`is_system_noun`].
const SYSTEM_NOUNS: &str = "system systems database databases software protocol protocols standard standards format formats tax taxes levy scheme schemes study studies test tests index model models virus code codes algorithm platform app file files chip chips engine";

#[doc = "Lowercase nouns after an acronym that make it the name of a system, database, tax or study rather than of a body (\"the ICI system\", \"the NEMISIS database\")."]
pub fn is_system_noun(w: &str) -> bool {
    context_cues(w) & cue::SYSTEM_NOUN != 0
}
/// The words of [`is_work_noun`].
const WORK_NOUNS: &str = "novel novels books movie movies album albums song songs series sitcom opera musical painting paintings sculpture poem documentary app vessel yacht browser";

#[doc = "Lowercase nouns for creative works, products and vessels that stand right before their title in apposition (\"the graphic novel Angel Catbird\", \"the vessel HMC Searcher\"): the name is the work's, not a person's."]
pub fn is_work_noun(w: &str) -> bool {
    context_cues(w) & cue::WORK_NOUN != 0
}
word_set!(
    is_programme_word,
    "Heads of names of programmes, projects and campaigns (\"Space Shuttle Program\", \"Flag Consideration Project\"): activities, not organisations.",
    "Program Programme Programs Programmes Project Projects Campaign Initiative Scheme"
);
word_set!(
    is_event_word,
    "Heads of names of events (\"Waitangi Day\", \"Google Science Fair\", \"World Cup\"): neither people nor organisations.",
    "Day Week Festival Cup Championship Championships Games Olympics Expo Award Awards Prize Summit Marathon Tournament Fair Exhibition Concert Ceremony"
);
word_set!(
    is_place_word,
    "Heads that make a name a place or facility.",
    "Street St Avenue Ave Road Rd Boulevard Lane Square Bridge River Lake Lakes Mountain Mountains Mount Mt Island Islands Isle Bay Gulf Sea Ocean Coast Peninsula Valley Desert Canyon Forest Park Airport Station Stadium Arena Hall Center Centre Mosque Cathedral Church-building Temple Palace Castle Tower Towers Plaza Museum Planetarium Observatory Aquarium Complex Plains Gallery Prison Base County Province Region District State States Territory Republic Kingdom Emirates City Town Village Heights Hills Harbor Harbour Port Falls Strait Channel-water Beach Springs Creek Memorial Cemetery Zoo Building Hotel Mall Market Campus Highway Freeway Way"
);
word_set!(
    is_connector,
    "Lowercase words allowed inside a multi-word organisation or place name.",
    "of for the and & de du des da di del della van von der den ter la le al el bin ibn y on"
);
word_set!(
    is_particle,
    "Name particles allowed inside a person's name.",
    "de du des da di del della van von der den ter la le al el bin ibn bint y"
);
word_set!(
    is_non_name,
    "Capitalised words that are not names on their own (months, days, pronouns, function words and common sentence openers).",
    "I A An The This That These Those There Here It Its He She They We You Him Her His Hers Them Their Our Your My Me Us Who What When Where Why How Which Whose Whom And But Or Nor So Yet For If Then Than Because Although Though While Whereas After Before Since Until Unless As At By In On Of Off Out Over Under Into Onto From To With Without Within About Above Below Between Among Across Against Along Around Behind Beyond During Despite Except Inside Outside Through Throughout Toward Towards Upon Via Per Also Still Even Just Only Not No Yes Some Many Much Most More Less Few Several All Any Each Every Both Either Neither Other Another Such One Two Three Four Five Six Seven Eight Nine Ten First Second Third Last Next However Meanwhile Moreover Furthermore Nevertheless Nonetheless Instead Indeed Thus Therefore Hence Otherwise Later Earlier Now Today Yesterday Tomorrow Tonight Recently Currently Finally Already Again Once Twice Perhaps Maybe Please Thanks Thank Well Oh Mr Mrs Ms Dr January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun According Asked Speaking Following Including Given Like Unlike Having Being During Under Do Does Did Is Are Was Were Be Been Has Have Had Will Would Can Could Should Shall Must Might May Let Said Says Say Image Photo Photos Video Read Related Advertisement Copyright Share Comments Reporting Editing Additional Sources Source Update Updated Note Breaking Exclusive Analysis Opinion Live Watch Click See Sign Subscribe Follow Home Top Section Page Chapter Part Figure Table Whether Whatever Whoever Everyone Everything Someone Something Nobody Nothing Anyone Anything Never Always Often Sometimes Very Too Really Actually Certainly Clearly Obviously Apparently Unfortunately Fortunately Meanwhile Overall Initially Eventually Soon Late Early Why Mrs. Mr. Dr. St Ok OK Hi Hello Dear Sincerely Yours Sir Madam Lady Gentlemen Ladies Sirs"
);
/// The words of [`is_speech_verb`].
const SPEECH_VERBS: &str = "said says say saying told tells tell added adds asked asks stated states explained explains noted notes claimed claims argued argues insisted insists warned warns wrote writes continued continues replied replies responded responds declared declares announced announces acknowledged acknowledges admitted admits recalled recalls suggested suggests remarked remarks commented comments observed observes urged urges predicted predicts conceded concedes stressed stresses emphasized emphasised emphasizes emphasises insisted tweeted tweets posted posts concluded concludes reiterated reiterates quipped quips joked jokes shouted shouted yelled yells whispered said. told. according";

#[doc = "Speech and attribution verbs (lowercase)."]
pub fn is_speech_verb(w: &str) -> bool {
    context_cues(w) & cue::SPEECH_VERB != 0
}
word_set!(
    is_acronym_stop_word,
    "All-caps words that are not organisation acronyms: units, currencies, common technical and medical abbreviations, post-nominal letters.",
    "I TV OK AM PM CEO CFO COO CTO GDP AD BC ID PhD MP MPs DNA HIV AIDS USD EUR GBP AP AFP AI IT PR VIP FAQ PDF URL HTML UTC GMT EST PST EDT PDT Q A TBA NB PS ET RIP LOL OMG IQ GPS USB CD CDs DVD DVDs SUV SUVs ATM LED LCD SMS PIN VAT GMO CPU RAM PC PCs QC KC SC MBE OBE CBE DJ MC RSVP ASAP FYI DIY"
);

/// All-caps words that are not organisation acronyms: the stop list and Roman numerals
/// ("XVII", "IV").
pub fn is_acronym_stop(w: &str) -> bool {
    is_acronym_stop_word(w) || is_roman_numeral(w)
}

/// A Roman numeral written in capitals with units or tens ("II", "XVII", "MCMLXXX"; not
/// "CD", "MD", "DC", which are more often abbreviations): thousands, hundreds, tens and
/// units in the standard subtractive form.
fn is_roman_numeral(w: &str) -> bool {
    /// Strips one decimal digit written with `one`, `five` and `ten` (e.g. I V X) from `s`.
    fn digit(s: &str, one: char, five: char, ten: char) -> &str {
        let mut chars = s.chars();
        let (a, b) = (chars.next(), chars.next());
        if a == Some(one) && (b == Some(ten) || b == Some(five)) {
            return &s[2..];
        }
        let mut rest = s;
        if rest.starts_with(five) {
            rest = &rest[1..];
        }
        for _ in 0..3 {
            if rest.starts_with(one) {
                rest = &rest[1..];
            }
        }
        rest
    }
    if w.is_empty() || !w.chars().any(|c| matches!(c, 'I' | 'V' | 'X')) {
        return false;
    }
    let mut rest = w;
    for _ in 0..3 {
        if rest.starts_with('M') {
            rest = &rest[1..];
        }
    }
    rest = digit(rest, 'C', 'D', 'M');
    rest = digit(rest, 'X', 'L', 'C');
    rest = digit(rest, 'I', 'V', 'X');
    rest.is_empty()
}

/// `w` has an ASCII hyphen: a byte loop inline (words are short; `memchr` was a call with
/// its own set-up for each of them).
#[inline]
pub(super) fn has_hyphen(w: &str) -> bool {
    w.bytes().any(|b| b == b'-')
}

/// A title or role word, also hyphenated ones ("Director-General", "Vice-President").
pub fn is_title(w: &str) -> bool {
    // A byte test for the hyphen (ASCII, so no other character contains its byte) is cheaper
    // than a string search.
    is_title_with_cues(w, context_cues(w))
}

word_set!(
    is_title_abbreviation_word,
    "Titles abbreviated with a period (\"Mr.\", \"Rep.\"): the period ends no sentence.",
    "Mr Mrs Ms Dr Rep Sen Gov Gen Lt Col Sgt Capt Rev Prof Adm Maj Det Insp Supt Cmdr Pres Hon"
);
word_set!(
    is_organisation_follower,
    "Words after a name that make it an organisation: \"Veritasia officials\", \"NRA members\".",
    "spokesman spokeswoman spokesperson member members leader leaders leadership official officials executive executives employee employees staffers headquarters lawmaker lawmakers legislator legislators chairman chairwoman founder co-founder board shareholders subsidiary"
);
word_set!(
    is_organisation_class_noun,
    "Lowercase nouns for kinds of organisation that stand right before a name in apposition: \"the magazine MicroMega\", \"US team Cloud9\".",
    "company firm group band team party club magazine newspaper broadcaster network agency charity organisation organization union bank airline carrier retailer publisher label startup manufacturer insurer broadcaster channel daily tabloid"
);
word_set!(
    is_membership_word,
    "Words before \"of\" that make what follows an organisation: \"members of X\", \"leader of X\".",
    "member members leader leaders leadership chairman chairwoman spokesman spokeswoman founder founders head employee employees staff joined within quit left"
);
word_set!(
    is_compass_word,
    "Compass and size words that make a region of a place: \"South\", \"Northern\", \"Greater\".",
    "North South East West Northern Southern Eastern Western Central Upper Lower Greater Inner Outer Northeast Northwest Southeast Southwest"
);
word_set!(
    is_facility_word,
    "Head words of facilities and areas that are named after a place (\"Metro Vancouver Convention Centre\", \"Kazan Arena\", \"Vancouver Island\"): places nested in them are places of their own.",
    "Station Airport Island City County Province District Stadium Arena Centre Center Hall Hospital Museum Bridge Terminal Port Harbour Harbor"
);
word_set!(
    is_place_preposition,
    "Prepositions that put a place in its locative role: \"in Norway\", \"from Lima\".",
    "in at from into across throughout near inside outside around within to toward towards through visit visited visiting entered enter"
);
word_set!(
    is_contest_verb,
    "Verbs and prepositions whose object is a competitor or party: \"defeated Ghana\", \"against England\".",
    "against faced facing faces defeated defeating beat beating beats vs versus v awarded accused urged sanctioned"
);
word_set!(
    is_acting_verb_word,
    "Finite verbs (besides speech verbs) that make the name before them an actor: \"Peru had\", \"Norway defeated\".",
    "has had have will would could should must can wins won lost loses beat beats made makes took takes began begins plans wants needs leads led winning losing drew draws scored scores opened opens signed signs sent sends launched launches threatens denies accuses refuses agrees responds started starts faced faces defeated played plays"
);
word_set!(
    is_stative_participle,
    "Past participles that describe a place rather than an action by it: \"Texas-based\", \"located\", \"occupied\".",
    "based located situated called named listed ranked united related owned controlled linked occupied annexed affected hosted populated governed"
);
word_set!(
    is_role_head,
    "Role nouns that stand for a person introduced with an organisation's role: \"the NATO Head\", \"WTO chief\" (lowercase).",
    "head chief leader boss secretary-general secretary general president chairman chairwoman chair"
);

/// A hyphenated given name of a romanised East Asian name: two short capitalised-then-lowercase
/// syllables ("Ka-lok", "Min-Jun", "Siu-ming").
pub fn is_hyphenated_given_name(w: &str) -> bool {
    let Some((first, second)) = w.split_once('-') else { return false };
    let syllable = |part: &str, capital_required: bool| {
        let count = part.chars().count();
        (2..=6).contains(&count)
            && part.chars().all(|c| c.is_ascii_alphabetic())
            && part.chars().skip(1).all(|c| c.is_ascii_lowercase())
            && (!capital_required || part.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
    };
    syllable(first, true) && syllable(second, false)
}
word_set!(
    is_name_affix,
    "Lowercase second parts of a hyphenated word whose first part is a name: \"Toronto-based\", \"Scientology-related\".",
    "based related led backed born funded owned run linked affiliated allied sponsored made style like era bound"
);

#[cfg(test)]
mod tests {
    use super::*;

    const PLACES: &str = include_str!("../../data/places.txt");
    const FIRST_NAMES: &str = include_str!("../../data/first_names.txt");
    const LAST_NAMES: &str = include_str!("../../data/last_names.txt");

    /// The line scan yields the same lines as `str::lines` once trimmed and filtered.
    #[test]
    fn line_scan_matches_str_lines() {
        let reference = |s: &'static str| -> Vec<&'static str> {
            s.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
        };
        for s in [
            PLACES,
            REGIONS,
            FIRST_NAMES,
            LAST_NAMES,
            DEMONYMS,
            ORGANISATIONS,
            "",
            "\n",
            "a",
            "a\n",
            "a\r\nb\r\n\n  # c\n d \n",
            "Zoë\nÉmile\n\n",
        ] {
            assert_eq!(lines(s).collect::<Vec<_>>(), reference(s));
        }
    }

    /// The tables laid out by the build script hold exactly the words of the lists: every
    /// listed word is found, as many words as the lists have distinct ones, and words of the
    /// other lists, lower-cased or cut short answer as in a table built here.
    #[test]
    fn static_gazetteers_hold_the_listed_words() {
        let lex = lexicon();
        let lists = [
            (lex.places, super::super::gazetteer_lists::place_names(PLACES, REGIONS)),
            (lex.first_names, lines(FIRST_NAMES).collect()),
            (lex.last_names, lines(LAST_NAMES).collect()),
        ];
        let mut probes: Vec<String> =
            ["Victoria", "Man", "Paris", "John", "Smith", "", "United States", "US"]
                .iter()
                .map(|word| (*word).to_owned())
                .collect();
        for (_, words) in &lists {
            for word in words.iter().step_by(7) {
                probes.push((*word).to_owned());
                probes.push(word.to_lowercase());
                probes.push(word.chars().skip(1).collect());
                probes.push(format!("{word}s"));
            }
        }
        for (table, words) in &lists {
            let reference = WordSet::of(words.iter().copied());
            assert_eq!(table.len(), reference.len());
            assert!(!table.is_empty());
            for word in words {
                assert!(table.contains(word), "{word}");
            }
            for probe in &probes {
                assert_eq!(table.contains(probe), reference.contains(probe), "{probe}");
            }
        }
    }

    /// The combined cue table answers each list as a set of that list's words would.
    #[test]
    fn context_cues_answer_as_their_lists() {
        let lists = CONTEXT_CUE_LISTS.map(|(bit, words)| (bit, WordSet::of(words.split_whitespace())));
        let probes = CONTEXT_CUE_LISTS.iter().flat_map(|(_, words)| words.split_whitespace()).chain([
            "",
            "the",
            "Said",
            "said.",
            "Director-General",
            "coach",
            "novel",
            "tax",
            "x",
        ]);
        for word in probes {
            let cues = context_cues(word);
            for (bit, list) in &lists {
                assert_eq!(cues & bit != 0, list.contains(word), "{word} {bit}");
            }
        }
        assert!(is_title("Director-General") && is_title_with_cues("Vice-Chief", 0) && !is_title("T-shirt"));
    }

    #[test]
    fn roman_numerals_are_no_acronyms() {
        for w in ["II", "IV", "XVII", "XL", "MCMLXXX", "XIX"] {
            assert!(is_acronym_stop(w), "{w}");
        }
        for w in ["CDC", "NATO", "CD", "MD", "IVX", "XIIII", "VV", "ICI"] {
            assert!(!is_roman_numeral(w), "{w}");
        }
    }
}
