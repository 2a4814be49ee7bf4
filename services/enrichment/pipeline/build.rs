//! Lays out the large gazetteers (places, given and family names: 48,000 words of `data/`) as
//! static word tables, so that the program does not build them at every start (that was 15 M
//! instructions, a sixth of a short batch). The data files stay the source of the words; the
//! lists are read and hashed by the same code as at run time (`src/entities/gazetteer_lists.rs`
//! and `src/entities/word_table.rs`, included here).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[allow(dead_code, reason = "the build script uses only the table's construction")]
#[path = "src/entities/word_table.rs"]
mod word_table;

#[allow(dead_code, reason = "the build script reads only the large lists")]
#[path = "src/entities/gazetteer_lists.rs"]
mod gazetteer_lists;

fn main() -> io::Result<()> {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").ok_or_else(|| io::Error::other("cargo sets no OUT_DIR"))?);
    for input in [
        "data/places.txt",
        "data/regions.txt",
        "data/first_names.txt",
        "data/last_names.txt",
        "src/entities/word_table.rs",
        "src/entities/gazetteer_lists.rs",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let read = |name: &str| fs::read_to_string(manifest.join("data").join(name));
    let (places, regions) = (read("places.txt")?, read("regions.txt")?);
    write_set(&out, "places", gazetteer_lists::place_names(&places, &regions))?;
    let first_names = read("first_names.txt")?;
    write_set(&out, "first_names", gazetteer_lists::lines(&first_names).collect())?;
    let last_names = read("last_names.txt")?;
    write_set(&out, "last_names", gazetteer_lists::lines(&last_names).collect())?;
    Ok(())
}

/// Writes the table of `words` as `<name>.slots`, `<name>.starts` and `<name>.words` in `out`
/// (the parts of a `StaticWordSet`).
fn write_set(out: &Path, name: &str, words: Vec<&str>) -> io::Result<()> {
    let (slots, starts, words) = word_table::WordSet::of(words).to_static_parts();
    fs::write(out.join(format!("{name}.slots")), slots)?;
    fs::write(out.join(format!("{name}.starts")), starts)?;
    fs::write(out.join(format!("{name}.words")), words)
}
