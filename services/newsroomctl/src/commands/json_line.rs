//! Reading one JSON Lines object of the batch contract (`enrich --jsonl`).
//!
//! A batch line is a whole web page inside one JSON string, with an escape (`\"` of every
//! attribute, `\n`) every few dozen bytes; serde_json's string reader pays a setup per escape
//! and was the largest cost of the batch outside the pipeline. Here string values are
//! scanned sixteen bytes at a time (SSE2) for the next quote, backslash or control byte and
//! copied in runs. Every other value (numbers, objects, arrays, literals) is read by
//! serde_json.

use serde_json::{Map, Value};

/// A JSON object from `line`: its string values read by [`read_string`], other values by
/// serde_json. Errors name what is wrong and the byte offset.
pub fn parse_object(line: &[u8]) -> Result<Map<String, Value>, String> {
    let mut pos = skip_space(line, 0);
    if line.get(pos) != Some(&b'{') {
        return Err(format!("expected an object at byte {pos}"));
    }
    pos = skip_space(line, pos + 1);
    let mut object = Map::new();
    if line.get(pos) == Some(&b'}') {
        return finish(line, pos + 1, object);
    }
    loop {
        if line.get(pos) != Some(&b'"') {
            return Err(format!("expected a field name at byte {pos}"));
        }
        let (key, after_key) = read_string(line, pos + 1)?;
        pos = skip_space(line, after_key);
        if line.get(pos) != Some(&b':') {
            return Err(format!("expected `:` after field \"{key}\" at byte {pos}"));
        }
        pos = skip_space(line, pos + 1);
        let (value, after_value) = read_value(line, pos)?;
        object.insert(key, value);
        pos = skip_space(line, after_value);
        match line.get(pos) {
            Some(b',') => pos = skip_space(line, pos + 1),
            Some(b'}') => return finish(line, pos + 1, object),
            _ => return Err(format!("expected `,` or `}}` at byte {pos}")),
        }
    }
}

/// The object, when only whitespace follows it on the line.
fn finish(line: &[u8], pos: usize, object: Map<String, Value>) -> Result<Map<String, Value>, String> {
    let end = skip_space(line, pos);
    if end < line.len() {
        return Err(format!("trailing characters at byte {end}"));
    }
    Ok(object)
}

/// The offset of the first byte at or after `pos` that is not JSON whitespace.
fn skip_space(line: &[u8], mut pos: usize) -> usize {
    while matches!(line.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
    }
    pos
}

/// The value at `pos` and the offset after it.
fn read_value(line: &[u8], pos: usize) -> Result<(Value, usize), String> {
    if line.get(pos) == Some(&b'"') {
        let (text, after) = read_string(line, pos + 1)?;
        return Ok((Value::String(text), after));
    }
    let rest = line.get(pos..).unwrap_or_default();
    let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<Value>();
    match values.next() {
        Some(Ok(value)) => Ok((value, pos + values.byte_offset())),
        Some(Err(error)) => Err(format!("{error} (value at byte {pos})")),
        None => Err(format!("expected a value at byte {pos}")),
    }
}

/// Eight bytes of ones, for the word-at-a-time byte tests.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each of eight bytes.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Offset of the first `"`, `\` or control byte (below U+0020, not allowed raw in a JSON
/// string) in `bytes`, or its length. On x86-64, sixteen bytes at a time with SSE2 (part of
/// the x86-64 baseline, so always there); the rest by [`find_special_in_words`].
#[cfg(target_arch = "x86_64")]
pub(super) fn find_special(bytes: &[u8]) -> usize {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let mut offset = 0;
    while let Some(chunk) = bytes.get(offset..offset + 16) {
        // SAFETY: SSE2 is enabled on every x86-64 target; the load is unaligned and reads the
        // sixteen bytes of `chunk`, which exist.
        let mask = unsafe {
            let sixteen = _mm_loadu_si128(chunk.as_ptr().cast());
            let quote = _mm_cmpeq_epi8(sixteen, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(sixteen, _mm_set1_epi8(b'\\' as i8));
            // An unsigned byte is at most 0x1F exactly when min(byte, 0x1F) is the byte.
            let control = _mm_cmpeq_epi8(_mm_min_epu8(sixteen, _mm_set1_epi8(0x1F)), sixteen);
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32
        };
        if mask != 0 {
            return offset + mask.trailing_zeros() as usize;
        }
        offset += 16;
    }
    offset + find_special_in_words(bytes.get(offset..).unwrap_or_default())
}

/// [`find_special`] where SSE2 is not known to be there.
#[cfg(not(target_arch = "x86_64"))]
pub(super) fn find_special(bytes: &[u8]) -> usize {
    find_special_in_words(bytes)
}

/// [`find_special`] eight bytes at a time, portably: a byte equal to `b` is a zero byte of
/// `word ^ (b × ONES)`, found with the `(x − ONES) & !x & HIGHS` test, whose lowest set bit
/// is always a true match.
fn find_special_in_words(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let word = u64::from_le_bytes(eight);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word))
            & HIGHS;
        if found != 0 {
            return offset + (found.trailing_zeros() / 8) as usize;
        }
        offset += 8;
    }
    let tail = chunks.remainder();
    offset + tail.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(tail.len())
}

/// The string whose text starts at `pos` (after its opening quote), escapes decoded, and
/// the offset after its closing quote. A lone UTF-16 surrogate becomes U+FFFD.
fn read_string(line: &[u8], pos: usize) -> Result<(String, usize), String> {
    let start = pos;
    let rest = line.get(pos..).unwrap_or_default();
    let first_special = find_special(rest);
    // A string without escapes (field names, ids, URLs) is one exact copy.
    if rest.get(first_special) == Some(&b'"') {
        let text = String::from_utf8(rest[..first_special].to_vec())
            .map_err(|error| format!("string from byte {} is not UTF-8: {error}", start.saturating_sub(1)))?;
        return Ok((text, pos + first_special + 1));
    }
    // An escape never decodes to more bytes than it is written with, so the rest of the line
    // bounds the text; the spare [`CHUNK`] lets [`copy_run`] store whole chunks.
    let mut text = Vec::with_capacity(rest.len() + CHUNK);
    text.extend_from_slice(&rest[..first_special]);
    let mut pos = pos + first_special;
    loop {
        match line.get(pos) {
            None => return Err(format!("unterminated string from byte {}", start.saturating_sub(1))),
            Some(b'"') => {
                pos += 1;
                break;
            }
            Some(b'\\') => pos = read_escape(line, pos + 1, &mut text)?,
            Some(_) => return Err(format!("control character in a string at byte {pos}")),
        }
        pos = copy_run(line, pos, &mut text);
    }
    let text = String::from_utf8(text)
        .map_err(|error| format!("string from byte {} is not UTF-8: {error}", start.saturating_sub(1)))?;
    Ok((text, pos))
}

/// Bytes [`find_special`] and [`copy_run`] look at per step.
const CHUNK: usize = 16;

/// Append the bytes from `pos` up to the next `"`, `\` or control byte to `text` and return
/// that byte's offset (or the line's length), decoding on the way the two-byte escapes of one
/// byte ([`SIMPLE_ESCAPES`]) met while a whole chunk is left (the caller's loop decodes every
/// other escape). A page has an escape every twenty bytes or so (`\"` of every
/// attribute, `\n`, `\t`), so the run between two is short: on x86-64 each sixteen-byte chunk
/// is tested and stored whole at the text's end (only its plain bytes are kept), and a simple
/// escape is decoded in the same loop; a return to [`read_string`]'s loop per escape cost a
/// search restart, a dispatch and a call. The text's length is kept in a register until the
/// end: room for every store is checked once, up front.
#[cfg(target_arch = "x86_64")]
fn copy_run(line: &[u8], mut pos: usize, text: &mut Vec<u8>) -> usize {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_storeu_si128,
    };
    // Each step appends at most as many bytes as it reads (a plain byte is copied, an escape of
    // two bytes decodes to one), so room for the rest of the line and one chunk more, checked
    // here, stays enough for every sixteen-byte store below.
    let unread = line.len().saturating_sub(pos);
    if text.capacity() - text.len() < unread + CHUNK {
        return copy_run_bytewise(line, pos, text);
    }
    // The last offset a whole chunk can be read from (none when the rest is shorter).
    let Some(last_chunk) = line.len().checked_sub(CHUNK) else { return copy_run_bytewise(line, pos, text) };
    let mut length = text.len();
    let out = text.as_mut_ptr();
    while pos <= last_chunk {
        // SAFETY: SSE2 is enabled on every x86-64 target. The unaligned load reads
        // `line[pos..pos + 16]`, which exists (`pos <= line.len() - 16`); the unaligned store
        // writes sixteen bytes from `length`, inside the capacity (checked above, see there).
        let mask = unsafe {
            let sixteen = _mm_loadu_si128(line.as_ptr().add(pos).cast());
            _mm_storeu_si128(out.add(length).cast(), sixteen);
            let quote = _mm_cmpeq_epi8(sixteen, _mm_set1_epi8(b'"' as i8));
            let backslash = _mm_cmpeq_epi8(sixteen, _mm_set1_epi8(b'\\' as i8));
            let control = _mm_cmpeq_epi8(_mm_min_epu8(sixteen, _mm_set1_epi8(0x1F)), sixteen);
            _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32
        };
        if mask == 0 {
            pos += CHUNK;
            length += CHUNK;
            continue;
        }
        let plain = mask.trailing_zeros() as usize;
        pos += plain;
        length += plain;
        let Some(decoded) = simple_escape_at(line, pos) else { break };
        // SAFETY: `length` is inside the capacity (the store above covered it).
        unsafe { out.add(length).write(decoded) };
        length += 1;
        pos += 2;
    }
    // SAFETY: the first `length` bytes were initialised: the text's own, then the plain bytes
    // of each store and each decoded escape, in order.
    unsafe { text.set_len(length) };
    if pos <= last_chunk {
        // Stopped at a byte the caller decodes (a `\u` escape, the closing quote, an error).
        return pos;
    }
    copy_run_bytewise(line, pos, text)
}

/// For each byte after a backslash, the byte its escape stands for, or 0 for `u` (four hex
/// digits follow) and for what is no escape: `\"`, `\\`, `\/`, `\n`, `\t`, `\r`, `\b`, `\f`.
static SIMPLE_ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'/' as usize] = b'/';
    table[b'n' as usize] = b'\n';
    table[b't' as usize] = b'\t';
    table[b'r' as usize] = b'\r';
    table[b'b' as usize] = 0x08;
    table[b'f' as usize] = 0x0C;
    table
};

/// The byte of the one-byte escape ([`SIMPLE_ESCAPES`]) whose backslash is at `pos`, if that
/// is one.
#[cfg(any(target_arch = "x86_64", test))]
fn simple_escape_at(line: &[u8], pos: usize) -> Option<u8> {
    let [b'\\', letter] = *line.get(pos..pos + 2)? else { return None };
    let decoded = SIMPLE_ESCAPES[usize::from(letter)];
    (decoded != 0).then_some(decoded)
}

/// [`copy_run`] where SSE2 is not known to be there.
#[cfg(not(target_arch = "x86_64"))]
fn copy_run(line: &[u8], pos: usize, text: &mut Vec<u8>) -> usize {
    copy_run_bytewise(line, pos, text)
}

/// [`copy_run`] by one search and one copy: for the line's last bytes and other targets.
fn copy_run_bytewise(line: &[u8], pos: usize, text: &mut Vec<u8>) -> usize {
    let rest = line.get(pos..).unwrap_or_default();
    let run = find_special(rest);
    text.extend_from_slice(&rest[..run]);
    pos + run
}

/// Decode the escape whose letter is at `pos` into `text`; returns the offset after it.
fn read_escape(line: &[u8], pos: usize, text: &mut Vec<u8>) -> Result<usize, String> {
    let letter = line.get(pos).copied().unwrap_or_default();
    let simple = match SIMPLE_ESCAPES[usize::from(letter)] {
        0 if letter == b'u' => {
            let code = hex4(line, pos + 1)?;
            let mut after = pos + 5;
            let c = match code {
                0xD800..=0xDBFF if line.get(after..after + 2) == Some(b"\\u") => {
                    match hex4(line, after + 2)? {
                        low @ 0xDC00..=0xDFFF => {
                            after += 6;
                            char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                        }
                        _ => None,
                    }
                }
                _ => char::from_u32(code),
            };
            let mut utf8 = [0u8; 4];
            text.extend_from_slice(c.unwrap_or('\u{FFFD}').encode_utf8(&mut utf8).as_bytes());
            return Ok(after);
        }
        0 => return Err(format!("invalid escape at byte {}", pos.saturating_sub(1))),
        simple => simple,
    };
    text.push(simple);
    Ok(pos + 1)
}

/// The four hex digits at `pos` as a number.
fn hex4(line: &[u8], pos: usize) -> Result<u32, String> {
    line.get(pos..pos + 4)
        .and_then(|digits| std::str::from_utf8(digits).ok())
        .and_then(|digits| u32::from_str_radix(digits, 16).ok())
        .ok_or_else(|| format!("invalid \\u escape at byte {}", pos.saturating_sub(2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads() {
        let texts = [
            "",
            "plain",
            "<p class=\"lead\">Quote: \"x\" \\ back/slash</p>\n\tnext\r\u{8}\u{c}",
            "caf\u{e9} \u{1F600} \u{2014} \u{0} \u{1f}",
            "exactly8",
            "sixteen bytes!!!",
            "\"\"\"\"\"\"\"\"\"\"",
        ];
        for text in texts {
            let line = serde_json::json!({"id": 7, "content": text, "url": null, "extra": [1, {"a": "b"}]})
                .to_string();
            let ours = parse_object(line.as_bytes());
            let reference: Result<Map<String, Value>, _> = serde_json::from_str(&line);
            assert_eq!(ours.ok(), reference.ok(), "{line}");
        }
        let escapes = br#"{"a":"\/\u00e9\ud83d\ude00\u0041", "b" : -1.5e3 , "c":true,"d":"lone \ud800 x"}"#;
        let object = parse_object(escapes).unwrap_or_default();
        assert_eq!(object["a"], "/é😀A");
        assert_eq!(object["b"], -1500.0);
        assert_eq!(object["c"], true);
        assert_eq!(object["d"], "lone \u{FFFD} x");
        assert_eq!(parse_object(b" { } \r\n").map(|o| o.len()), Ok(0));
    }

    #[test]
    fn bad_lines_say_what_is_wrong_and_where() {
        let cases: [(&[u8], &str); 9] = [
            (b"[1]", "expected an object at byte 0"),
            (b"{\"a\" 1}", "expected `:` after field \"a\" at byte 5"),
            (b"{\"a\":1 \"b\":2}", "expected `,` or `}` at byte 7"),
            (b"{\"a\":\"open", "unterminated string from byte 5"),
            (b"{\"a\":\"tab\there\"}", "control character in a string at byte 9"),
            (b"{\"a\":\"\\x\"}", "invalid escape at byte 6"),
            (b"{\"a\":\"\\u12\"}", "invalid \\u escape at byte 6"),
            (b"{\"a\":\"caf\xff\"}", "string from byte 5 is not UTF-8"),
            (b"{\"a\":1} x", "trailing characters at byte 8"),
        ];
        for (line, expected) in cases {
            let error = parse_object(line).err().unwrap_or_default();
            assert!(error.starts_with(expected), "{}: {error}", String::from_utf8_lossy(line));
        }
        assert!(parse_object(b"{\"a\":tru}").err().unwrap_or_default().contains("value at byte 5"));
    }

    #[test]
    fn finds_special_bytes_at_every_position() {
        for length in 0..40 {
            for at in 0..length {
                for special in [b'"', b'\\', b'\n', 0] {
                    let mut bytes = vec![b'a'; length];
                    bytes[at] = special;
                    // Bytes above 0x7f next to the match must not hide it or be taken for it.
                    if at + 1 < length {
                        bytes[at + 1] = 0xC3;
                    }
                    assert_eq!(find_special(&bytes), at, "{bytes:?}");
                    assert_eq!(find_special_in_words(&bytes), at, "{bytes:?}");
                }
            }
            assert_eq!(find_special(&vec![0xE2; length]), length);
            assert_eq!(find_special_in_words(&vec![0x20; length]), length);
            assert_eq!(find_special(&vec![0x20; length]), length);
        }
    }

    /// [`copy_run`]'s reference: [`copy_run_bytewise`] runs with the simple escapes between
    /// them decoded.
    fn copy_run_decoding_bytewise(line: &[u8], from: usize, text: &mut Vec<u8>) -> usize {
        let stop = copy_run_bytewise(line, from, text);
        decode_simple_escapes_from(line, stop, text)
    }

    /// The run continued from `stop` (a special byte) while simple escapes follow: what
    /// [`copy_run`] may have left to [`read_string`]'s loop near the line's end.
    fn decode_simple_escapes_from(line: &[u8], mut stop: usize, text: &mut Vec<u8>) -> usize {
        while let Some(decoded) = simple_escape_at(line, stop) {
            text.push(decoded);
            stop = copy_run_bytewise(line, stop + 2, text);
        }
        stop
    }

    #[test]
    fn chunked_runs_copy_what_the_bytewise_copy_copies() {
        for length in 0..48 {
            for at in 0..=length {
                for special in [b'"', b'\\', b'\n', 0x1F] {
                    let mut line: Vec<u8> = (0..length).map(|i| b"ab\xC3\xA9cd"[i % 6]).collect();
                    line.insert(at, special);
                    for from in 0..=at {
                        let mut chunked = Vec::with_capacity(line.len() + CHUNK);
                        let mut bytewise = Vec::new();
                        let stop = copy_run(&line, from, &mut chunked);
                        assert!(
                            line.get(stop).is_none_or(|&b| b == b'"' || b == b'\\' || b < 0x20),
                            "{line:?} from {from}: {stop}"
                        );
                        let end = decode_simple_escapes_from(&line, stop, &mut chunked);
                        assert_eq!(
                            end,
                            copy_run_decoding_bytewise(&line, from, &mut bytewise),
                            "{line:?} from {from}"
                        );
                        // Only a backslash before `b` (an escape of one byte) is passed.
                        if special != b'\\' || line.get(at + 1) != Some(&b'b') {
                            assert_eq!(end, at);
                        }
                        assert_eq!(chunked, bytewise);
                    }
                }
            }
        }
        let line = br#"q\"\\\/\n\t\r\b\f plain and long enough for a chunk or two \" \u0041x"#;
        let mut chunked = Vec::with_capacity(line.len() + CHUNK);
        let end = decode_simple_escapes_from(line, copy_run(line, 0, &mut chunked), &mut chunked);
        assert_eq!(line.get(end..end + 2), Some(&b"\\u"[..]));
        let mut bytewise = Vec::new();
        assert_eq!(copy_run_decoding_bytewise(line, 0, &mut bytewise), end);
        assert_eq!(chunked, bytewise);
        // Without spare capacity the chunked copy still copies everything (by the slow path).
        let mut unreserved = Vec::new();
        assert_eq!(copy_run(&[b'x'; 40], 0, &mut unreserved), 40);
        assert_eq!(unreserved, vec![b'x'; 40]);
    }

    #[test]
    fn strings_of_every_length_with_escapes_anywhere_read_as_serde_json_reads() {
        for length in 0..48 {
            let escapes = ["\"", "\n", "\u{1}", "\u{e9}", "\u{1F600}", "\\"];
            for (at, escape) in (0..=length).flat_map(|at| escapes.map(|escape| (at, escape))) {
                let mut text: String = ('a'..='z').chain('A'..='Z').take(length).collect();
                text.insert_str(at, escape);
                let line = serde_json::json!({"content": text}).to_string();
                let content =
                    parse_object(line.as_bytes()).ok().and_then(|object| object.get("content").cloned());
                assert_eq!(content, Some(Value::String(text)), "{line}");
            }
        }
    }
}
