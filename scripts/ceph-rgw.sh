#!/usr/bin/env bash
# Throw-away single-node Ceph cluster with a RADOS Gateway (S3 API) on
# 127.0.0.1, for the end-to-end tests. Debian 12, run as root.
#
#   bash scripts/ceph-rgw.sh start   # install if missing, (re)create, start, print env
#   bash scripts/ceph-rgw.sh stop    # kill the daemons, remove the work dir
#
# Environment (all optional):
#   CEPH_DIR             work dir, wiped on start/stop   (/tmp/s3gw-ceph)
#   CEPH_RGW_PORT        S3 port on 127.0.0.1            (7480)
#   CEPH_MON_PORT        monitor v1 port; v2 is this-3489 (6789 -> 3300)
#   CEPH_ACCESS_KEY      S3 access key                   (s3gwtest)
#   CEPH_SECRET_KEY      S3 secret key                   (s3gwtestsecret)
#   CEPH_MEMSTORE_BYTES  OSD capacity, held in RAM       (4 GiB)
#   CEPH_TIMEOUT         seconds allowed for start-up    (120)
#
# After start, ${CEPH_DIR}/s3.env holds S3_ENDPOINT, AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_REGION and S3_FORCE_PATH_STYLE (also printed on
# stdout; everything else goes to stderr). Logs are in ${CEPH_DIR}/log.
set -euo pipefail

CEPH_DIR=${CEPH_DIR:-/tmp/s3gw-ceph}
CEPH_RGW_PORT=${CEPH_RGW_PORT:-7480}
CEPH_MON_PORT=${CEPH_MON_PORT:-6789}
CEPH_ACCESS_KEY=${CEPH_ACCESS_KEY:-s3gwtest}
CEPH_SECRET_KEY=${CEPH_SECRET_KEY:-s3gwtestsecret}
CEPH_MEMSTORE_BYTES=${CEPH_MEMSTORE_BYTES:-4294967296}
CEPH_TIMEOUT=${CEPH_TIMEOUT:-120}

CONF="$CEPH_DIR/ceph.conf"
PACKAGES=(ceph-mon ceph-osd ceph-common radosgw)
BINARIES=(ceph-mon ceph-osd ceph radosgw radosgw-admin monmaptool ceph-authtool)

log() { echo "ceph-rgw [${SECONDS}s]: $*" >&2; }
die() {
  log "ERROR: $*"
  if [[ -d "$CEPH_DIR/log" ]]; then
    for f in "$CEPH_DIR"/log/*.log "$CEPH_DIR"/log/*.out; do
      [[ -s "$f" ]] || continue
      log "--- last lines of $f"
      tail -n 15 "$f" >&2 || true
    done
  fi
  exit 1
}

# Seconds left before the start-up deadline (at least 1, for `timeout`).
remaining() {
  local left=$((DEADLINE - SECONDS))
  echo $((left > 0 ? left : 1))
}

# ceph CLI against our cluster, bounded by the start-up deadline.
cephc() { timeout "$(remaining)" ceph -c "$CONF" --connect-timeout 10 "$@"; }

install_if_missing() {
  local missing=() b
  for b in "${BINARIES[@]}" curl; do
    command -v "$b" >/dev/null 2>&1 || missing+=("$b")
  done
  ((${#missing[@]} == 0)) && return 0
  log "missing ${missing[*]}: installing ${PACKAGES[*]} curl"
  [[ $(id -u) -eq 0 ]] || die "must run as root to install packages"
  export DEBIAN_FRONTEND=noninteractive
  local apt=(apt-get install -y -q --no-install-recommends "${PACKAGES[@]}" curl)
  if ! "${apt[@]}" </dev/null >&2; then
    log "install failed; running apt-get update and retrying"
    apt-get update -q </dev/null >&2 || die "apt-get update failed"
    "${apt[@]}" </dev/null >&2 || die "apt-get install ${PACKAGES[*]} failed"
  fi
  for b in "${BINARIES[@]}"; do
    command -v "$b" >/dev/null 2>&1 || die "$b still missing after install"
  done
}

stop_cluster() {
  local f pid pids=()
  if [[ -d "$CEPH_DIR/run" ]]; then
    for f in "$CEPH_DIR"/run/*.pid; do
      [[ -f "$f" ]] || continue
      pid=$(cat "$f" 2>/dev/null || true)
      [[ "$pid" =~ ^[0-9]+$ ]] || continue
      # Only kill what is still a ceph daemon (pids may have been reused).
      if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' </proc/"$pid"/cmdline | grep -q -- "-c $CONF"; then
        pids+=("$pid")
      fi
    done
  fi
  if ((${#pids[@]})); then
    log "stopping pids ${pids[*]}"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    # Throw-away data: give them 3 s to exit cleanly, then SIGKILL.
    for _ in $(seq 15); do
      local alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      ((alive)) || break
      sleep 0.2
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    for pid in "${pids[@]}"; do # wait (bounded) until they are really gone
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
  fi
  rm -rf "$CEPH_DIR"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_conf() {
  local fsid=$1
  cat >"$CONF" <<EOF
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$CEPH_MON_PORT]
public addr = 127.0.0.1
# Test cluster on loopback: no cephx keys to manage.
auth cluster required = none
auth service required = none
auth client required = none
# With auth none the default "secure" mon mode fails with EACCES in a loop.
ms mon client mode = crc
# One OSD: one replica per object, placement over OSDs rather than hosts.
osd pool default size = 1
osd pool default min size = 1
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
# Few PGs per pool: RGW makes ~7 pools and there is no mgr/autoscaler.
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
# Commit mon map changes after 0.1 s instead of 1 s: start-up makes ~10 of them.
paxos propose interval = 0.1
# Keep every file of the cluster in the work dir.
run dir = $CEPH_DIR/run
pid file = $CEPH_DIR/run/\$name.pid
admin socket = $CEPH_DIR/run/\$name.asok
log file = $CEPH_DIR/log/\$name.log
mon cluster log file = $CEPH_DIR/log/cluster.log
crash dir = $CEPH_DIR/crash
# Don't let the mon refuse to run when the disk holding CEPH_DIR is fairly full.
mon data avail crit = 1
mon data avail warn = 2

[mon]
mon data = $CEPH_DIR/mon/\$id

[osd]
osd data = $CEPH_DIR/osd/\$id
# Objects live in RAM, no disk needed; memory grows with the data stored.
osd objectstore = memstore
memstore device bytes = $CEPH_MEMSTORE_BYTES

[client.rgw.gw]
rgw frontends = beast endpoint=127.0.0.1:$CEPH_RGW_PORT
rgw data = $CEPH_DIR/rgw
EOF
}

# Start a self-daemonizing ceph binary; its stdout/stderr go to a log file so
# nothing holds the caller's pipes open.
spawn() {
  local name=$1
  shift
  setsid "$@" -c "$CONF" </dev/null >>"$CEPH_DIR/log/$name.out" 2>&1 ||
    die "$name failed to start"
}

wait_for() {
  local what=$1
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < DEADLINE)) || die "timed out after ${CEPH_TIMEOUT}s waiting for $what"
    sleep 0.5
  done
}

osd_up() { local j; j=$(cephc osd dump -f json) && [[ "$j" == *'"up":1'* ]]; }
rgw_answers() { curl -s -o /dev/null -m 5 "http://127.0.0.1:$CEPH_RGW_PORT/"; }

start_cluster() {
  SECONDS=0
  install_if_missing
  DEADLINE=$((SECONDS + CEPH_TIMEOUT))
  MON_V2_PORT=$((CEPH_MON_PORT - 3489))

  stop_cluster
  local p
  for p in "$CEPH_RGW_PORT" "$CEPH_MON_PORT" "$MON_V2_PORT"; do
    port_busy "$p" && die "port $p on 127.0.0.1 is already in use (another cluster left running?)"
  done

  mkdir -p "$CEPH_DIR"/{run,log,crash,mon/a,osd/0,rgw}
  local fsid osd_uuid
  fsid=$(cat /proc/sys/kernel/random/uuid)
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  write_conf "$fsid"

  log "creating monitor"
  monmaptool --create --fsid "$fsid" \
    --addv a "[v2:127.0.0.1:$MON_V2_PORT,v1:127.0.0.1:$CEPH_MON_PORT]" \
    "$CEPH_DIR/monmap" >/dev/null || die "monmaptool failed"
  ceph-authtool --create-keyring "$CEPH_DIR/mon.keyring" --gen-key -n mon. \
    --cap mon 'allow *' >/dev/null || die "ceph-authtool failed"
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$CEPH_DIR/monmap" \
    --keyring "$CEPH_DIR/mon.keyring" >>"$CEPH_DIR/log/mkfs.out" 2>&1 ||
    die "ceph-mon --mkfs failed"
  spawn mon.a ceph-mon -i a
  wait_for "monitor" cephc mon stat

  log "creating OSD"
  local id
  id=$(cephc osd new "$osd_uuid") || die "ceph osd new failed"
  [[ "$id" == 0 ]] || die "unexpected OSD id '$id'"
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" \
    >>"$CEPH_DIR/log/mkfs.out" 2>&1 || die "ceph-osd --mkfs failed"
  spawn osd.0 ceph-osd -i 0
  wait_for "OSD to come up" osd_up

  log "starting radosgw on 127.0.0.1:$CEPH_RGW_PORT"
  spawn client.rgw.gw radosgw -n client.rgw.gw
  wait_for "S3 endpoint http://127.0.0.1:$CEPH_RGW_PORT" rgw_answers

  log "creating S3 user"
  timeout "$(remaining)" \
    radosgw-admin -c "$CONF" user create --uid=s3gwtest --display-name="s3gw tests" \
    --access-key="$CEPH_ACCESS_KEY" --secret-key="$CEPH_SECRET_KEY" \
    >>"$CEPH_DIR/log/radosgw-admin.out" 2>&1 || die "radosgw-admin user create failed"

  # Authenticated round trip: proves the user and the index/meta pools work.
  wait_for "authenticated S3 request" s3_list_buckets

  cat >"$CEPH_DIR/s3.env" <<EOF
S3_ENDPOINT=http://127.0.0.1:$CEPH_RGW_PORT
AWS_ACCESS_KEY_ID=$CEPH_ACCESS_KEY
AWS_SECRET_ACCESS_KEY=$CEPH_SECRET_KEY
AWS_REGION=us-east-1
S3_FORCE_PATH_STYLE=true
EOF
  log "ready in ${SECONDS}s; env in $CEPH_DIR/s3.env"
  cat "$CEPH_DIR/s3.env"
}

# Readiness check: ListBuckets signed with AWS signature v2 (curl + openssl);
# without openssl, just check that the user exists.
s3_list_buckets() {
  if command -v openssl >/dev/null 2>&1; then
    local date sig
    date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
    sig=$(printf 'GET\n\n\n%s\n/' "$date" |
      openssl dgst -sha1 -hmac "$CEPH_SECRET_KEY" -binary | base64)
    curl -sf -m 5 -o /dev/null -H "Date: $date" \
      -H "Authorization: AWS $CEPH_ACCESS_KEY:$sig" "http://127.0.0.1:$CEPH_RGW_PORT/"
  else
    timeout 10 radosgw-admin -c "$CONF" user info --uid=s3gwtest
  fi
}

case "${1:-}" in
  start) start_cluster ;;
  stop) stop_cluster; log "stopped" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
