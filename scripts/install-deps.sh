#!/usr/bin/env bash
# Installs the system libraries the build needs (Debian/Ubuntu), only when they are missing.
set -euo pipefail
need=()
pkg-config --exists libsodium 2>/dev/null || need+=(libsodium-dev)
pkg-config --exists rocksdb 2>/dev/null || need+=(librocksdb-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
