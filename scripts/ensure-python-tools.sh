#!/usr/bin/env bash
# Install pinned Python packages from PyPI into .tools/<name> (gitignored) unless that exact
# set is there already, and print the install's prefix: a venv when the interpreter can make
# one (then <prefix>/bin/python exists), else a `pip --target` directory (then run
# `PYTHONPATH=<prefix> python3`; console scripts are in <prefix>/bin).
# Usage: scripts/ensure-python-tools.sh NAME REQUIREMENT...
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="${NEWSROOM_TOOLS_DIR:-$root/.tools}"
name="$1"
shift
pydir="$tools/$name"
stamp="$pydir/.installed"
want="$*"

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "ensure-python-tools: installing $want from PyPI into $pydir" >&2
  rm -rf "$pydir"
  if python3 -m venv "$pydir/venv" >/dev/null 2>&1 && [ -x "$pydir/venv/bin/pip" ]; then
    "$pydir/venv/bin/pip" install --quiet --disable-pip-version-check "$@" >&2
  else
    rm -rf "$pydir/venv"
    python3 -m pip install --quiet --disable-pip-version-check --target "$pydir/lib" "$@" >&2
  fi
  echo "$want" >"$stamp"
fi
if [ -x "$pydir/venv/bin/python" ]; then
  echo "$pydir/venv"
else
  echo "$pydir/lib"
fi
