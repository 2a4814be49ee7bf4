//! Builds `ngrams.bin` from lingua's per-language n-gram models: the crates.io crates
//! `lingua-<language>-language-model` 1.3.0 (Apache-2.0, by Peter M. Stahl), whose
//! `models/ngrams.fst` maps each 1..5-letter n-gram to ln P(last letter | preceding letters).
//! For each language and order it keeps the K most probable n-grams (joint probability, chained
//! from the conditional ones) and quantises their conditional log probability to one byte.
//! See ../README.md for the command line.
use std::collections::HashMap;
use std::io::Write;

/// (lingua model crate stem, ISO 639-1 code, script id).
/// Left out on purpose: Malay (most Indonesian would come out as Malay), Bosnian (Croatian as
/// Bosnian), Nynorsk (Bokmål as Nynorsk); whatlang has none of the three either. Languages in
/// scripts of their own (Greek, Armenian, Georgian, Hebrew, Han, kana, Hangul, Thai, Bengali,
/// Gujarati, Gurmukhi, Tamil, Telugu) are left to whatlang's script detection.
/// script ids: 0 Latin, 1 Cyrillic, 2 Arabic, 3 Devanagari
const LANGS: &[(&str, &str, u8)] = &[
    ("afrikaans", "af", 0),
    ("albanian", "sq", 0),
    ("azerbaijani", "az", 0),
    ("basque", "eu", 0),
    ("bokmal", "nb", 0),
    ("catalan", "ca", 0),
    ("croatian", "hr", 0),
    ("czech", "cs", 0),
    ("danish", "da", 0),
    ("dutch", "nl", 0),
    ("english", "en", 0),
    ("esperanto", "eo", 0),
    ("estonian", "et", 0),
    ("finnish", "fi", 0),
    ("french", "fr", 0),
    ("ganda", "lg", 0),
    ("german", "de", 0),
    ("hungarian", "hu", 0),
    ("icelandic", "is", 0),
    ("indonesian", "id", 0),
    ("irish", "ga", 0),
    ("italian", "it", 0),
    ("latin", "la", 0),
    ("latvian", "lv", 0),
    ("lithuanian", "lt", 0),
    ("maori", "mi", 0),
    ("polish", "pl", 0),
    ("portuguese", "pt", 0),
    ("romanian", "ro", 0),
    ("shona", "sn", 0),
    ("slovak", "sk", 0),
    ("slovene", "sl", 0),
    ("somali", "so", 0),
    ("sotho", "st", 0),
    ("spanish", "es", 0),
    ("swahili", "sw", 0),
    ("swedish", "sv", 0),
    ("tagalog", "tl", 0),
    ("tsonga", "ts", 0),
    ("tswana", "tn", 0),
    ("turkish", "tr", 0),
    ("vietnamese", "vi", 0),
    ("welsh", "cy", 0),
    ("xhosa", "xh", 0),
    ("yoruba", "yo", 0),
    ("zulu", "zu", 0),
    ("belarusian", "be", 1),
    ("bulgarian", "bg", 1),
    ("kazakh", "kk", 1),
    ("macedonian", "mk", 1),
    ("mongolian", "mn", 1),
    ("russian", "ru", 1),
    ("serbian", "sr", 1),
    ("ukrainian", "uk", 1),
    ("arabic", "ar", 2),
    ("persian", "fa", 2),
    ("urdu", "ur", 2),
    ("hindi", "hi", 3),
    ("marathi", "mr", 3),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let src = &args[1];
    let out = &args[2];
    let stats = args.get(3).map(|s| s == "stats").unwrap_or(false);
    // keep per order: top K by joint probability
    let keep: [usize; 6] = [
        0,
        env_usize("K1", 100000),
        env_usize("K2", 100000),
        env_usize("K3", 30000),
        env_usize("K4", 30000),
        env_usize("K5", 20000),
    ];
    let step: f64 = std::env::var("QSTEP").ok().and_then(|s| s.parse().ok()).unwrap_or(0.1);
    let only: Option<Vec<String>> =
        std::env::var("ONLY").ok().map(|s| s.split(',').map(String::from).collect());
    let mut table: HashMap<String, Vec<(u8, u8)>> = HashMap::new();
    let mut langs_out: Vec<(&str, u8)> = vec![];
    for (stem, code, script) in LANGS {
        if let Some(o) = &only {
            if !o.iter().any(|c| c == code) {
                continue;
            }
        }
        let li = langs_out.len() as u8;
        langs_out.push((code, *script));
        let path = format!("{src}/lingua-{stem}-language-model-1.3.0/models/ngrams.fst");
        let bytes = std::fs::read(&path).expect(&path);
        let map = fst::Map::new(bytes).expect("fst");
        let mut by_order: Vec<HashMap<String, f64>> = vec![HashMap::new(); 6];
        let mut stream = map.stream();
        use fst::Streamer;
        while let Some((k, v)) = stream.next() {
            let s = String::from_utf8(k.to_vec()).expect("utf8");
            let n = s.chars().count();
            if n >= 1 && n <= 5 {
                by_order[n].insert(s, f64::from_bits(v));
            }
        }
        // joint log probabilities
        let mut joint: Vec<HashMap<String, f64>> = vec![HashMap::new(); 6];
        for n in 1..=5 {
            let mut j = HashMap::new();
            for (s, c) in &by_order[n] {
                let val = if n == 1 {
                    *c
                } else {
                    let prefix: String = s.chars().take(n - 1).collect();
                    match joint[n - 1].get(&prefix) {
                        Some(p) => p + c,
                        None => continue,
                    }
                };
                j.insert(s.clone(), val);
            }
            joint[n] = j;
        }
        let mut kept = [0usize; 6];
        for n in 1..=5 {
            let mut v: Vec<(&String, f64)> = joint[n].iter().map(|(s, p)| (s, *p)).collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            v.truncate(keep[n]);
            kept[n] = v.len();
            for (s, _) in v {
                let c = by_order[n][s];
                let q = ((-c) / step).round().clamp(0.0, 255.0) as u8;
                table.entry(s.clone()).or_default().push((li, q));
            }
        }
        if stats {
            eprintln!(
                "{code}: total {:?} kept {:?}",
                (1..=5).map(|n| by_order[n].len()).collect::<Vec<_>>(),
                &kept[1..]
            );
        }
    }
    // Layout: b"LID2", f32 step, u8 n_langs, n_langs x (u8 len, code, u8 script),
    // u32 fst_len, fst bytes (n-gram -> start << 8 | count), values: (u8 lang, u8 q) pairs.
    let mut entries: Vec<(String, Vec<(u8, u8)>)> = table.into_iter().collect();
    entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut values: Vec<u8> = vec![];
    let mut builder = fst::MapBuilder::memory();
    for (k, vs) in &entries {
        let start = (values.len() / 2) as u64;
        for (l, q) in vs {
            values.push(*l);
            values.push(*q);
        }
        builder.insert(k.as_bytes(), (start << 8) | vs.len() as u64).expect("insert");
    }
    let fst_bytes = builder.into_inner().expect("fst");
    let mut buf: Vec<u8> = vec![];
    buf.extend_from_slice(b"LID2");
    buf.extend_from_slice(&(step as f32).to_le_bytes());
    buf.push(langs_out.len() as u8);
    for (code, script) in &langs_out {
        buf.push(code.len() as u8);
        buf.extend_from_slice(code.as_bytes());
        buf.push(*script);
    }
    buf.extend_from_slice(&(fst_bytes.len() as u32).to_le_bytes());
    buf.extend_from_slice(&fst_bytes);
    buf.extend_from_slice(&values);
    let mut f = std::fs::File::create(out).expect("create");
    f.write_all(&buf).expect("write");
    eprintln!(
        "langs {} keys {} values {} fst {} bytes {}",
        langs_out.len(),
        entries.len(),
        values.len() / 2,
        fst_bytes.len(),
        buf.len()
    );
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}
