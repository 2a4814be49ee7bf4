#!/usr/bin/env bash
# Time Python trafilatura on the extraction-dev pages, for `just eval`'s speed comparison:
# installs a pinned trafilatura from PyPI into .tools/eval-python (gitignored) the first time,
# then runs eval/trafilatura_speed.py, which prints our pages/s ÷ trafilatura's when
# eval/extraction.py left its figure in $EVAL_SPEED_FILE.
# Usage: scripts/eval-trafilatura.sh [CORPUS_DIR]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="${NEWSROOM_TOOLS_DIR:-$root/.tools}"
pydir="$tools/eval-python"
stamp="$pydir/.installed"
# lxml_html_clean: trafilatura needs lxml's HTML cleaner, a separate package since lxml 5.2.
want="trafilatura==2.3.1 lxml_html_clean==0.4.6"
log() { echo "eval-trafilatura: $*" >&2; }

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "installing $want from PyPI into $pydir"
  rm -rf "$pydir"
  if python3 -m venv "$pydir/venv" >/dev/null 2>&1 && [ -x "$pydir/venv/bin/pip" ]; then
    # shellcheck disable=SC2086 # $want is a list of requirements
    "$pydir/venv/bin/pip" install --quiet --disable-pip-version-check $want
  else
    rm -rf "$pydir/venv"
    # shellcheck disable=SC2086
    python3 -m pip install --quiet --disable-pip-version-check --target "$pydir/lib" $want
  fi
  echo "$want" >"$stamp"
fi
if [ -x "$pydir/venv/bin/python" ]; then
  exec "$pydir/venv/bin/python" "$root/eval/trafilatura_speed.py" "$@"
fi
exec env "PYTHONPATH=$pydir/lib" python3 "$root/eval/trafilatura_speed.py" "$@"
