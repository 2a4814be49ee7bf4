//! Role phrases standing for a person introduced with that role ("the NATO Head").

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::candidates::Cand;
use super::lexicon::is_role_head;
use super::merge::Ent;
use super::tokens::Token;

/// Role phrases for a person introduced with a role: "NATO Secretary-General Jens Stoltenberg"
/// makes "the NATO Head" and "NATO's secretary general" mentions of him.
pub(super) fn add_role_mentions(ents: &mut [Ent], cands: &[Cand], toks: &[Token]) {
    let mut by_org: HashMap<String, Vec<usize>> = HashMap::default();
    for (i, e) in ents.iter().enumerate() {
        if let Some(org) = &e.role_org {
            by_org.entry(org.clone()).or_default().push(i);
        }
    }
    let covered: HashSet<usize> = cands.iter().filter(|c| c.titled).map(|c| c.a).collect();
    for (org, people) in by_org {
        if people.len() != 1 {
            continue;
        }
        let p = people[0];
        for i in 0..toks.len() {
            if toks[i].text != org {
                continue;
            }
            let mut j = i + 1;
            let mut end = None;
            while j < toks.len() && j <= i + 3 {
                let w = toks[j].text.to_lowercase();
                if !toks[j].is_word() {
                    break;
                }
                if is_role_head(&w) {
                    end = Some(j);
                    j += 1;
                } else {
                    break;
                }
            }
            let Some(e) = end else { continue };
            // Not when the role is followed by the name itself.
            if covered.contains(&(e + 1))
                || toks.get(e + 1).is_some_and(|t| t.is_capitalised() && t.is_word())
            {
                continue;
            }
            ents[p].mentions.push((toks[i].start, toks[e].end));
        }
    }
}
