#!/usr/bin/env python3
"""Score HTML main-text and metadata extraction of `newsroomctl enrich --jsonl`.

Usage: python3 eval/extraction.py [CORPUS_DIR]   (default: ../shared/corpus from the repo root)
Env: NEWSROOMCTL = path of the binary (default target/release/newsroomctl);
     EXTRACTION_DUMP = optional path to write per-page misses (for debugging).

Body: trafilatura's rule (extraction-dev/README.md): whitespace-normalised, case-sensitive
substring test of each `with` (tp/fn) and `without` (fp/tn) snippet in body_text.
Title/author: normalised exact match (a list of authors: every name contained) (NFKC, casefold, whitespace, surrounding punctuation);
date: same calendar date. Gold null is skipped; gold "" counts as correct when we return
nothing. Speed: pages per second of the whole pipeline, one process, wall-clock, one run
(eval/trafilatura_speed.py compares it with trafilatura over several alternating rounds).
Body figures are also printed per half (pages at even / odd positions of gold.jsonl), to
tune on one half and confirm on the other.
Stdlib only.
"""
import json
import os
import re
import sys
import unicodedata

from batch import binary as default_binary, default_corpus, extraction_pages, run_enrich  # noqa: E402


def norm_ws(s):
    return re.sub(r"\s+", " ", s).strip()


def norm_meta(s):
    s = unicodedata.normalize("NFKC", s or "").casefold()
    s = norm_ws(s)
    return s.strip(" \t\"'“”‘’«».,:;|-–—")


def norm_author(s):
    s = norm_meta(s)
    s = re.sub(r"^(by|von|par|por|di|door)\s+", "", s)
    return s


def same_date(gold, got):
    if not got:
        return False
    g = re.search(r"\d{4}-\d{2}-\d{2}", gold)
    o = re.search(r"\d{4}-\d{2}-\d{2}", got)
    return bool(g and o and g.group(0) == o.group(0))


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else default_corpus()
    binary = default_binary()
    gold, lines = extraction_pages(corpus)
    out, elapsed = run_enrich(lines, binary)

    tp = fp = tn = fn = 0
    halves = [[0, 0, 0], [0, 0, 0]]  # tp, fp, fn of pages at even / odd positions in gold.jsonl
    meta = {"title": [0, 0], "author": [0, 0], "date": [0, 0]}
    errors = 0
    dump = []
    for pos, g in enumerate(gold):
        half = halves[pos % 2]
        res = out.get(g["id"], {})
        if "error" in res or not res:
            errors += 1
        body = norm_ws(res.get("body_text") or "")
        misses = []
        for snip in g["with"]:
            if norm_ws(snip) in body:
                tp += 1
                half[0] += 1
            else:
                fn += 1
                half[2] += 1
                misses.append(("missing", snip))
        for snip in g["without"]:
            if norm_ws(snip) in body:
                fp += 1
                half[1] += 1
                misses.append(("unwanted", snip))
            else:
                tn += 1
        checks = (("title", res.get("headline"), norm_meta), ("author", res.get("byline"), norm_author))
        for key, got, fn_norm in checks:
            if g.get(key) is None:
                continue
            meta[key][1] += 1
            if isinstance(g[key], list):  # several authors: every name must be in our byline
                ok = bool(got) and all(fn_norm(name) in fn_norm(got) for name in g[key])
            else:
                ok = fn_norm(got or "") == fn_norm(g[key])
            meta[key][0] += ok
            if not ok:
                misses.append((key, f"gold={g[key]!r} got={got!r}"))
        if g.get("date") is not None:
            meta["date"][1] += 1
            got = res.get("published_at")
            ok = (not got) if g["date"] == "" else same_date(g["date"], got)
            meta["date"][0] += ok
            if not ok:
                misses.append(("date", f"gold={g['date']!r} got={got!r}"))
        if misses:
            dump.append({"id": g["id"], "misses": misses})

    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = (tp + tn) / (tp + tn + fp + fn) if tp + tn + fp + fn else 0.0
    print(f"pages: {len(gold)}  errors: {errors}")
    print(f"body: precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}  accuracy {accuracy:.4f}"
          f"  (tp {tp} fp {fp} tn {tn} fn {fn})")
    for name, (htp, hfp, hfn) in zip(("A (even positions)", "B (odd positions)"), halves):
        hp = htp / (htp + hfp) if htp + hfp else 0.0
        hr = htp / (htp + hfn) if htp + hfn else 0.0
        hf = 2 * hp * hr / (hp + hr) if hp + hr else 0.0
        print(f"  half {name}: precision {hp:.4f}  recall {hr:.4f}  F1 {hf:.4f}")
    for key, (ok, total) in meta.items():
        print(f"{key}: {ok}/{total} = {ok / total if total else 0:.4f}")
    print(f"speed: {len(gold) / elapsed:.1f} pages/s (whole pipeline, one process, {elapsed:.2f} s wall-clock)")
    dump_path = os.environ.get("EXTRACTION_DUMP")
    if dump_path:
        with open(dump_path, "w", encoding="utf-8") as f:
            for d in dump:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
