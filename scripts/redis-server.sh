#!/usr/bin/env bash
# Throw-away Redis server on 127.0.0.1, for the tests and for trying the gateway on Redis. Debian 12.
#
#   bash scripts/redis-server.sh start   # install redis-server if missing (as root), start, print REDIS_URL
#   bash scripts/redis-server.sh stop    # stop it, remove the work dir
#   bash scripts/redis-server.sh install # only install redis-server if missing (the tests start their own servers)
#
# Environment (all optional):
#   REDIS_DIR    work dir (data, log, pid), wiped on start/stop   (/tmp/s3gw-redis)
#   REDIS_PORT   port on 127.0.0.1                                (6390)
#
# start prints REDIS_URL=redis://127.0.0.1:<port> on stdout (everything else goes to stderr).
set -euo pipefail

REDIS_DIR=${REDIS_DIR:-/tmp/s3gw-redis}
REDIS_PORT=${REDIS_PORT:-6390}

log() { echo "redis-server.sh: $*" >&2; }
die() {
  log "ERROR: $*"
  [[ -s "$REDIS_DIR/redis.log" ]] && tail -n 15 "$REDIS_DIR/redis.log" >&2
  exit 1
}

install_if_missing() {
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1 && return 0
  log "redis-server missing: installing Debian's redis-server"
  [[ $(id -u) -eq 0 ]] || die "must run as root to install packages"
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get install -y -q --no-install-recommends redis-server)
  if ! "${apt[@]}" </dev/null >&2; then
    log "install failed; running apt-get update and retrying"
    apt-get update -q </dev/null >&2 || die "apt-get update failed"
    "${apt[@]}" </dev/null >&2 || die "apt-get install redis-server failed"
  fi
  command -v redis-server >/dev/null 2>&1 || die "redis-server still missing after install"
}

stop_server() {
  if [[ -f "$REDIS_DIR/redis.pid" ]]; then
    local pid
    pid=$(cat "$REDIS_DIR/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$REDIS_DIR"
}

start_server() {
  install_if_missing
  stop_server
  mkdir -p "$REDIS_DIR"
  # An append-only file in the work dir, so that a server stopped and started again on the same dir keeps its jobs.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" --daemonize yes \
    --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
    --save '' --appendonly yes --appendfsync everysec >&2 || die "redis-server did not start"
  for _ in $(seq 100); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && {
      echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT"
      return 0
    }
    sleep 0.1
  done
  die "redis-server on port $REDIS_PORT does not answer"
}

case "${1:-}" in
  start) start_server ;;
  stop) stop_server ;;
  install) install_if_missing ;;
  *)
    echo "usage: $0 start|stop|install" >&2
    exit 2
    ;;
esac
