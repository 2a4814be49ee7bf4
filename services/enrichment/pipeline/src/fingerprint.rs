//! Near-duplicate fingerprint: a 64-bit SimHash over word 3-shingles.
//!
//! Words are lowercased alphanumeric runs; each shingle of three consecutive words is hashed
//! (FNV-1a, 64 bit) and votes on every bit; the fingerprint is 16 hex digits. A story re-sent
//! with small edits (boilerplate, one changed sentence) flips few bits; unrelated stories
//! differ in about half of them. [`similarity`] = 1 − Hamming distance / 64, so unrelated
//! stories score about 0.5 and near-duplicates above 0.85 (the service clusters at ≥ 0.8).

use std::borrow::Cow;

/// FNV-1a (64 bit) over `parts` joined by single spaces, then a final avalanche.
fn fnv1a_joined<S: AsRef<str>>(parts: &[S]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut step = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            step(b' ');
        }
        // Four bytes a round: the same steps with less loop overhead per byte.
        let (quads, rest) = part.as_ref().as_bytes().as_chunks::<4>();
        for &[b0, b1, b2, b3] in quads {
            step(b0);
            step(b1);
            step(b2);
            step(b3);
        }
        for &b in rest {
            step(b);
        }
    }
    // Final avalanche (splitmix64) so nearby inputs spread over all bits.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The SimHash as a number (0 for a text without words).
pub fn simhash(body: &str) -> u64 {
    simhash_of_words(&crate::words::lowered_words(body))
}

/// [`simhash`] of a text already split into lower-cased words
/// ([`crate::words::lowered_words`]).
fn simhash_of_words(words: &[Cow<'_, str>]) -> u64 {
    if words.is_empty() {
        return 0;
    }
    // Each shingle votes +1 on its set bits and −1 on its clear ones; a bit is set in the
    // result when its votes are positive, that is when more than half the shingles set it.
    // The set bits are counted eight to a word: byte `i` of `packed[k]` counts bit `8k + i`
    // of the hashes, and one add of a table row counts the eight bits of a hash byte. A byte
    // counter holds up to 255, so the counts move to `ones` every 255 shingles.
    let mut ones = [0u64; 64];
    let mut packed = [0u64; 8];
    let mut pending = 0u32;
    let mut shingles = 0u64;
    let k = 3.min(words.len());
    for shingle in words.windows(k) {
        let h = fnv1a_joined(shingle);
        shingles += 1;
        for (lane, byte) in packed.iter_mut().zip(h.to_le_bytes()) {
            *lane += BYTE_BITS_PACKED[usize::from(byte)];
        }
        pending += 1;
        if pending == 255 {
            unpack_counts(&mut packed, &mut ones);
            pending = 0;
        }
    }
    unpack_counts(&mut packed, &mut ones);
    ones.iter()
        .enumerate()
        .fold(0u64, |acc, (bit, count)| if count * 2 > shingles { acc | (1 << bit) } else { acc })
}

/// Add the byte counters of `packed` (byte `i` of `packed[k]` counts bit `8k + i`) to the
/// per-bit counts `ones`, and clear them.
fn unpack_counts(packed: &mut [u64; 8], ones: &mut [u64; 64]) {
    for (lane, counts) in packed.iter_mut().zip(ones.chunks_exact_mut(8)) {
        for (count, byte) in counts.iter_mut().zip(lane.to_le_bytes()) {
            *count += u64::from(byte);
        }
        *lane = 0;
    }
}

/// For each byte value, its eight bits (lowest first) as the bytes (0 or 1) of a `u64`.
const BYTE_BITS_PACKED: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut value = 0;
    while value < 256 {
        let mut bit = 0;
        while bit < 8 {
            table[value] |= (((value >> bit) & 1) as u64) << (8 * bit);
            bit += 1;
        }
        value += 1;
    }
    table
};

/// Hex fingerprint of `body` (16 lowercase hex digits; empty for a text without words).
pub fn fingerprint(body: &str) -> String {
    fingerprint_of_words(&crate::words::lowered_words(body))
}

/// [`fingerprint`] of a text already split into lower-cased words
/// ([`crate::words::lowered_words`]): the pipeline splits the body once for this stage and
/// the topics.
pub fn fingerprint_of_words(words: &[Cow<'_, str>]) -> String {
    if words.is_empty() {
        return String::new();
    }
    format!("{:016x}", simhash_of_words(words))
}

/// Similarity of two fingerprints, 0 to 1 (1 − Hamming distance / 64); 0 when either is not
/// a valid fingerprint.
pub fn similarity(a: &str, b: &str) -> f32 {
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => similarity_of_hashes(x, y),
        _ => 0.0,
    }
}

/// A fingerprint (16 hex digits) as its simhash; `None` when empty or malformed.
pub fn parse(fingerprint: &str) -> Option<u64> {
    if fingerprint.len() != 16 {
        return None;
    }
    u64::from_str_radix(fingerprint, 16).ok()
}

/// [`similarity`] of two parsed fingerprints.
pub fn similarity_of_hashes(a: u64, b: u64) -> f32 {
    1.0 - (a ^ b).count_ones() as f32 / 64.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The differences between Russia and NATO over Ukraine will be difficult to bridge, the head of the alliance said on Wednesday after four hours of talks in Brussels. Russia has massed some 100,000 troops near the border with Ukraine, a former Soviet republic that aspires to join the alliance. Moscow denies planning to invade but says it needs guarantees for its own security, including a halt to any further expansion of the alliance to the east. The alliance said it was ready for further talks with Moscow on arms control and missile deployments, while allies reaffirmed the open door policy.";

    /// The vote as first written: ±1 per bit per shingle, a bit set when its sum is positive.
    fn simhash_by_votes(body: &str) -> u64 {
        let lowered: Vec<String> = body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let words: Vec<&str> = lowered.iter().map(String::as_str).collect();
        if words.is_empty() {
            return 0;
        }
        let mut votes = [0i64; 64];
        for shingle in words.windows(3.min(words.len())) {
            let h = fnv1a_joined(shingle);
            for (bit, v) in votes.iter_mut().enumerate() {
                *v += ((h >> bit) & 1) as i64 * 2 - 1;
            }
        }
        votes.iter().enumerate().fold(0u64, |acc, (bit, v)| if *v > 0 { acc | (1 << bit) } else { acc })
    }

    #[test]
    fn table_count_equals_the_vote() {
        // Over 255 shingles, so that the byte counters are emptied midway.
        let long = STORY.repeat(6);
        for body in [STORY, "", "one", "one two", "one two three", "Ein Satz. Noch ein Satz, und ÄÖÜ!", &long]
        {
            assert_eq!(simhash(body), simhash_by_votes(body), "{body}");
        }
    }

    #[test]
    fn parses_only_valid_fingerprints() {
        assert_eq!(parse("00000000000000ff"), Some(255));
        assert_eq!(parse(""), None);
        assert_eq!(parse("xyz"), None);
        assert_eq!(similarity_of_hashes(255, 255), 1.0);
    }

    #[test]
    fn near_duplicates_are_similar_and_others_not() {
        let a = fingerprint(STORY);
        assert_eq!(a.len(), 16);
        let edited = format!(
            "{} Related News | Subscribe to our newsletter",
            STORY.replace("four hours", "five hours")
        );
        let b = fingerprint(&edited);
        assert!(similarity(&a, &b) >= 0.8, "near duplicate {}", similarity(&a, &b));
        let other = fingerprint(
            "Heavy rain is expected across the north of the country this weekend, with forecasters warning of floods in low-lying areas and strong winds along the coast. Temperatures will fall sharply on Monday before a dry spell returns midweek, the weather service said in its latest bulletin.",
        );
        assert!(similarity(&a, &other) < 0.8, "different stories {}", similarity(&a, &other));
        assert_eq!(similarity(&a, &a), 1.0);
        assert_eq!(similarity("", &a), 0.0);
        assert_eq!(fingerprint("  ... "), "");
    }
}
