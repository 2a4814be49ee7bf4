#!/usr/bin/env python3
"""Our whole pipeline against Python trafilatura on the extraction-dev pages, one core each,
measured in the same run.

Usage: python3 eval/trafilatura_speed.py [CORPUS_DIR] [--rounds N] [--pages all|even|odd]
                                         [--binary LABEL=PATH]...
       (default corpus ../shared/corpus, 5 rounds, all pages)
Env: NEWSROOMCTL = path of our binary when no --binary is given (default
     target/release/newsroomctl); if it does not exist, only trafilatura is timed.
Needs `pip install trafilatura` (scripts/eval-trafilatura.sh installs a pinned one).

The sides alternate, round after round: each of our binaries runs `newsroomctl enrich --jsonl`
over the pages (a new process each round: start-up, JSON in and out and every enrichment stage
included), then `trafilatura.extract` runs over the same pages in this process (decoding and
reading excluded, body extraction only). Each side's figure is the median of its rounds, by
wall-clock and by CPU time (ours: the child's user+system time; trafilatura's: this
process's), so a burst of load on a shared VM moves one round, not the result. The speed-up is
the ratio of the two medians; the spread and the median of the per-round ratios (each of our
rounds against the trafilatura round right after it, so a slow drift of the host's speed
cancels out) are printed beside it.
Trafilatura's body P/R/F1 under eval/extraction.py's rule is printed too.

Several `--binary` options (say a plain release build and a profile-guided one) are timed in
the same rounds, so they are compared under the same load. `--pages even|odd` keeps the pages
at even or odd positions of gold.jsonl: a profile trained on one half is measured on the other.
"""
import os
import resource
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from batch import binary, default_corpus, extraction_pages, run_enrich  # noqa: E402
from extraction import norm_ws  # noqa: E402

PAGE_SETS = ("all", "even", "odd")


def parse_args(argv):
    corpus, rounds, pages, binaries = None, 5, "all", []
    args = iter(argv)
    for arg in args:
        name, _, value = arg.partition("=")
        if name in ("--rounds", "--pages", "--binary") and not value:
            value = next(args, None)
            if value is None:
                sys.exit(f"{name} needs a value")
        if name == "--rounds":
            rounds = int(value)
        elif name == "--pages":
            pages = value
        elif name == "--binary":
            label, sep, path = value.partition("=")
            if not sep or not label or not path:
                sys.exit(f"--binary wants LABEL=PATH, got {value!r}")
            binaries.append((label, path))
        else:
            corpus = arg
    if rounds < 1:
        sys.exit("--rounds must be at least 1")
    if pages not in PAGE_SETS:
        sys.exit(f"--pages must be one of {', '.join(PAGE_SETS)}, got {pages!r}")
    return corpus or default_corpus(), rounds, pages, binaries or [("newsroomctl", binary())]


def select(rows, pages):
    """The rows at even or odd positions, or all of them."""
    if pages == "all":
        return rows
    return rows[(0 if pages == "even" else 1)::2]


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
    corpus, rounds, page_set, binaries = parse_args(sys.argv[1:])
    gold, items = extraction_pages(corpus)
    gold, items = select(gold, page_set), select(items, page_set)
    pages = [item["content"] for item in items]
    present = []
    for label, exe in binaries:
        if os.path.exists(exe):
            present.append((label, exe))
        else:
            print(f"{label}: {exe} not found, not timed")

    ours = {label: ([], []) for label, _ in present}
    theirs_wall, theirs_cpu = [], []
    outputs = None
    for _ in range(rounds):
        for label, exe in present:
            wall, cpu = time_ours(exe, items)
            ours[label][0].append(wall)
            ours[label][1].append(cpu)
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

    print(f"{n} pages ({page_set}), {rounds} alternating rounds")
    print(line(f"trafilatura {trafilatura.__version__} (extraction only, one thread)", theirs_wall, theirs_cpu))
    p, r, f1 = body_scores(gold, outputs)
    print(f"trafilatura body: precision {p:.4f}  recall {r:.4f}  F1 {f1:.4f}")
    for label, (walls, cpus) in ours.items():
        print(line(f"our whole pipeline, {label} (process start and JSON included, one thread)", walls, cpus))
        ratios = sorted(t / o for o, t in zip(walls, theirs_wall))
        wall_ratio = statistics.median(theirs_wall) / statistics.median(walls)
        cpu_ratio = statistics.median(theirs_cpu) / statistics.median(cpus)
        print(f"{label}: speed-up over trafilatura, same run: {wall_ratio:.1f}× wall-clock, {cpu_ratio:.1f}× CPU "
              f"(per-round wall-clock ratios {ratios[0]:.1f}–{ratios[-1]:.1f}×, "
              f"median {statistics.median(ratios):.1f}×)")


if __name__ == "__main__":
    main()
