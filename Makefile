# Quick start:  make run   (dev network)   |   make test   (all tests)
SWIFT ?= swift
.PHONY: deps build release run test bench clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Single-validator dev network on http://127.0.0.1:26657 (keys alice, bob, carol, dave).
run: build
	$$($(SWIFT) build --show-bin-path)/desci-node dev $(ARGS)

## Every test: unit, integration (real node processes on RocksDB), crash recovery, then
## schemathesis over the whole RPC of a live dev node (Docs/openapi.yaml).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/schemathesis.sh

## Benchmark (release build): crypto, mempool, block execution + commit, end-to-end RPC.
bench: release
	$$($(SWIFT) build -c release --show-bin-path)/desci-bench $(ARGS)

clean:
	rm -rf .build
