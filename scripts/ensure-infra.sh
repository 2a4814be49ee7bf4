#!/usr/bin/env bash
# Make sure what the tests and the demo need is on this machine, installing or
# starting it when missing: `ensure-infra.sh nats` (the nats-server binary) and
# `ensure-infra.sh postgres` (a PostgreSQL server on 127.0.0.1:5432 with trust auth).
set -euo pipefail

log() { echo "ensure-infra: $*" >&2; }

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    log "apt-get not found; install $* by hand"; return 1
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ $apt_updated -eq 0 ]; then
    $sudo apt-get update -qq >/dev/null; apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_nats() {
  if command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ]; then
    return 0
  fi
  log "installing nats-server (Debian package)"
  apt_install nats-server
}

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; }

ensure_postgres() {
  if tcp_open 127.0.0.1 5432; then
    return 0
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    log "installing postgresql (Debian package)"
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    log "allowing trust auth for local test connections in $hba"
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  fi
  log "starting postgresql $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  for _ in $(seq 1 50); do
    tcp_open 127.0.0.1 5432 && return 0
    sleep 0.2
  done
  log "postgresql did not come up on 127.0.0.1:5432"; return 1
}

for what in "$@"; do
  case "$what" in
    nats) ensure_nats ;;
    postgres) ensure_postgres ;;
    *) log "unknown component: $what"; exit 2 ;;
  esac
done
