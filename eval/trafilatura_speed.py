#!/usr/bin/env python3
"""Time Python trafilatura on the extraction-dev pages (single-threaded) for comparison.

Usage: python3 eval/trafilatura_speed.py [CORPUS_DIR]   (default: ../shared/corpus)
Needs `pip install trafilatura`; prints pages/s of `trafilatura.extract` (decoding and
reading excluded, as for our pipeline) and its body P/R/F1 under the same rule as
eval/extraction.py. Our figure ÷ this figure is the reported speed-up.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batch import default_corpus  # noqa: E402
from extraction import decode_html, norm_ws  # noqa: E402


def main():
    try:
        import trafilatura  # noqa: PLC0415
    except ImportError:
        sys.exit("trafilatura is not importable: pip install trafilatura")
    corpus = sys.argv[1] if len(sys.argv) > 1 else default_corpus()
    root = os.path.join(corpus, "extraction-dev")
    gold = [json.loads(l) for l in open(os.path.join(root, "gold.jsonl"), encoding="utf-8") if l.strip()]
    pages = []
    for g in gold:
        with open(os.path.join(root, g["file"]), "rb") as f:
            pages.append(decode_html(f.read()))
    start = time.perf_counter()
    outputs = [trafilatura.extract(html, include_comments=False, include_tables=True) or "" for html in pages]
    elapsed = time.perf_counter() - start
    tp = fp = fn = 0
    for g, text in zip(gold, outputs):
        body = norm_ws(text)
        for s in g["with"]:
            if norm_ws(s) in body:
                tp += 1
            else:
                fn += 1
        fp += sum(norm_ws(s) in body for s in g["without"])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"trafilatura {trafilatura.__version__}: {len(pages) / elapsed:.1f} pages/s "
          f"({elapsed:.2f} s for {len(pages)} pages, one thread)")
    print(f"trafilatura body: precision {p:.4f}  recall {r:.4f}  F1 {f1:.4f}")
    speed_file = os.environ.get("EVAL_SPEED_FILE")
    if speed_file and os.path.exists(speed_file):
        ours = float(open(speed_file, encoding="utf-8").read().strip() or 0)
        print(f"speed-up: our whole pipeline {ours:.1f} pages/s (process start and JSON included) "
              f"÷ trafilatura's extraction {len(pages) / elapsed:.1f} pages/s = {ours / (len(pages) / elapsed):.1f}×")


if __name__ == "__main__":
    main()
