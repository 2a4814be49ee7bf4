#!/usr/bin/env python3
"""Score direct quotes of `newsroomctl enrich --jsonl` on quotes-dev (PolNeAR).

Usage: python3 eval/quotes.py [CORPUS_DIR] [--split train|dev|all] [--errors N]
Env: NEWSROOMCTL = path of the binary (default target/release/newsroomctl).

Each article's `text` is sent as text/plain; predicted quote offsets (characters into
`body_text`) are mapped back to the article text by aligning the paragraphs of body_text
in order (verbatim search); quotes outside found paragraphs are dropped ("unmapped").

Gold: attributions with `direct: true` (content spans). Spans are compared after stripping
quotation marks and spaces at both ends. Rules:
- a predicted quote MATCHES a gold direct quote when their overlap is >= 50% of the shorter
  of the two spans;
- precision = predicted quotes matching some gold direct quote / predicted quotes;
  recall = gold direct quotes matched by some predicted quote / gold direct quotes
  (a quote split by "he said" may match one gold span twice: both pieces count as correct);
  gold spans outside the mapped body are reported but counted (extraction's loss shows);
- speaker accuracy = over matched (prediction, gold) pairs (best-overlapping gold per
  prediction), the share whose predicted speaker is right: gold `source` text and the
  predicted speaker compared case-insensitively; right when either contains the other's
  last word (surname), or when the gold source is a pronoun (he/she/him/her/they/i/we)
  and a speaker was predicted (the pipeline resolves pronouns to the canonical person;
  PolNeAR does not give the antecedent, so this is taken on trust). A missing predicted
  speaker, or a gold quote without source, counts as wrong.
Stdlib only.
"""
import collections
import json
import os
import sys

from batch import align, binary as default_binary, default_corpus, plain_text_items, run_enrich  # noqa: E402
MARKS = "\"“”«»„ \n\t,.;:!?'‘’"
PRONOUNS = {"he", "she", "him", "her", "they", "i", "we", "it"}


def strip(text, s, e):
    while s < e and text[s] in MARKS:
        s += 1
    while e > s and text[e - 1] in MARKS:
        e -= 1
    return s, e


def overlap_ok(a, b):
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and inter >= 0.5 * shorter, max(inter, 0)


def speaker_ok(pred, gold_source):
    if not pred or not gold_source:
        return False
    g = gold_source.lower().strip()
    p = pred.lower().strip()
    if g in PRONOUNS:
        return True
    pl = p.split()[-1] if p.split() else p
    gl = g.split()[-1] if g.split() else g
    return pl in g or gl in p


def main():
    argv = sys.argv[1:]
    split = "all"
    nerr = 0
    if "--split" in argv:
        split = argv[argv.index("--split") + 1]
    if "--errors" in argv:
        nerr = int(argv[argv.index("--errors") + 1])
    pos_args = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or not argv[i - 1].startswith("--"))]
    corpus = pos_args[0] if pos_args else default_corpus()
    binary = default_binary()
    rows = [json.loads(l) for l in open(os.path.join(corpus, "quotes-dev", "stories.jsonl"), encoding="utf-8") if l.strip()]
    if split != "all":
        rows = [r for r in rows if r["split"] == split]
    got, _ = run_enrich(plain_text_items([r["text"] for r in rows]), binary)
    n_pred = n_pred_ok = n_gold = n_gold_ok = 0
    n_spk = n_spk_ok = 0
    unmapped = 0
    errs = []
    for i, r in enumerate(rows):
        text = r["text"]
        out = got.get(i, {})
        mapping, _ = align(out.get("body_text", "") or "", text)
        gold = []
        for a in r["attributions"]:
            if a.get("direct") and a.get("content"):
                s, e = strip(text, a["content"]["start"], a["content"]["end"])
                if e > s:
                    gold.append(((s, e), (a.get("source") or {}).get("text")))
        preds = []
        for q in out.get("quotes", []) or []:
            s, e = q["start"], q["end"]
            if e <= s or s not in mapping or (e - 1) not in mapping:
                unmapped += 1
                continue
            ps, pe = strip(text, mapping[s], mapping[e - 1] + 1)
            if pe > ps:
                preds.append(((ps, pe), q.get("speaker")))
        n_pred += len(preds)
        n_gold += len(gold)
        matched_gold = set()
        for span, spk in preds:
            best = None
            for gi, (gspan, gsrc) in enumerate(gold):
                ok, inter = overlap_ok(span, gspan)
                if ok and (best is None or inter > best[1]):
                    best = (gi, inter)
            if best is None:
                if len(errs) < nerr:
                    errs.append(f"FP {text[span[0]:span[1]][:90]!r}")
                continue
            n_pred_ok += 1
            matched_gold.add(best[0])
            n_spk += 1
            gsrc = gold[best[0]][1]
            if speaker_ok(spk, gsrc):
                n_spk_ok += 1
            elif len(errs) < nerr:
                errs.append(f"SPK pred={spk!r} gold={gsrc!r} :: {text[span[0]:span[1]][:60]!r}")
        n_gold_ok += len(matched_gold)
        for gi, (gspan, gsrc) in enumerate(gold):
            if gi not in matched_gold and len(errs) < nerr:
                errs.append(f"FN {text[gspan[0]:gspan[1]][:90]!r} (source {gsrc!r})")
    p = n_pred_ok / n_pred if n_pred else 0.0
    rc = n_gold_ok / n_gold if n_gold else 0.0
    f = 2 * p * rc / (p + rc) if p + rc else 0.0
    print(f"articles {len(rows)} (split {split}); predicted quotes {n_pred} (+{unmapped} unmapped), gold direct {n_gold}")
    print(f"direct quotes: P {p:.3f} R {rc:.3f} F1 {f:.3f}; speaker accuracy {n_spk_ok}/{n_spk} = {n_spk_ok / n_spk if n_spk else 0:.3f}")
    for e in errs:
        print("  " + e)


if __name__ == "__main__":
    main()
