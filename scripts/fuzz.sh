#!/usr/bin/env bash
# Fuzz the enrichment pipeline and the parsers of pushed input with cargo-fuzz (libFuzzer):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# `just fuzz` runs every target for 600 s, `just fuzz-smoke` (CI) for 20 s. Targets
# (fuzz/fuzz_targets/): pipeline_text, pipeline_html, push_json, push_protobuf.
#
# Works on the stable toolchain: RUSTC_BOOTSTRAP=1 lets stable rustc take the nightly-only
# sanitizer flags cargo-fuzz passes. Seeds are written into fuzz/corpus/<target>/ from the
# small examples below (the corpus then grows and is kept between runs; it is gitignored).
# A crash, leak, timeout (a single input over $FUZZ_TIMEOUT s) or an input over
# $FUZZ_RSS_LIMIT_MB fails the run; the input is saved under fuzz/artifacts/<target>/ and
# replays with `cargo fuzz run --sanitizer $FUZZ_SANITIZER <target> <file>` (RUSTC_BOOTSTRAP=1).
#
# Environment: FUZZ_SANITIZER (address; none is faster), FUZZ_RSS_LIMIT_MB (2048),
# FUZZ_TIMEOUT (60), FUZZ_MAX_LEN (16384: largest input tried, in bytes).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds="${1:-600}"
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
fi
sanitizer="${FUZZ_SANITIZER:-address}"
rss_limit_mb="${FUZZ_RSS_LIMIT_MB:-2048}"
timeout="${FUZZ_TIMEOUT:-60}"
max_len="${FUZZ_MAX_LEN:-16384}"

log() { echo "fuzz: $*" >&2; }

export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

all_targets=(pipeline_text pipeline_html push_json push_protobuf)
if (($# > 0)); then targets=("$@"); else targets=("${all_targets[@]}"); fi
for target in "${targets[@]}"; do
  if [[ ! " ${all_targets[*]} " == *" $target "* ]]; then
    log "unknown target $target (known: ${all_targets[*]})"
    exit 2
  fi
done

# --- seeds ---------------------------------------------------------------------------
# seed TARGET NAME: stdin becomes fuzz/corpus/TARGET/seed-NAME.
seed() { mkdir -p "fuzz/corpus/$1" && cat >"fuzz/corpus/$1/seed-$2"; }
# hex bytes ("0a04…") to binary.
unhex() { printf '%b' "$(sed 's/../\\x&/g' <<<"$1")"; }
# Protobuf length-delimited field: pb FIELD_NUMBER HEX_PAYLOAD (payloads under 128 bytes).
pb() { printf '%02x%02x%s' $((($1 << 3) | 2)) $((${#2} / 2)) "$2"; }
# ASCII text to hex.
hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }

write_seeds() {
  local story_text='GENEVA (Reuters) - NATO Secretary-General Jens Stoltenberg said on Tuesday that the alliance would "stand by Ukraine for as long as it takes", speaking in Geneva.

"We are not a party to the conflict," Stoltenberg told reporters. U.S. officials and Mr. Biden welcomed the move, the White House said.

Related News | Sign up for our newsletter'
  printf '%s\n' "$story_text" | seed pipeline_text story
  printf 'https://example.com/world/2026/05/19/council-bridge\nCouncil approves the new bridge\n\nBy Jane Doe\n\nPARIS, May 19 — «Nous construirons», a déclaré la maire Anne Hidalgo. 東京 also said “yes”.\n' |
    seed pipeline_text url-and-unicode
  printf 'INTERNATIONAL:\n\nBREAKING\n\nThe ministry said prices rose 3%% in April.\n\n\n\nShare this article  Facebook  Twitter\n' |
    seed pipeline_text boilerplate

  cat <<'HTML' | seed pipeline_html article
<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Council approves bridge | City News</title>
<meta property="og:title" content="Council approves the new bridge"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2026-05-19T09:00:00Z"><meta property="article:section" content="Local">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council approves the new bridge","datePublished":"2026-05-19","author":{"name":"Jane Doe"}}</script>
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav><header><h1>Council approves the new bridge</h1><p class="byline">By Jane Doe</p></header>
<article><p>LONDON (AP) — The city council on Tuesday approved a new bridge, Mayor Sadiq Khan said.</p>
<p>&ldquo;This is a great day,&rdquo; Khan told reporters. &quot;We will build it,&quot; said the European Commission.</p>
<figure><img src="a.jpg"><figcaption>The site of the bridge.</figcaption></figure><table><tr><td>Cost</td><td>£1bn</td></tr></table>
<noscript><p>Enable JavaScript</p></noscript></article><aside>Related News</aside><footer>© 2026 City News</footer></body></html>
HTML
  printf 'https://news.example.org/politics/2026/01/02/vote.html\n<html><body><div><div><p>Short <b>bold <i>nested</p></div><p>Unclosed &amp; entities &#x1F980; &bogus;</body>' |
    seed pipeline_html url-and-broken
  printf '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><main><h2>Title</h2><p>Body.</p></main><template><p>x</p></template><svg><p>in svg</p></svg></body></html>' |
    seed pipeline_html xhtml

  printf '%s' '{"source":"cms-wordpress","source_id":"post-42","url":"https://example.com/a","content":"<p>Council approves the new bridge.</p>","content_type":"text/html; charset=utf-8","submitted_by":"jane","hints":{"headline":"Bridge","language":"en_gb","embargo_until":"2030-01-01T09:00:00+01:00"}}' |
    seed push_json full
  printf '%s' '{"source":"wire","content":"Body \u00e9\ud83e\udd80 text\n\nmore"}' | seed push_json minimal
  printf '%s' '{"source":" ","content":"x","hints":{"embargo_until":"tomorrow"},"extra":1}' | seed push_json invalid
  printf '%s' '{"source":"w","content":"x","content_type":"application/pdf","hints":null,"source_id":""}' | seed push_json refused

  local hints story
  hints=$(pb 1 "$(hex 'Bridge')")$(pb 2 "$(hex 'en-GB')")$(pb 3 0801)
  story=$(pb 1 "$(hex 'wire')")$(pb 2 "$(hex 'id-1')")$(pb 3 "$(hex 'https://example.com/a')")$(pb 4 "$(hex '<p>Council approves the new bridge.</p>')")$(pb 5 "$(hex 'text/html')")$(pb 6 "$(hex 'jane')")$(pb 7 "$hints")
  unhex "$(pb 1 "$story")" | seed push_protobuf full
  unhex "$(pb 1 "$(pb 1 "$(hex 'wire')")$(pb 4 "$(hex 'Body')")")" | seed push_protobuf minimal
  unhex "$(pb 1 "$(pb 1 "$(hex 'wire')")$(pb 4 "$(hex 'x')")$(pb 7 "$(pb 2 "$(hex 'english')")")")" | seed push_protobuf bad-language
  unhex "" | seed push_protobuf empty
}
write_seeds

# --- build and run ---------------------------------------------------------------------
log "building ${targets[*]} (sanitizer $sanitizer)"
build_start=$SECONDS
for target in "${targets[@]}"; do
  cargo fuzz build --sanitizer "$sanitizer" "$target"
done
log "built in $((SECONDS - build_start)) s"

logs="fuzz/target/fuzz-logs"
mkdir -p "$logs"
stat_of() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }
declare -a summary=()
failed=0
for target in "${targets[@]}"; do
  dict_args=()
  case "$target" in
    pipeline_html) dict_args=(-dict=fuzz/dicts/html.dict) ;;
    push_json) dict_args=(-dict=fuzz/dicts/json.dict) ;;
  esac
  log "running $target for ${seconds} s (log: $logs/$target.log)"
  start=$SECONDS
  status=0
  cargo fuzz run --sanitizer "$sanitizer" "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb="$rss_limit_mb" -timeout="$timeout" \
    -max_len="$max_len" -print_final_stats=1 "${dict_args[@]}" >"$logs/$target.log" 2>&1 || status=$?
  elapsed=$((SECONDS - start))
  runs=$(stat_of number_of_executed_units "$logs/$target.log")
  per_second=$(stat_of average_exec_per_sec "$logs/$target.log")
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  if ((status == 0)); then
    result="ok"
  else
    result="FAILED (exit $status)"
    failed=1
    tail -n 60 "$logs/$target.log" >&2
    log "$target: the failing input is in fuzz/artifacts/$target/"
  fi
  line=$(printf '%-14s %-18s %10s execs %6s s %8s exec/s %6s corpus' \
    "$target" "$result" "${runs:-?}" "$elapsed" "${per_second:-?}" "$corpus")
  log "$line"
  summary+=("$line")
done

echo "fuzz summary (${seconds} s per target, sanitizer $sanitizer):"
printf '  %s\n' "${summary[@]}"
if ((failed)); then
  echo "fuzz: FAILED: see fuzz/artifacts/ and $logs/" >&2
  exit 1
fi
