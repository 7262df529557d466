#!/usr/bin/env bash
# Prints the path of a Chromium for the browser tests; installs Debian's package when there is none (as root).
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" chromium chromium-browser; do
  if [ -n "$candidate" ] && command -v "$candidate" >/dev/null; then
    command -v "$candidate"
    exit 0
  fi
done
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing: install it (apt-get install chromium) or point CHROMIUM_PATH at one." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium >&2
command -v chromium
