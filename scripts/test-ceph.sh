#!/usr/bin/env bash
# Runs the store end-to-end suite (test/e2e/store) against Ceph RGW, a production S3 implementation,
# so that the gateway's behaviour follows S3 rather than the embedded test double.
set -euo pipefail
cd "$(dirname "$0")/.."

export CEPH_DIR="${CEPH_DIR:-/tmp/s3gw-ceph}"
bash scripts/ceph-rgw.sh start >/dev/null
trap 'bash scripts/ceph-rgw.sh stop >/dev/null 2>&1 || true' EXIT

set -a
# shellcheck disable=SC1091
source "$CEPH_DIR/s3.env"
set +a
export E2E_S3_ENDPOINT="$S3_ENDPOINT" E2E_S3_REGION="$AWS_REGION"
unset S3_ENDPOINT

npx vitest run test/e2e/store "$@"
