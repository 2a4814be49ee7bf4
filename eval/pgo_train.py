#!/usr/bin/env python3
"""The training run of the profile-guided build (scripts/build-pgo.sh): runs the dev corpus's
inputs once through $NEWSROOMCTL (an instrumented build, which records which branches and
calls are hot) and discards the outputs.

Usage: python3 eval/pgo_train.py [CORPUS_DIR] [--pages all|even|odd]
       (default corpus ../shared/corpus, all extraction pages)

The mix follows what the build is measured and used on: every extraction-dev HTML page (or
only those at even or odd positions of gold.jsonl, to measure on the other half), then a
smaller share of plain text so that the text-only paths (boilerplate lines, datelines) are
not laid out as cold: the first 200 quotes-dev stories, the ner-dev stories, langid-dev's
69 whatlang sentences and its first 500 two-word samples. The weights are a choice, not tuned: the profile orders code by
heat, it does not change what the code computes, so any mix gives byte-identical output.
Stdlib only.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batch import binary, default_corpus, extraction_pages, plain_text_items, run_enrich  # noqa: E402
from trafilatura_speed import PAGE_SETS, select  # noqa: E402

TEXT_SETS = (("quotes-dev", "stories.jsonl", 200), ("ner-dev", "gum-news.jsonl", None),
             ("langid-dev", "whatlang.jsonl", None), ("langid-dev", "samples.jsonl", 500))


def training_inputs(corpus, page_set="all"):
    """(HTML page lines, plain-text lines) of the training mix."""
    _, pages = extraction_pages(corpus)
    texts = []
    for folder, name, limit in TEXT_SETS:
        path = os.path.join(corpus, folder, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        texts.extend(row["text"] for row in rows[:limit])
    return select(pages, page_set), plain_text_items(texts)


def main():
    args = sys.argv[1:]
    page_set = "all"
    if "--pages" in args:
        at = args.index("--pages")
        page_set = args[at + 1] if at + 1 < len(args) else ""
        del args[at:at + 2]
    if page_set not in PAGE_SETS:
        sys.exit(f"--pages must be one of {', '.join(PAGE_SETS)}, got {page_set!r}")
    corpus = args[0] if args else default_corpus()
    pages, texts = training_inputs(corpus, page_set)
    errors = 0
    for name, items in ((f"pages ({page_set})", pages), ("plain texts", texts)):
        out, elapsed = run_enrich(items, binary())
        errors += sum(1 for obj in out.values() if "error" in obj)
        print(f"pgo training: {len(items)} {name} in {elapsed:.1f} s")
    print(f"pgo training: {errors} errors")


if __name__ == "__main__":
    main()
