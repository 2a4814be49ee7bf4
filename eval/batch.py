"""Shared by the scorers: where the corpus and binary are, running the batch contract
`newsroomctl enrich --jsonl`, and mapping body_text offsets back to a source text. Stdlib only."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_corpus():
    """`../shared/corpus` beside the repository."""
    return os.path.join(REPO, "..", "shared", "corpus")


def binary():
    """The newsroomctl to run: $NEWSROOMCTL, else the release build."""
    return os.environ.get("NEWSROOMCTL", os.path.join(REPO, "target", "release", "newsroomctl"))


def decode_html(raw):
    """UTF-8, else the declared charset, else latin-1 (as trafilatura's loader does, roughly)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = re.search(rb'charset\s*=\s*["\']?([A-Za-z0-9_.:-]+)', raw[:4096], re.I)
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("latin-1")


def extraction_pages(corpus):
    """extraction-dev's gold rows and, in the same order, their batch input lines (decoded HTML)."""
    root = os.path.join(corpus, "extraction-dev")
    with open(os.path.join(root, "gold.jsonl"), encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    items = []
    for g in gold:
        with open(os.path.join(root, g["file"]), "rb") as f:
            html = decode_html(f.read())
        items.append({"id": g["id"], "content": html, "content_type": "text/html", "url": g.get("url")})
    return gold, items


def plain_text_items(texts):
    """Batch input lines for plain texts, ids = positions."""
    return [{"id": i, "content": text, "content_type": "text/plain"} for i, text in enumerate(texts)]


def run_enrich(items, exe=None):
    """Pipe `items` (dicts with id/content/content_type/url) through the batch contract.
    Returns ({id: output object}, wall-clock seconds); exits if the binary produced nothing."""
    exe = exe or binary()
    payload = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items).encode("utf-8")
    # The input comes from a file, as a shell's `< file` would give it: fed through a pipe,
    # Python's `communicate` writes 4 KiB per select() call, and on 28 MB of pages that
    # feeding alone cost ~12 % of the measured time, which is the harness's, not ours.
    with tempfile.TemporaryFile() as stdin:
        stdin.write(payload)
        stdin.flush()
        stdin.seek(0)
        start = time.perf_counter()
        proc = subprocess.run([exe, "enrich", "--jsonl"], stdin=stdin, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
    out = {}
    for line in proc.stdout.decode("utf-8", errors="replace").splitlines():
        if line.strip():
            obj = json.loads(line)
            out[obj.get("id")] = obj
    if proc.returncode != 0 and not out:
        sys.stderr.write(proc.stderr.decode("utf-8", errors="replace"))
        sys.exit(f"{exe} failed with exit code {proc.returncode}")
    return out, elapsed


def align(body, text):
    """Map body_text char offsets to `text` char offsets, for body paragraphs found in `text`
    in order. Returns (mapping, covered source ranges)."""
    mapping = {}
    covered = []
    cursor = 0
    pos = 0
    for para in body.split("\n\n"):
        start_in_body = body.find(para, pos)
        pos = start_in_body + len(para)
        if not para.strip():
            continue
        at = text.find(para, cursor)
        if at < 0:
            continue
        for k in range(len(para)):
            mapping[start_in_body + k] = at + k
        covered.append((at, at + len(para)))
        cursor = at + len(para)
    return mapping, covered
