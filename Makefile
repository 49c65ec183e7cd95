# Quick start:  make run   (dev network)   |   make test   (all tests)
SWIFT ?= swift
.PHONY: deps build release run localnet localnet-stop test fault bench fuzz fuzz-long sim sim-long clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## Single-validator dev network on http://127.0.0.1:26657 (keys alice, bob, carol, dave).
run: build
	$$($(SWIFT) build --show-bin-path)/desci-node dev $(ARGS)

## Four validators on loopback (homes in .localnet/, logs there too); prints each node's RPC address.
## LOCALNET_RESET=1 starts a new chain. `make localnet-stop` stops them (SIGTERM, graceful).
localnet: build
	scripts/localnet.sh start

localnet-stop:
	scripts/localnet.sh stop

## Every test: unit, integration (real node processes on RocksDB), crash recovery, a short
## consensus-simulator sweep (SIM_TEST_SEEDS seeds, debug build, under a minute), then
## schemathesis over the whole RPC of a live dev node (Docs/openapi.yaml).
SIM_TEST_SEEDS ?= 36
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$$($(SWIFT) build --show-bin-path)/desci-sim --seeds $(SIM_TEST_SEEDS)
	scripts/schemathesis.sh

## Benchmark (release build): crypto, mempool, block execution + commit, end-to-end RPC.
## Fault tests (Docs/CONSENSUS.md): four validator processes under load through kill -9, SIGSTOP,
## two down, a relay partition, a wiped data folder and a late full node (about 4 minutes).
## KEEP_CLUSTER=1 keeps the homes and logs; CLUSTER_LOG_LEVEL=debug makes the nodes verbose.
fault: deps
	$(SWIFT) build --build-tests
	DESCI_FAULT_TESTS=1 $(SWIFT) test --skip-build --filter FaultTests

bench: release
	$$($(SWIFT) build -c release --show-bin-path)/desci-bench $(ARGS)

## Fuzzing (Docs/FUZZING.md): every libFuzzer target for FUZZ_SECONDS each (own build in .build-fuzz).
FUZZ_SECONDS ?= 30
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

## The long run: FUZZ_LONG_RUNS inputs per target (10 targets: 10 million in all), FUZZ_LONG_SECONDS cap each.
FUZZ_LONG_RUNS ?= 1000000
FUZZ_LONG_SECONDS ?= 3600
fuzz-long: deps
	FUZZ_RUNS=$(FUZZ_LONG_RUNS) FUZZ_SECONDS=$(FUZZ_LONG_SECONDS) scripts/fuzz.sh

## Consensus simulator (Docs/CONSENSUS.md): N validators with the real engine and block execution
## over a seeded faulty network. `make sim` sweeps SIM_SEEDS seeds over every scenario; a failure
## prints its replay command: `make sim SEED=… SCENARIO=…` (one run, described).
SIM_SEEDS ?= 1000
SIM_START ?= 1
SCENARIO ?= all
sim: deps
	$(SWIFT) build -c release --product desci-sim
	$$($(SWIFT) build -c release --show-bin-path)/desci-sim --scenario $(SCENARIO) $(if $(SEED),--seed $(SEED),--seeds $(SIM_SEEDS) --start $(SIM_START)) $(ARGS)

## The long sweep: SIM_LONG_SEEDS seeds (prints scenarios per hour).
SIM_LONG_SEEDS ?= 1000000
sim-long: deps
	$(SWIFT) build -c release --product desci-sim
	$$($(SWIFT) build -c release --show-bin-path)/desci-sim --scenario $(SCENARIO) --seeds $(SIM_LONG_SEEDS) --start $(SIM_START) $(ARGS)

clean:
	rm -rf .build
