//! `char::is_alphabetic` and `char::is_alphanumeric` of the characters from U+0300 to U+10FF
//! (combining marks, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac, Thaana, the Indic
//! scripts, Thai, Lao, Tibetan, Myanmar, Georgian) as bit tables: one read instead of the
//! Unicode table search (some 300 instructions a character), which was a fifth of language
//! identification and word splitting on texts in those scripts. Generated from the standard
//! library's answers; the tests compare every character of the range with them.

/// The first character of the tables.
const FIRST: u32 = 0x300;
/// The character after the last one of the tables.
const END: u32 = 0x1100;

/// Bit `i` of the table: character `FIRST + i` is alphabetic.
const ALPHABETIC: [u64; ((END - FIRST) / 64) as usize] = [
    0x0000000000000000,
    0xbcdffff800000020,
    0xfffffffbffffd740,
    0xffbfffffffffffff,
    0xffffffffffffffff,
    0xffffffffffffffff,
    0xfffffffffffffc03,
    0xffffffffffffffff,
    0xfffeffffffffffff,
    0xffffffff027fffff,
    0xbfff0000000001ff,
    0x000787ffffff00b6,
    0xffffffff07ff0000,
    0xffffc000feffffff,
    0xffffffffffffffff,
    0x9c00e1fe1fefffff,
    0xffffffffffff0000,
    0xffffffffffffe000,
    0x0003ffffffffffff,
    0x043007fffffffc00,
    0x00001ffffcffffff,
    0xffff07ff01ffffff,
    0xffffffff0080feff,
    0xffff03f8fff003ff,
    0xefffffffffffffff,
    0xfffe000fffe1dfff,
    0xe3c5fdfffff99fef,
    0x1003000fb080599f,
    0xc36dfdfffff987ee,
    0x003f00005e021987,
    0xe3edfdfffffbbfee,
    0x1e00000f00011bbf,
    0xe3edfdfffff99fee,
    0x0002000fb0c0199f,
    0xc3ffc718d63dc7ec,
    0x0000000000811dc7,
    0xe3fffdfffffddfff,
    0x0000000f37601ddf,
    0xe3effdfffffddfef,
    0x000e000f70601ddf,
    0xe7fffffffffddfff,
    0xfc00000f80f05ddf,
    0x2ffbfffffc7fffee,
    0x000c0000ff5f807f,
    0x07fffffffffffffe,
    0x000000000000207f,
    0x3bffffaffffff7d6,
    0x00000000f000205f,
    0x0000000000000001,
    0xfffe1ffffffffeff,
    0x1ffffffffeffff0f,
    0x0000000000000000,
    0xf97fffffffffffff,
    0xffffffffffff0000,
    0xffffffff3c00ffff,
    0xf7ffffffffff20bf,
];

/// Bit `i` of the table: character `FIRST + i` is alphanumeric.
const ALPHANUMERIC: [u64; ((END - FIRST) / 64) as usize] = [
    0x0000000000000000,
    0xbcdffff800000020,
    0xfffffffbffffd740,
    0xffbfffffffffffff,
    0xffffffffffffffff,
    0xffffffffffffffff,
    0xfffffffffffffc03,
    0xffffffffffffffff,
    0xfffeffffffffffff,
    0xffffffff027fffff,
    0xbfff0000000001ff,
    0x000787ffffff00b6,
    0xffffffff07ff0000,
    0xffffc3fffeffffff,
    0xffffffffffffffff,
    0x9fffe1fe1fefffff,
    0xffffffffffff0000,
    0xffffffffffffe000,
    0x0003ffffffffffff,
    0x043007ffffffffff,
    0x00001ffffcffffff,
    0xffff07ff01ffffff,
    0xffffffff0080feff,
    0xffff03f8fff003ff,
    0xefffffffffffffff,
    0xfffeffcfffe1dfff,
    0xe3c5fdfffff99fef,
    0x13f3ffcfb080599f,
    0xc36dfdfffff987ee,
    0x003fffc05e021987,
    0xe3edfdfffffbbfee,
    0x1e00ffcf00011bbf,
    0xe3edfdfffff99fee,
    0x00feffcfb0c0199f,
    0xc3ffc718d63dc7ec,
    0x0007ffc000811dc7,
    0xe3fffdfffffddfff,
    0x7f00ffcf37601ddf,
    0xe3effdfffffddfef,
    0x000effcf70601ddf,
    0xe7fffffffffddfff,
    0xfdffffcffff05ddf,
    0x2ffbfffffc7fffee,
    0x000cffc0ff5f807f,
    0x07fffffffffffffe,
    0x0000000003ff207f,
    0x3bffffaffffff7d6,
    0x00000000f3ff205f,
    0x000fffff00000001,
    0xfffe1ffffffffeff,
    0x1ffffffffeffff0f,
    0x0000000000000000,
    0xf97fffffffffffff,
    0xffffffffffff03ff,
    0xffffffff3fffffff,
    0xf7ffffffffff20bf,
];

/// The bit of `c` in `table`, `None` when `c` is outside the tables' range.
fn bit_of(table: &[u64], c: char) -> Option<bool> {
    let index = u32::from(c).checked_sub(FIRST)? as usize;
    let word = table.get(index / 64)?;
    Some(word >> (index % 64) & 1 == 1)
}

/// `c.is_alphabetic()` when `c` is in the tables' range.
pub(crate) fn alphabetic(c: char) -> Option<bool> {
    bit_of(&ALPHABETIC, c)
}

/// `c.is_alphanumeric()` when `c` is in the tables' range.
pub(crate) fn alphanumeric(c: char) -> Option<bool> {
    bit_of(&ALPHANUMERIC, c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_equal_the_unicode_properties() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let inside = (FIRST..END).contains(&u32::from(c));
            assert_eq!(alphabetic(c), inside.then(|| c.is_alphabetic()), "{c:?}");
            assert_eq!(alphanumeric(c), inside.then(|| c.is_alphanumeric()), "{c:?}");
        }
    }
}
