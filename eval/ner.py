#!/usr/bin/env python3
"""Score named entities of `newsroomctl enrich --jsonl` on ner-dev (GUM news).

Usage: python3 eval/ner.py [CORPUS_DIR] [--errors N]   (default corpus: ../shared/corpus)
Env: NEWSROOMCTL = path of the binary (default target/release/newsroomctl).

Each document's gold `text` is sent as text/plain. The extraction stage may change the
body (drop the headline line, a date line, boilerplate), so predicted mention offsets
(characters into `body_text`) are mapped back to the gold text by ALIGNMENT: each
paragraph of `body_text` is searched in order in the gold text (verbatim; if absent, its
first 40 characters); a mention inside a paragraph that was found is mapped, others are
dropped (counted as "unmapped").

Types: person↔PER, organisation↔ORG, place↔LOC (MISC and `other` are ignored). Matching is
one-to-one, per type:
- exact: same start and end;
- overlap: the spans share at least one character.
Two figures: "all gold" (every gold entity counts) and "in body" (only gold entities
inside text that body_text kept, i.e. not penalising extraction for dropping the headline).
Micro-averaged over the three types. Stdlib only.
"""
import collections
import json
import os
import sys

from batch import align, binary as default_binary, default_corpus, plain_text_items, run_enrich  # noqa: E402
TYPES = {"person": "PER", "organisation": "ORG", "place": "LOC"}


def match(gold, pred, overlap):
    """One-to-one matches between lists of (start, end)."""
    used = set()
    n = 0
    for ps, pe in pred:
        for gi, (gs, ge) in enumerate(gold):
            if gi in used:
                continue
            ok = (gs == ps and ge == pe) if not overlap else (gs < pe and ps < ge)
            if ok:
                used.add(gi)
                n += 1
                break
    return n


def prf(tp, np_, ng):
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    show_errors = 0
    if "--errors" in sys.argv:
        show_errors = int(sys.argv[sys.argv.index("--errors") + 1])
        args = [a for a in args if a != str(show_errors)]
    corpus = args[0] if args else default_corpus()
    path = os.path.join(corpus, "ner-dev", "gum-news.jsonl")
    binary = default_binary()
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    got, _ = run_enrich(plain_text_items([r["text"] for r in rows]), binary)
    counts = {m: {scope: collections.defaultdict(lambda: [0, 0, 0]) for scope in ("all", "body")} for m in ("exact", "overlap")}
    unmapped = mapped = 0
    errors = collections.Counter()
    for i, r in enumerate(rows):
        out = got.get(i, {})
        body = out.get("body_text", "") or ""
        mapping, covered = align(body, r["text"])
        pred = collections.defaultdict(list)
        for e in out.get("entities", []) or []:
            t = TYPES.get(e.get("type"))
            for m in e.get("mentions", []):
                s, en = m["start"], m["end"]
                if t is None:
                    continue
                if s in mapping and (en - 1) in mapping:
                    pred[t].append((mapping[s], mapping[en - 1] + 1))
                    mapped += 1
                else:
                    unmapped += 1
        for t in TYPES.values():
            gold_all = [(g["start"], g["end"]) for g in r["entities"] if g["type"] == t]
            gold_body = [g for g in gold_all if any(a <= g[0] and g[1] <= b for a, b in covered)]
            for mode in ("exact", "overlap"):
                for scope, gold in (("all", gold_all), ("body", gold_body)):
                    c = counts[mode][scope][t]
                    c[0] += match(gold, pred[t], mode == "overlap")
                    c[1] += len(pred[t])
                    c[2] += len(gold)
            if show_errors:
                gs = set(gold_body)
                for p in pred[t]:
                    if not any(g[0] < p[1] and p[0] < g[1] for g in gs):
                        errors[("FP", t, r["text"][p[0]:p[1]])] += 1
                for g in gs:
                    if not any(g[0] < p[1] and p[0] < g[1] for p in pred[t]):
                        other = [tt for tt in TYPES.values() if any(g[0] < p[1] and p[0] < g[1] for p in pred[tt])]
                        errors[("FN", t, r["text"][g[0]:g[1]] + (f" (as {other})" if other else ""))] += 1
    print(f"mentions mapped to the gold text: {mapped}, unmapped: {unmapped}")
    for mode in ("exact", "overlap"):
        for scope in ("all", "body"):
            tot = [0, 0, 0]
            line = []
            for t in TYPES.values():
                c = counts[mode][scope][t]
                p, rc, f = prf(*c)
                line.append(f"{t} P {p:.3f} R {rc:.3f} F1 {f:.3f}")
                tot = [a + b for a, b in zip(tot, c)]
            p, rc, f = prf(*tot)
            print(f"{mode:7s} {scope:4s}: " + " | ".join(line) + f" || micro P {p:.3f} R {rc:.3f} F1 {f:.3f}")
    if show_errors:
        for (kind, t, s), n in errors.most_common(show_errors):
            print(f"  {kind} {t} {n}x {s}")


if __name__ == "__main__":
    main()
