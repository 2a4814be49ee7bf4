#!/usr/bin/env bash
# `just demo`: build, find or start NATS with JetStream, start ingest, enrichment and
# publishing on SQLite under ./.data, push the sample stories and show what happened
# to each, then keep running until Ctrl-C (NEWSROOM_DEMO_ONCE=1 stops right away).
set -euo pipefail
cd "$(dirname "$0")/.."

DATA_DIR=${NEWSROOM_DATA_DIR:-.data}
LOG_DIR="$DATA_DIR/logs"
BIN=target/debug
NATS_URL=${NATS_URL:-nats://127.0.0.1:4222}
export NEWSROOM_DATA_DIR="$DATA_DIR" NATS_URL
unset DATABASE_URL NEWSROOM_GRPC_ADDR NEWSROOM_HTTP_ADDR

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; }

mkdir -p "$LOG_DIR"
scripts/ensure-infra.sh nats

say "building"
cargo build --workspace --bins --locked

pids=()
stop_all() {
  trap - EXIT INT TERM
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
    echo "all stopped; logs in $LOG_DIR"
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# NATS: use the one at NATS_URL when it answers, else start our own with JetStream.
nats_hostport=${NATS_URL#*://}; nats_hostport=${nats_hostport%%,*}; nats_hostport=${nats_hostport##*@}
nats_host=${nats_hostport%:*}; nats_port=${nats_hostport##*:}
if tcp_open "$nats_host" "$nats_port"; then
  say "using NATS at $NATS_URL"
else
  say "starting nats-server -js on $nats_host:$nats_port (store $DATA_DIR/nats)"
  nats_bin=$(command -v nats-server || echo /usr/sbin/nats-server)
  "$nats_bin" -js -a "$nats_host" -p "$nats_port" -sd "$DATA_DIR/nats" >"$LOG_DIR/nats.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 50); do tcp_open "$nats_host" "$nats_port" && break; sleep 0.1; done
fi

# The demo's fixed ports must be free: a leftover process would answer in our place (or
# make ours fail to bind), so say which one is taken instead of failing obscurely later.
for port in 50051 50052 50053 8081 8082 8083 9090; do
  if tcp_open 127.0.0.1 "$port"; then
    echo "error: port $port is already in use (another newsroom service still running?)" >&2
    exit 1
  fi
done

say "starting services (logs in $LOG_DIR)"
declare -A service_pid
# The demo's webhook receiver listens on loopback, which publishing refuses by default.
export NEWSROOM_WEBHOOK_ALLOW_LOOPBACK=true
for service in ingest enrichment publishing; do
  "$BIN/newsroom-$service" >"$LOG_DIR/$service.log" 2>&1 &
  pids+=($!)
  service_pid[$service]=$!
  echo "newsroom-$service pid $!"
done

# Wait until a service answers SERVING; if its process dies first, show why.
wait_serving() {
  local service=$1 addr=$2
  for _ in $(seq 1 120); do
    if ! kill -0 "${service_pid[$service]}" 2>/dev/null; then
      echo "error: newsroom-$service exited before serving; last lines of $LOG_DIR/$service.log:" >&2
      tail -n 30 "$LOG_DIR/$service.log" >&2
      return 1
    fi
    if "$BIN/newsroomctl" health --addr "$addr" >/dev/null 2>&1; then
      echo "newsroom-$service SERVING at $addr"
      return 0
    fi
    sleep 0.5
  done
  echo "error: newsroom-$service not SERVING at $addr after 60 s; last lines of $LOG_DIR/$service.log:" >&2
  tail -n 30 "$LOG_DIR/$service.log" >&2
  return 1
}
wait_serving ingest http://127.0.0.1:50051
wait_serving enrichment http://127.0.0.1:50052
wait_serving publishing http://127.0.0.1:50053

say "API tokens: every call needs one (newsroomctl token writes them, hashed, to the NATS registry)"
cms_token=$("$BIN/newsroomctl" token create --tool demo-cms --scope push)
desk_token=$("$BIN/newsroomctl" token create --tool demo-desk --scope admin)
echo "demo-cms (push): ${cms_token:0:20}…   demo-desk (admin): ${desk_token:0:20}…"
echo "a push without a token is refused:"
printf 'No token\n\nThis push has no token.\n' | "$BIN/newsroomctl" push - --source demo --token "" || true
# The desk reads and administers with its token; pushes below use the CMS token.
export NEWSROOM_TOKEN="$desk_token"

say "a subscriber with a signed webhook (newsroomctl listen-webhook checks each signature)"
webhook_secret="demo-secret-$(date +%s)-$RANDOM"
"$BIN/newsroomctl" listen-webhook --addr 127.0.0.1:9090 --secret "$webhook_secret" >"$LOG_DIR/webhook.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do tcp_open 127.0.0.1 9090 && break; sleep 0.1; done
"$BIN/newsroomctl" subscriber create --name "demo-desk-$(date +%s)" --webhook http://127.0.0.1:9090/hook --secret "$webhook_secret"

say "pushing samples/ in bulk (source id = file name; each story is one trace, its id printed)"
"$BIN/newsroomctl" push --token "$cms_token" samples/ --source demo --source-id-from-filename || true

say "pushing one sample again: a duplicate, no new event"
"$BIN/newsroomctl" push --token "$cms_token" samples/harbour-ferry-strike.txt --source demo --source-id harbour-ferry-strike || true

say "pushing a corrected version of it: version +1, one new event"
corrected="$DATA_DIR/harbour-ferry-strike-corrected.txt"
sed "s/6 percent/6.5 percent (corrected $(date +%H:%M:%S))/" samples/harbour-ferry-strike.txt >"$corrected"
"$BIN/newsroomctl" push --token "$cms_token" "$corrected" --source demo --source-id harbour-ferry-strike || true

say "pushing an invalid story: rejected with the field and the limit"
printf '   \n' | "$BIN/newsroomctl" push --token "$cms_token" - --source demo || true

say "stories in ingest"
"$BIN/newsroomctl" list --page-size 10

say "what enrichment understood of each story"
mapfile -t story_ids < <("$BIN/newsroomctl" list --page-size 10 --ids)
"$BIN/newsroomctl" enriched --wait 30 "${story_ids[@]}"

say "what publishing made of the first story: ninjs 2.2 (GET http://127.0.0.1:8083/stories/${story_ids[0]})"
"$BIN/newsroomctl" published --wait 30 "${story_ids[0]}"

say "the Atom feed of channel 'all' (http://127.0.0.1:8083/feeds/all.atom), first lines"
fetch() {
  if command -v curl >/dev/null 2>&1; then curl -fsS "$1"; else python3 -c 'import sys,urllib.request;sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"; fi
}
fetch http://127.0.0.1:8083/feeds/all.atom | sed 's/<entry>/\n<entry>/g' | head -c 1500; echo

say "what the demo webhook received (signatures verified by newsroomctl listen-webhook)"
for _ in $(seq 1 100); do
  [ "$(grep -c '^verified' "$LOG_DIR/webhook.log" 2>/dev/null || true)" -ge 5 ] && break
  sleep 0.2
done
cat "$LOG_DIR/webhook.log"
"$BIN/newsroomctl" subscriber deliveries | head -10

say "a few of the services' metrics (Prometheus: :8081/metrics ingest, :8082 enrichment, :8083 publishing)"
for port in 8081 8082 8083; do
  fetch "http://127.0.0.1:$port/metrics" | grep -E '^newsroom_(stories_[a-z]+_total|push_to_publish_duration_seconds_count|delivery_attempts_total)' || true
done
if [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then
  echo "traces and metrics exported to $OTEL_EXPORTER_OTLP_ENDPOINT: look the trace ids above up there"
else
  echo "set OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://127.0.0.1:4317, a Jaeger or Collector) to export the traces whose ids are printed above"
fi

if [ "${NEWSROOM_DEMO_ONCE:-0}" = "1" ]; then
  say "demo done (NEWSROOM_DEMO_ONCE=1)"
  exit 0
fi
say "pipeline running: ingest gRPC :50051, HTTP :8081; publishing gRPC :50053, HTTP :8083 (/feeds/all.atom, /stories/ID) — push more with target/debug/newsroomctl push FILE; Ctrl-C to stop"
wait
