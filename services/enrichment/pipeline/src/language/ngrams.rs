//! Character n-gram language models (orders 1–5, Markov chain with backoff) for the scripts that
//! many languages share: Latin, Cyrillic, Arabic and Devanagari. The model file
//! `data/langid/ngrams.bin` is built by `data/langid/builder` from lingua's per-language models
//! (crates.io `lingua-*-language-model` 1.3.0, Apache-2.0): only the most probable n-grams of
//! each order are kept, with their conditional log probabilities quantised to one byte.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;

static MODEL_BYTES: &[u8] = include_bytes!("../../data/langid/ngrams.bin");

/// The script groups the n-gram models cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    Latin = 0,
    Cyrillic = 1,
    Arabic = 2,
    Devanagari = 3,
}

struct Model {
    langs: Vec<(&'static str, u8)>,
    map: fst::Map<&'static [u8]>,
    values: &'static [u8],
    /// `letter_scores[k][q]`: the score of a letter whose longest n-gram a language has is
    /// `k` orders short of the longest possible, with quantised log probability `q`
    /// (`-q * step + BACKOFF * k`, the same expression `rank` evaluated per entry), so that
    /// scoring an entry is one table read.
    letter_scores: [[f64; 256]; MAX_ORDER],
}

fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL.get_or_init(|| parse(MODEL_BYTES)).as_ref()
}

fn parse(bytes: &'static [u8]) -> Option<Model> {
    let rest = bytes.strip_prefix(b"LID2")?;
    let step = f32::from_le_bytes(rest.get(..4)?.try_into().ok()?);
    let mut pos = 4;
    let n = *rest.get(pos)? as usize;
    // `rank` keeps a language set in a `u64`.
    if n > 64 {
        return None;
    }
    pos += 1;
    let mut langs = Vec::with_capacity(n);
    for _ in 0..n {
        let len = *rest.get(pos)? as usize;
        let code = std::str::from_utf8(rest.get(pos + 1..pos + 1 + len)?).ok()?;
        let script = *rest.get(pos + 1 + len)?;
        langs.push((code, script));
        pos += len + 2;
    }
    let fst_len = u32::from_le_bytes(rest.get(pos..pos + 4)?.try_into().ok()?) as usize;
    pos += 4;
    let map = fst::Map::new(rest.get(pos..pos + fst_len)?).ok()?;
    let values = rest.get(pos + fst_len..)?;
    let mut letter_scores = [[0.0f64; 256]; MAX_ORDER];
    for (orders_short, row) in letter_scores.iter_mut().enumerate() {
        for (quantised, score) in row.iter_mut().enumerate() {
            *score = letter_score(step, quantised as u8, orders_short);
        }
    }
    Some(Model { langs, map, values, letter_scores })
}

/// Score of a letter under a language whose longest n-gram there is `orders_short` orders
/// shorter than the longest possible, with quantised log probability `quantised`.
fn letter_score(step: f32, quantised: u8, orders_short: usize) -> f64 {
    -f64::from(quantised) * f64::from(step) + BACKOFF * orders_short as f64
}

/// Highest n-gram order in the model.
const MAX_ORDER: usize = 5;
/// Log-probability penalty per order backed off (an n-gram missing for a language is scored
/// with its next shorter suffix, as in "stupid backoff").
const BACKOFF: f64 = -1.5;
/// Log probability of a letter a language has no n-gram for at all.
const FLOOR: f64 = -8.0;

/// The best language of a text and how far ahead it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ranking {
    /// ISO 639-1 code of the best language.
    pub(crate) best: &'static str,
    /// Its average log probability per character.
    pub(crate) best_score: f64,
    /// That of the next best language (negative infinity when there is none).
    pub(crate) runner_up_score: f64,
}

/// The best two languages of [`scores`], as they come first when the scores are sorted best
/// first (by score, then by code): only these two are read, and picking them is one pass
/// where sorting every language was a tenth of language identification on short texts.
pub(crate) fn rank<'w>(words: impl IntoIterator<Item = &'w [char]>, script: Script) -> Option<Ranking> {
    let scores = scores(words, script);
    let mut best: Option<(&'static str, f64)> = None;
    let mut runner_up: Option<(&'static str, f64)> = None;
    for &candidate in &scores {
        match best {
            Some(current) if !ranks_before(candidate, current) => {
                if runner_up.is_none_or(|second| ranks_before(candidate, second)) {
                    runner_up = Some(candidate);
                }
            }
            _ => {
                runner_up = best;
                best = Some(candidate);
            }
        }
    }
    let (best, best_score) = best?;
    Some(Ranking {
        best,
        best_score,
        runner_up_score: runner_up.map_or(f64::NEG_INFINITY, |(_, score)| score),
    })
}

/// Whether `a` comes before `b` best first: higher score, or the same score and a code that
/// sorts first.
fn ranks_before(a: (&str, f64), b: (&str, f64)) -> bool {
    b.1.total_cmp(&a.1).then(a.0.cmp(b.0)).is_lt()
}

/// Scores of every language of `script` for `words` (lower-cased letter runs), in language
/// order: (ISO 639-1 code, average log probability per character).
///
/// Each letter gives every candidate language one score (from the longest n-gram of the
/// letter the language has, or the floor). A word's letter scores are summed in letter order,
/// and the words' sums are added to the languages' totals in word order. A word's sums depend
/// only on the word, so they are kept per thread as a row ([`ScoreRows`]): a word seen before
/// (most words of a story are, across a batch) is scored by one vector addition, where
/// reading the model entries took ~66 (language, score) tests per letter.
///
/// (The rows used to hold every letter's scores, added to the totals one by one: five times
/// the memory read per word, and five times fewer words in the cache. Summing per word first
/// rounds differently, in the last bits of a total; the ranking of the eval sets was the same.)
fn scores<'w>(words: impl IntoIterator<Item = &'w [char]>, script: Script) -> Vec<(&'static str, f64)> {
    let Some(model) = model() else { return Vec::new() };
    let cands: Vec<usize> = (0..model.langs.len()).filter(|&i| model.langs[i].1 == script as u8).collect();
    let (Some(&first_lang), Some(&last_lang)) = (cands.first(), cands.last()) else {
        return Vec::new();
    };
    // The candidates as bits (`parse` admits at most 64 languages).
    let cand_bits = cands.iter().fold(0u64, |bits, &l| bits | 1 << l);
    let lanes = Lanes { first_lang, width: (last_lang - first_lang + 1).next_multiple_of(LANE_BLOCK) };
    // Totals by lane (language number − `first_lang`).
    let mut totals = [0.0f64; 64 + LANE_BLOCK];
    let mut chars = 0usize;
    SCORE_ROWS.with_borrow_mut(|caches| {
        let Some(cache) = caches.get_mut(script as usize) else { return };
        for word in words {
            let rows = cache.rows_of(model, word, cand_bits, lanes);
            add_rows(&mut totals, rows, lanes.width);
            chars += word.len();
        }
    });
    let chars = chars.max(1) as f64;
    cands
        .iter()
        .map(|&l| (model.langs[l].0, (totals[l - first_lang] + prior(model.langs[l].0)) / chars))
        .collect()
}

/// Lanes of a row are added this many at a time ([`add_rows`]), and rows are padded to a
/// multiple of it.
const LANE_BLOCK: usize = 8;

/// Most scores [`ScoreRows`] keeps per script and thread before it starts over (2 MiB of
/// `f64`). The service runs stories on tokio's blocking threads, each with its own cache, so
/// the cap is kept small: at 16 MiB the 188 eval pages ran 8 M instructions (0.4 %) faster
/// but the batch's peak RSS grew by 7 MB, and every blocking thread could hold that much.
const MAX_CACHED_SCORES: usize = 1 << 18;

/// Where the candidates' scores lie in a row: lane `lang - first_lang`, `width` lanes.
#[derive(Clone, Copy)]
struct Lanes {
    first_lang: usize,
    width: usize,
}

/// Add each row of `rows` (rows of `width` lanes) to `totals`, row after row. The lanes are
/// taken a block at a time over all the rows, so a block's totals stay in registers; each
/// lane still gets its additions in row order. (One row per call now: see [`scores`].)
fn add_rows(totals: &mut [f64; 64 + LANE_BLOCK], rows: &[f64], width: usize) {
    for block_start in (0..width).step_by(LANE_BLOCK) {
        let Some(block) = totals.get_mut(block_start..block_start + LANE_BLOCK) else { return };
        let mut sums = [0.0f64; LANE_BLOCK];
        sums.copy_from_slice(block);
        for row in rows.chunks_exact(width) {
            let Some(lanes) = row.get(block_start..block_start + LANE_BLOCK) else { return };
            for (sum, score) in sums.iter_mut().zip(lanes) {
                *sum += score;
            }
        }
        block.copy_from_slice(&sums);
    }
}

thread_local! {
    /// The letter score rows of words already scored, per script.
    static SCORE_ROWS: std::cell::RefCell<[ScoreRows; 4]> = std::cell::RefCell::new(Default::default());
}

/// Scores of words already scored in one script: a row per word, a lane per candidate
/// language ([`Lanes`]), holding the sum of the word's letter scores in that language.
struct ScoreRows {
    /// Where the rows of each word are in `rows` (start, length).
    words: HashMap<Box<[char]>, (usize, usize)>,
    /// The rows of all words, one word after the other (one buffer: a `Box` per word was an
    /// allocation per new word).
    rows: Vec<f64>,
    /// The lane layout of the rows (rows of another layout are dropped).
    width: usize,
    /// Scratch for [`lookup_ngrams`].
    found: Vec<[Option<u64>; MAX_ORDER]>,
    /// FST states after the first letter of an n-gram.
    first_steps: FirstSteps<'static>,
    /// The scores of the letter being scored, by language number (a byte: indexed without a
    /// bounds check or an offset).
    letter: Box<[f64; 256]>,
}

impl Default for ScoreRows {
    fn default() -> Self {
        Self {
            words: HashMap::default(),
            // Room for the cap at once: growing by doubling would copy the rows to a new
            // place each time; the pages are touched only as rows are written.
            rows: Vec::with_capacity(MAX_CACHED_SCORES),
            width: 0,
            found: Vec::new(),
            first_steps: FirstSteps::default(),
            letter: Box::new([0.0; 256]),
        }
    }
}

impl ScoreRows {
    /// The row of `word` (`lanes.width` scores), scored now when the word was not seen
    /// before.
    fn rows_of(&mut self, model: &'static Model, word: &[char], cand_bits: u64, lanes: Lanes) -> &[f64] {
        if self.width != lanes.width {
            self.words.clear();
            self.rows.clear();
            self.width = lanes.width;
        }
        // One hash lookup for a word seen before (most are).
        let (start, length) = match self.words.get(word) {
            Some(&span) => span,
            None => {
                let length = lanes.width;
                if self.rows.len() + length > MAX_CACHED_SCORES {
                    self.words.clear();
                    self.rows.clear();
                }
                let start = self.rows.len();
                score_letters(
                    model,
                    word,
                    cand_bits,
                    lanes,
                    &mut self.found,
                    &mut self.first_steps,
                    &mut self.letter,
                    &mut self.rows,
                );
                self.words.insert(word.into(), (start, length));
                (start, length)
            }
        };
        self.rows.get(start..start + length).unwrap_or_default()
    }
}

/// The sum over the letters of `word`, in letter order, of each candidate's score of the
/// letter (that of the longest n-gram ending at the letter the language has, backed off from
/// the longest possible, or the floor when it has none): one row of `lanes.width`, appended to
/// `rows`.
#[allow(clippy::too_many_arguments, reason = "the scratch buffers of `ScoreRows`, borrowed apart")]
fn score_letters<'f>(
    model: &'f Model,
    word: &[char],
    cand_bits: u64,
    lanes: Lanes,
    found: &mut Vec<[Option<u64>; MAX_ORDER]>,
    first_steps: &mut FirstSteps<'f>,
    letter: &mut [f64; 256],
    rows: &mut Vec<f64>,
) {
    lookup_ngrams(model, word, found, first_steps);
    let lane_langs = lanes.first_lang..lanes.first_lang + lanes.width;
    let row_start = rows.len();
    rows.resize(row_start + lanes.width, 0.0);
    for i in 0..word.len() {
        let top = MAX_ORDER.min(i + 1);
        // Candidates without any n-gram for this letter keep the floor.
        if let Some(row) = letter.get_mut(lane_langs.clone()) {
            row.fill(FLOOR + BACKOFF * (top - 1) as f64);
        }
        // The candidates not scored yet for this letter: a letter's scores are taken from
        // the longest n-gram each candidate has, so entries of shorter n-grams are read only
        // while some candidate is unscored.
        let mut unscored = cand_bits;
        for n in (1..=top).rev() {
            let Some(packed) = found.get(i + 1 - n).and_then(|entries| entries[n - 1]) else { continue };
            let start = (packed >> 8) as usize * 2;
            let count = (packed & 0xff) as usize;
            let Some(vals) = model.values.get(start..start + count * 2) else { continue };
            let Some(scores) = model.letter_scores.get(top - n) else { continue };
            let (pairs, _) = vals.as_chunks::<2>();
            if unscored == cand_bits {
                // No candidate is scored yet (the longest n-gram found, mostly): every entry
                // is taken without the test. A language of another script only writes a lane
                // whose total is never read.
                let mut scored = 0u64;
                for &[lang, quantised] in pairs {
                    scored |= LANGUAGE_BIT[usize::from(lang)];
                    letter[usize::from(lang)] = scores[usize::from(quantised)];
                }
                unscored &= !scored;
            } else {
                for &[lang, quantised] in pairs {
                    let bit = LANGUAGE_BIT[usize::from(lang)];
                    if unscored & bit != 0 {
                        // `bit` is set in `unscored`: flipping it clears it.
                        unscored ^= bit;
                        letter[usize::from(lang)] = scores[usize::from(quantised)];
                    }
                }
            }
            if unscored == 0 {
                break;
            }
        }
        let (Some(row), Some(scores)) = (rows.get_mut(row_start..), letter.get(lane_langs.clone())) else {
            continue;
        };
        for (sum, score) in row.iter_mut().zip(scores) {
            *sum += score;
        }
    }
}

/// The bit of a language in [`rank`]'s language sets, by language number: `1 << lang` below
/// 64 and 0 above (a language `parse` cannot admit), one table read instead of a checked
/// shift per entry of the model (the loop over entries is most of language identification).
const LANGUAGE_BIT: [u64; 256] = {
    let mut bits = [0u64; 256];
    let mut lang = 0;
    while lang < 64 {
        bits[lang] = 1 << lang;
        lang += 1;
    }
    bits
};

/// Fill `found` with the model's entry of every n-gram of `word` (orders 1 to [`MAX_ORDER`]),
/// indexed by start letter and order. The n-grams starting at one letter are prefixes of each
/// other, so one walk down the FST per letter finds them all (five separate lookups per letter
/// walked the same first transitions up to five times).
fn lookup_ngrams<'f>(
    model: &'f Model,
    word: &[char],
    found: &mut Vec<[Option<u64>; MAX_ORDER]>,
    first_steps: &mut FirstSteps<'f>,
) {
    let fst = model.map.as_fst();
    found.clear();
    found.resize(word.len(), [None; MAX_ORDER]);
    let mut utf8 = [0u8; 4];
    for (start, entries) in found.iter_mut().enumerate() {
        let Some(&first) = word.get(start) else { break };
        let Some((mut node, mut output)) = first_steps.after(model, first) else { continue };
        if node.is_final() {
            entries[0] = Some(output.cat(node.final_output()).value());
        }
        'orders: for (order, &letter) in word[start..].iter().take(MAX_ORDER).enumerate().skip(1) {
            for &byte in letter.encode_utf8(&mut utf8).as_bytes() {
                let Some(index) = node.find_input(byte) else { break 'orders };
                let transition = node.transition(index);
                output = output.cat(transition.out);
                node = fst.node(transition.addr);
            }
            if node.is_final() {
                entries[order] = Some(output.cat(node.final_output()).value());
            }
        }
    }
}

/// The FST state (node and output so far) after each first letter of an n-gram, walked
/// from the root once per letter and thread ([`ScoreRows`] keeps them) instead of once per
/// letter of the text (`None` when no n-gram starts with the letter).
struct FirstSteps<'f> {
    /// ASCII letters, by code (outer `None`: not walked yet).
    ascii: [Option<Option<(fst::raw::Node<'f>, fst::raw::Output)>>; 128],
    /// Other letters.
    other: HashMap<char, Option<(fst::raw::Node<'f>, fst::raw::Output)>>,
}

impl Default for FirstSteps<'_> {
    fn default() -> Self {
        Self { ascii: [None; 128], other: HashMap::default() }
    }
}

impl<'f> FirstSteps<'f> {
    /// The state after `letter` from the root.
    fn after(&mut self, model: &'f Model, letter: char) -> Option<(fst::raw::Node<'f>, fst::raw::Output)> {
        let walk = || {
            let fst = model.map.as_fst();
            let mut node = fst.root();
            let mut output = fst::raw::Output::zero();
            let mut utf8 = [0u8; 4];
            for &byte in letter.encode_utf8(&mut utf8).as_bytes() {
                let transition = node.transition(node.find_input(byte)?);
                output = output.cat(transition.out);
                node = fst.node(transition.addr);
            }
            Some((node, output))
        };
        match self.ascii.get_mut(letter as usize) {
            Some(slot) => *slot.get_or_insert_with(walk),
            None => *self.other.entry(letter).or_insert_with(walk),
        }
    }
}

/// [`lookup_ngrams`] as first written, every n-gram walked from the root.
#[cfg(test)]
fn lookup_ngrams_from_the_root(model: &Model, word: &[char], found: &mut Vec<[Option<u64>; MAX_ORDER]>) {
    let fst = model.map.as_fst();
    found.clear();
    found.resize(word.len(), [None; MAX_ORDER]);
    let mut utf8 = [0u8; 4];
    for (start, entries) in found.iter_mut().enumerate() {
        let mut node = fst.root();
        let mut output = fst::raw::Output::zero();
        'orders: for (order, &letter) in word[start..].iter().take(MAX_ORDER).enumerate() {
            for &byte in letter.encode_utf8(&mut utf8).as_bytes() {
                let Some(index) = node.find_input(byte) else { break 'orders };
                let transition = node.transition(index);
                output = output.cat(transition.out);
                node = fst.node(transition.addr);
            }
            if node.is_final() {
                entries[order] = Some(output.cat(node.final_output()).value());
            }
        }
    }
}

/// Log prior (nats, added to a text's total) of a language over the others of its script.
/// Hindi and Marathi share most short words, and the models (letters only, no vowel signs) see
/// little of what tells them apart; Hindi is by far the more common in news.
fn prior(code: &str) -> f64 {
    match code {
        "hi" => 2.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_is_embedded_and_parses() {
        let model = model().expect("the embedded model parses");
        assert_eq!(model.langs.len(), 59);
        for (code, script) in [("en", 0), ("id", 0), ("vi", 0), ("ru", 1), ("kk", 1), ("fa", 2), ("hi", 3)] {
            assert!(model.langs.contains(&(code, script)), "{code}");
        }
        for code in ["ms", "bs", "nn"] {
            assert!(!model.langs.iter().any(|(c, _)| *c == code), "{code} is left out on purpose");
        }
        assert!(model.map.get("the").is_some());
    }

    /// `rank` as first written: every candidate's letter score gathered in a per-language
    /// array (a NaN-free bit set of the unscored), summed per word in letter order, and the
    /// words' sums added to the totals in word order.
    fn rank_reference(words: &[Vec<char>], script: Script) -> Vec<(&'static str, f64)> {
        let model = model().expect("the embedded model parses");
        let step = f64::from(f32::from_le_bytes(MODEL_BYTES[4..8].try_into().expect("four bytes")));
        let cands: Vec<usize> =
            (0..model.langs.len()).filter(|&i| model.langs[i].1 == script as u8).collect();
        if cands.is_empty() {
            return Vec::new();
        }
        let mut totals = vec![0.0f64; model.langs.len()];
        let mut best = vec![0.0f64; model.langs.len()];
        let cand_bits = cands.iter().fold(0u64, |bits, &l| bits | 1 << l);
        let mut chars = 0usize;
        let mut found: Vec<[Option<u64>; MAX_ORDER]> = Vec::new();
        for word in words {
            lookup_ngrams_from_the_root(model, word, &mut found);
            let mut word_sums = vec![0.0f64; model.langs.len()];
            for i in 0..word.len() {
                let top = MAX_ORDER.min(i + 1);
                let mut unscored = cand_bits;
                for n in (1..=top).rev() {
                    let Some(packed) = found[i + 1 - n][n - 1] else { continue };
                    let start = (packed >> 8) as usize * 2;
                    let count = (packed & 0xff) as usize;
                    let Some(vals) = model.values.get(start..start + count * 2) else { continue };
                    let penalty = BACKOFF * (top - n) as f64;
                    for pair in vals.chunks_exact(2) {
                        let bit = 1u64.checked_shl(u32::from(pair[0])).unwrap_or(0);
                        if unscored & bit != 0 {
                            best[usize::from(pair[0])] = -f64::from(pair[1]) * step + penalty;
                            unscored &= !bit;
                        }
                    }
                    if unscored == 0 {
                        break;
                    }
                }
                for &l in &cands {
                    word_sums[l] +=
                        if unscored >> l & 1 == 1 { FLOOR + BACKOFF * (top - 1) as f64 } else { best[l] };
                }
                chars += 1;
            }
            for &l in &cands {
                totals[l] += word_sums[l];
            }
        }
        let chars = chars.max(1) as f64;
        let mut out: Vec<(&'static str, f64)> = cands
            .iter()
            .map(|&l| (model.langs[l].0, (totals[l] + prior(model.langs[l].0)) / chars))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }

    /// Adding each word's row of summed letter scores to the totals gives bit-identical
    /// scores to gathering them per letter first, for words scored now and words scored
    /// before (each text is ranked twice, and repeats words), and the ranking's best two are
    /// the first two of the sorted scores.
    #[test]
    fn rank_equals_the_reference_bit_for_bit() {
        let texts = [
            (
                "the differences between russia and nato will be difficult to bridge the head said",
                Script::Latin,
            ),
            ("die unterschiede zwischen russland und der nato seien schwer zu überbrücken", Script::Latin),
            ("regjeringen la i dag fram en ny plan for å forbedre helsetjenesten xq zzzzzz", Script::Latin),
            ("the the cat and the dog and the cat", Script::Latin),
            ("правительство сегодня представило новый план", Script::Cyrillic),
            ("حکومت نے آج صحت کی خدمات کو بہتر", Script::Arabic),
            ("सरकार ने आज स्वास्थ्य सेवाओं", Script::Devanagari),
        ];
        for (text, script) in texts.into_iter().chain(texts) {
            let words: Vec<Vec<char>> = text.split(' ').map(|w| w.chars().collect()).collect();
            let mut got = scores(words.iter().map(Vec::as_slice), script);
            got.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            let want = rank_reference(&words, script);
            assert_eq!(got.len(), want.len());
            for ((code, score), (want_code, want_score)) in got.iter().zip(&want) {
                assert_eq!(code, want_code, "{text}");
                assert_eq!(score.to_bits(), want_score.to_bits(), "{text} {code}");
            }
            let ranking = rank(words.iter().map(Vec::as_slice), script).expect("every script has languages");
            assert_eq!(
                (ranking.best, ranking.best_score.to_bits()),
                (want[0].0, want[0].1.to_bits()),
                "{text}"
            );
            assert_eq!(ranking.runner_up_score.to_bits(), want[1].1.to_bits(), "{text}");
        }
    }

    /// The bit table equals the checked shift it replaces, for every byte.
    #[test]
    fn language_bits_equal_the_checked_shift() {
        for lang in 0..=255u8 {
            assert_eq!(LANGUAGE_BIT[usize::from(lang)], 1u64.checked_shl(u32::from(lang)).unwrap_or(0));
        }
    }

    #[test]
    fn ranks_only_languages_of_the_script() {
        let words: Vec<Vec<char>> =
            ["через", "несколько", "дней"].iter().map(|w| w.chars().collect()).collect();
        let scored = scores(words.iter().map(Vec::as_slice), Script::Cyrillic);
        assert_eq!(scored.len(), 8);
        let ranking =
            rank(words.iter().map(Vec::as_slice), Script::Cyrillic).expect("Cyrillic has languages");
        assert_eq!(ranking.best, "ru");
        assert!(ranking.best_score >= ranking.runner_up_score);
        assert_eq!(scores(std::iter::empty(), Script::Arabic).len(), 3);
    }
}
