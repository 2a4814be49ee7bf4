#!/usr/bin/env python3
"""Score language identification of `newsroomctl enrich --jsonl` on langid-dev.

Usage: python3 eval/langid.py [CORPUS_DIR]   (default: ../shared/corpus from the repo root)
Env: NEWSROOMCTL = path of the binary (default target/release/newsroomctl).
Each sample is sent as text/plain; `language` must equal the gold ISO 639-1 code
(None counts as wrong). Prints accuracy per file, per language (worst first) and overall.
Stdlib only.
"""
import collections
import json
import os
import sys

from batch import binary as default_binary, default_corpus, plain_text_items, run_enrich  # noqa: E402
FILES = ("samples.jsonl", "whatlang.jsonl")


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else default_corpus()
    root = os.path.join(corpus, "langid-dev")
    binary = default_binary()
    total_ok = total = 0
    for name in FILES:
        path = os.path.join(root, name)
        if not os.path.exists(path):
            continue
        rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        outputs, _ = run_enrich(plain_text_items([r["text"] for r in rows]), binary)
        got = {key: obj.get("language") for key, obj in outputs.items()}
        per_lang = collections.defaultdict(lambda: [0, 0])
        confusions = collections.Counter()
        for i, r in enumerate(rows):
            ok = got.get(i) == r["lang"]
            per_lang[r["lang"]][0] += ok
            per_lang[r["lang"]][1] += 1
            if not ok:
                confusions[(r["lang"], got.get(i))] += 1
        ok = sum(v[0] for v in per_lang.values())
        print(f"{name}: {ok}/{len(rows)} = {ok / len(rows):.4f}")
        worst = sorted(per_lang.items(), key=lambda kv: kv[1][0] / kv[1][1])[:8]
        print("  worst languages: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in worst))
        print("  top confusions (gold→got): " + ", ".join(f"{g}→{o} {n}" for (g, o), n in confusions.most_common(8)))
        total_ok += ok
        total += len(rows)
    if total:
        print(f"overall: {total_ok}/{total} = {total_ok / total:.4f}")


if __name__ == "__main__":
    main()
