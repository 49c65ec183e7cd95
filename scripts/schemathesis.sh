#!/usr/bin/env bash
# Fuzzes the whole RPC of a live dev node against Docs/openapi.yaml with schemathesis (PyPI,
# pinned below): no 5xx, every answer within the schema (status, content type, body), and the node
# still healthy afterwards. Exits non-zero on any failure. Python 3.12+ is preferred: on 3.11.7,
# Hypothesis stops on an internal "AST constructor recursion depth mismatch" (a CPython bug).
#   scripts/schemathesis.sh            (builds nothing; uses the debug desci-node)
#   DESCI_NODE=path/to/desci-node scripts/schemathesis.sh
#   ST_EXAMPLES=50 scripts/schemathesis.sh   (more examples per operation; default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS_VERSION=4.32.5
VENV=${ST_VENV:-.build/schemathesis-venv}
NODE=${DESCI_NODE:-$(swift build --show-bin-path)/desci-node}
EXAMPLES=${ST_EXAMPLES:-20}

PYTHON=${ST_PYTHON:-}
if [ -z "$PYTHON" ]; then
  for p in python3.13 python3.12 /root/.pyenv/versions/3.12*/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then PYTHON=$p; break; fi
  done
  PYTHON=${PYTHON:-python3}
fi
if [ ! -x "$VENV/bin/schemathesis" ] || ! "$VENV/bin/schemathesis" --version | grep -q "$SCHEMATHESIS_VERSION"; then
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
URL="http://127.0.0.1:$PORT"
"$NODE" dev --home "$WORK/home" --wallet-home "$WORK/wallet" --rpc-addr "127.0.0.1:$PORT" --genesis Genesis/devnet.json \
  >"$WORK/node.log" 2>&1 &
NODE_PID=$!
cleanup() { kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  curl -fsS "$URL/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$URL/health" >/dev/null || { echo "schemathesis.sh: the node did not start"; cat "$WORK/node.log"; exit 1; }

status=0
# GET /events is an endless text/event-stream (Tests/LedgerNodeTests/EventStreamTests.swift covers it):
# every request would run into --request-timeout, so it is left out.
"$VENV/bin/schemathesis" run Docs/openapi.yaml --url "$URL" --exclude-path /events \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing --max-examples "$EXAMPLES" --workers 2 --seed 1 \
  --suppress-health-check all --request-timeout 20 --report-dir "$WORK/report" || status=$?

# The node must still answer, with a well-formed status, after the run.
if ! curl -fsS "$URL/status" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["latest_height"] >= 0'; then
  echo "schemathesis.sh: the node is not healthy after the run"; tail -50 "$WORK/node.log"; status=1
fi
if [ "$status" -ne 0 ]; then echo "schemathesis.sh: FAILED (exit $status)"; tail -20 "$WORK/node.log"; fi
exit "$status"
