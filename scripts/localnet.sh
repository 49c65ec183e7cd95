#!/usr/bin/env bash
# `make localnet` / `make localnet-stop`: a four-validator network on loopback (Docs/OPERATIONS.md,
# "Local four-validator network"). The homes live in .localnet/ (ignored by git) and are written
# once by `desci-node testnet`; later starts continue the same chain. LOCALNET_RESET=1 starts over.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${LOCALNET_DIR:-.localnet}"
N="${LOCALNET_VALIDATORS:-4}"
PORT="${LOCALNET_STARTING_PORT:-26656}"
BIN="${DESCI_BIN_DIR:-$(swift build --show-bin-path)}"

stop() {
  local any=0
  for pidfile in "$DIR"/node*.pid; do
    [ -e "$pidfile" ] || continue
    local pid; pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" && any=1
      # A graceful stop closes RocksDB; give it up to 30 s, then say so rather than kill -9.
      for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then echo "$(basename "$pidfile" .pid) (pid $pid) still running after 30 s" >&2; continue; fi
      echo "stopped $(basename "$pidfile" .pid) (pid $pid)"
    fi
    rm -f "$pidfile"
  done
  [ "$any" = 1 ] || echo "no localnet node was running"
}

start() {
  if [ "${LOCALNET_RESET:-0}" = 1 ]; then stop >/dev/null; rm -rf "$DIR"; fi
  for pidfile in "$DIR"/node*.pid; do
    if [ -e "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "localnet is already running (make localnet-stop first)" >&2; exit 1
    fi
  done
  if [ ! -d "$DIR/node0" ]; then
    "$BIN/desci-node" testnet --validators "$N" --chain-id desci-localnet --starting-port "$PORT" --output "$DIR" >/dev/null
    echo "wrote $N validator homes in $DIR (fresh keys)"
  fi
  for i in $(seq 0 $((N - 1))); do
    nohup "$BIN/desci-node" start --home "$DIR/node$i" >"$DIR/node$i.log" 2>&1 &
    echo $! >"$DIR/node$i.pid"
  done
  for i in $(seq 0 $((N - 1))); do
    local rpc=$((PORT + 2 * i + 1)) ok=0
    for _ in $(seq 200); do
      if curl -fsS "http://127.0.0.1:$rpc/health" >/dev/null 2>&1; then ok=1; break; fi
      kill -0 "$(cat "$DIR/node$i.pid")" 2>/dev/null || break
      sleep 0.1
    done
    if [ "$ok" = 1 ]; then
      echo "node$i  rpc http://127.0.0.1:$rpc  p2p 127.0.0.1:$((PORT + 2 * i))  log $DIR/node$i.log"
    else
      echo "node$i did not come up; last lines of $DIR/node$i.log:" >&2; tail -5 "$DIR/node$i.log" >&2; stop; exit 1
    fi
  done
  echo "stop with: make localnet-stop. Wallet: desci --node http://127.0.0.1:$((PORT + 1)) …; alice, bob, carol and dave are funded (make run once puts their dev keys in ~/.desci)"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac
