#!/usr/bin/env bash
# Installs the system libraries the build needs (Debian/Ubuntu), only when they are missing.
set -euo pipefail
need=()
pkg-config --exists libsodium 2>/dev/null || need+=(libsodium-dev)
pkg-config --exists rocksdb 2>/dev/null || need+=(librocksdb-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v curl >/dev/null || need+=(curl)
command -v openssl >/dev/null || need+=(openssl)        # the hashing benchmark compares with `openssl dgst`
command -v python3 >/dev/null || need+=(python3 python3-pip)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
# The export tests check PROV-JSON with `prov` and RO-Crates with roc-validator (Docs/AUDIT.md).
if ! python3 -c 'import prov, rocrate_validator' 2>/dev/null; then
  python3 -m pip install -q prov==3.2.3 roc-validator==0.13.0 || python3 -m pip install -q --break-system-packages prov==3.2.3 roc-validator==0.13.0
fi
