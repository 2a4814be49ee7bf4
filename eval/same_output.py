#!/usr/bin/env python3
"""Two builds of newsroomctl give the same output: every extraction-dev page and the plain
texts of the profile-guided build's training mix (eval/pgo_train.py) through both, line by
line. A profile-guided build changes how fast the code runs, never what it computes; this is
the check that it holds.

Usage: python3 eval/same_output.py CORPUS_DIR BINARY_A BINARY_B   (exit 1 on any difference)
Stdlib only.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batch import run_enrich  # noqa: E402
from pgo_train import training_inputs  # noqa: E402


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    corpus, first, second = sys.argv[1:]
    pages, texts = training_inputs(corpus)
    differing = []
    for name, items in (("page", pages), ("text", texts)):
        a, _ = run_enrich(items, first)
        b, _ = run_enrich(items, second)
        differing += [f"{name} {key}" for key in sorted(set(a) | set(b), key=str) if a.get(key) != b.get(key)]
    if differing:
        sys.exit(f"{first} and {second} differ on {len(differing)} inputs: {', '.join(differing[:10])}")
    print(f"same output from both builds on {len(pages)} pages and {len(texts)} plain texts")


if __name__ == "__main__":
    main()
