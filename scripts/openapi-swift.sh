#!/usr/bin/env bash
# Regenerates Sources/LedgerRPC/OpenAPIDocument.swift (the served copy) from Docs/openapi.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo '// Generated from Docs/openapi.yaml by scripts/openapi-swift.sh; LedgerRPCTests checks they match.'
  echo '// Served at GET /openapi.yaml so a client can fetch the schema of the node it talks to.'
  echo 'enum OpenAPIDocument {'
  echo '    static let yaml = #"""'
  cat Docs/openapi.yaml
  echo '"""#'
  echo '}'
} > Sources/LedgerRPC/OpenAPIDocument.swift
