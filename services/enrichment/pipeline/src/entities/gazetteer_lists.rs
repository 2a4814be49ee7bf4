//! The word lists of the gazetteers as read from the data files (`data/*.txt`). Shared by the
//! build script, which lays out the large lists (places, given and family names) as static
//! tables, and by the lexicon, which reads the small lists at run time; the data files stay
//! the only source of the words.

/// The trimmed lines of `s` that are neither empty nor comments. ASCII whitespace is trimmed:
/// no line of the data files starts or ends with other whitespace (checked by a test against
/// `str::trim`).
pub fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.split('\n').map(str::trim_ascii).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Place names that are far more often something else in news copy: left out of the places.
#[cfg_attr(not(test), allow(dead_code, reason = "read by the build script, which includes this file"))]
const NOT_PLACES: [&str; 9] =
    ["Of", "Most", "Police", "Union", "Mobile", "Independence", "Victoria", "Florence", "Man"];

/// The aliases of places in the regions list (`alias => canonical name`, "US => United
/// States"), in order.
pub fn place_aliases(regions: &str) -> impl Iterator<Item = (&str, &str)> {
    lines(regions).filter_map(|l| l.split_once("=>")).map(|(alias, canon)| (alias.trim(), canon.trim()))
}

/// The place names: every line of the places list, and of the regions list both sides of an
/// alias line, less [`NOT_PLACES`].
#[cfg_attr(not(test), allow(dead_code, reason = "called by the build script, which includes this file"))]
pub fn place_names<'a>(places: &'a str, regions: &'a str) -> Vec<&'a str> {
    let mut names: Vec<&'a str> = lines(places).collect();
    for l in lines(regions) {
        if let Some((alias, canon)) = l.split_once("=>") {
            names.push(alias.trim());
            names.push(canon.trim());
        } else {
            names.push(l);
        }
    }
    names.retain(|place| !NOT_PLACES.contains(place));
    names
}
