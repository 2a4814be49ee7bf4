#!/usr/bin/env bash
# Time Python trafilatura on the extraction-dev pages, for `just eval`'s speed comparison:
# installs a pinned trafilatura from PyPI into .tools/eval-python (gitignored) the first time,
# then runs eval/trafilatura_speed.py, which times $NEWSROOMCTL's whole pipeline and
# trafilatura in alternating rounds and prints the speed-up of the medians.
# Usage: scripts/eval-trafilatura.sh [CORPUS_DIR] [--rounds N]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
# lxml_html_clean: trafilatura needs lxml's HTML cleaner, a separate package since lxml 5.2.
prefix=$("$root/scripts/ensure-python-tools.sh" eval-python trafilatura==2.3.1 lxml_html_clean==0.4.6)
if [ -x "$prefix/bin/python" ]; then
  exec "$prefix/bin/python" "$root/eval/trafilatura_speed.py" "$@"
fi
exec env "PYTHONPATH=$prefix" python3 "$root/eval/trafilatura_speed.py" "$@"
