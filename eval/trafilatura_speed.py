#!/usr/bin/env python3
"""Our whole pipeline against Python trafilatura on the extraction-dev pages, one core each,
measured in the same run.

Usage: python3 eval/trafilatura_speed.py [CORPUS_DIR] [--rounds N]
       (default corpus ../shared/corpus, default 5 rounds)
Env: NEWSROOMCTL = path of our binary (default target/release/newsroomctl); without it only
     trafilatura is timed.
Needs `pip install trafilatura` (scripts/eval-trafilatura.sh installs a pinned one).

The two sides alternate, round after round: our `newsroomctl enrich --jsonl` over all pages
(a new process each round: start-up, JSON in and out and every enrichment stage included),
then `trafilatura.extract` over the same pages in this process (decoding and reading excluded,
body extraction only). Each side's figure is the median of its rounds, by wall-clock and by
CPU time (ours: the child's user+system time; trafilatura's: this process's), so a burst of
load on a shared VM moves one round, not the result. The speed-up is the ratio of the two
medians; the spread of the per-round ratios is printed beside it. Trafilatura's body
P/R/F1 under eval/extraction.py's rule is printed too.
"""
import json
import os
import resource
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batch import binary, default_corpus, run_enrich  # noqa: E402
from extraction import decode_html, norm_ws  # noqa: E402


def parse_args(argv):
    corpus, rounds = None, 5
    args = iter(argv)
    for arg in args:
        if arg == "--rounds":
            rounds = int(next(args, "5"))
        elif arg.startswith("--rounds="):
            rounds = int(arg.split("=", 1)[1])
        else:
            corpus = arg
    if rounds < 1:
        sys.exit("--rounds must be at least 1")
    return corpus or default_corpus(), rounds


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_ours(exe, items):
    """(wall seconds, CPU seconds) of one batch run over all pages."""
    cpu_before = children_cpu()
    _, wall = run_enrich(items, exe)
    return wall, children_cpu() - cpu_before


def time_trafilatura(trafilatura, pages):
    """(wall seconds, CPU seconds, outputs) of trafilatura over all pages."""
    cpu_before = time.process_time()
    start = time.perf_counter()
    outputs = [trafilatura.extract(html, include_comments=False, include_tables=True) or "" for html in pages]
    return time.perf_counter() - start, time.process_time() - cpu_before, outputs


def body_scores(gold, outputs):
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
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    try:
        import trafilatura  # noqa: PLC0415
    except ImportError:
        sys.exit("trafilatura is not importable: pip install trafilatura")
    corpus, rounds = parse_args(sys.argv[1:])
    root = os.path.join(corpus, "extraction-dev")
    gold = [json.loads(l) for l in open(os.path.join(root, "gold.jsonl"), encoding="utf-8") if l.strip()]
    pages = []
    for g in gold:
        with open(os.path.join(root, g["file"]), "rb") as f:
            pages.append(decode_html(f.read()))
    items = [{"id": g["id"], "content": html, "content_type": "text/html", "url": g.get("url")}
             for g, html in zip(gold, pages)]
    exe = binary()
    ours_present = os.path.exists(exe)
    if not ours_present:
        print(f"{exe} not found: timing trafilatura alone")

    ours_wall, ours_cpu, theirs_wall, theirs_cpu = [], [], [], []
    outputs = None
    for _ in range(rounds):
        if ours_present:
            wall, cpu = time_ours(exe, items)
            ours_wall.append(wall)
            ours_cpu.append(cpu)
        wall, cpu, outputs = time_trafilatura(trafilatura, pages)
        theirs_wall.append(wall)
        theirs_cpu.append(cpu)

    n = len(pages)

    def rate(seconds):
        return n / seconds if seconds else float("inf")

    def line(name, walls, cpus):
        return (f"{name}: {rate(statistics.median(walls)):.1f} pages/s wall-clock, "
                f"{rate(statistics.median(cpus)):.1f} pages/s CPU (medians of {len(walls)} rounds; "
                f"wall-clock rounds {rate(max(walls)):.1f}–{rate(min(walls)):.1f})")

    print(line(f"trafilatura {trafilatura.__version__} (extraction only, one thread)", theirs_wall, theirs_cpu))
    p, r, f1 = body_scores(gold, outputs)
    print(f"trafilatura body: precision {p:.4f}  recall {r:.4f}  F1 {f1:.4f}")
    if not ours_present:
        return
    print(line("our whole pipeline (process start and JSON included, one thread)", ours_wall, ours_cpu))
    ratios = sorted(t / o for o, t in zip(ours_wall, theirs_wall))
    wall_ratio = statistics.median(theirs_wall) / statistics.median(ours_wall)
    cpu_ratio = statistics.median(theirs_cpu) / statistics.median(ours_cpu)
    print(f"speed-up over trafilatura, same run: {wall_ratio:.1f}× wall-clock, {cpu_ratio:.1f}× CPU "
          f"(per-round wall-clock ratios {ratios[0]:.1f}–{ratios[-1]:.1f}×)")


if __name__ == "__main__":
    main()
