/// Command-line options of `desci-bench`: the sizes of each measurement.
struct BenchOptions: Sendable {
    var quick = false
    var json = false
    /// Time the steps of (b) one by one, and the mempool reap inside (c).
    var profile = false
    /// Funded sender accounts in the benchmark genesis.
    var senders = 2_000
    /// Pre-signed messages for the raw Ed25519 verification loop (a).
    var verifyMessages = 20_000
    /// Transactions per block for (b) and (c).
    var blockSize = 10_000
    /// Blocks produced for (c); their transactions are also what (b) admits.
    var blocks = 5
    /// Transactions per `submitBatch` call in (b).
    var admitBatch = 2_000
    /// `POST /txs` requests in (d) and transactions in each.
    var rpcBatches = 20
    var rpcBatchSize = 2_000
    /// `POST /txs` requests in flight at once in (d).
    var rpcConcurrency = 2
    /// `--state-scale`: run only the state-size comparison, at `senders` and at this many accounts.
    var stateScale = false
    var largeStateAccounts = 1_000_000
    /// Block interval of the in-process node in (d).
    var blockIntervalMillis: UInt64 = 200
    /// `--hashing`: only the bulk file hashing comparison, on a file of `hashMegabytes` MiB.
    var hashing = false
    /// `--bundle`: only the offline audit bundle figures (build, size, verification).
    var bundle = false
    var hashMegabytes = 1024
    /// `--worst-block`: only one block filled to the devnet max_block_gas with `worstKind`.
    /// `--cluster`: four validators as separate processes (ClusterBench).
    var cluster = false
    var clusterRate = 2_500
    var clusterSeconds = 20
    var clusterBlockIntervalMillis: UInt64 = 200
    var clusterCompare = true
    var worstBlock = false
    var worstKind = "vote"

    static let usage = """
        usage: desci-bench [--quick] [--json] [--profile] [--senders N] [--verify N] [--block-size N] [--blocks N]
                           [--admit-batch N] [--rpc-batches N] [--rpc-batch-size N] [--rpc-concurrency N]
                           [--block-interval-ms N] [--state-scale [--large-state N]] [--hashing [--hash-mb N]] [--bundle]
               desci-bench --calibrate
               desci-bench --worst-block [--worst-kind vote|attest|lineage|register|transfer]
               desci-bench --cluster [--cluster-rate N] [--cluster-seconds N] [--cluster-block-interval-ms N] [--cluster-no-compare]
          --quick   small sizes, for a smoke run (about a minute)
          --json    print one JSON document on stdout (the table goes to stderr)
          --profile time decode / signature checks / admission of (b) separately, and the reap in (c)
          --calibrate  gas calibration only: ns/gas of the worst input of each metered path vs a transfer
          --state-scale  only (c) at --senders accounts and at --large-state accounts (default 1000000),
                    with state proof time and tree update cost per block
          --bundle  only offline audit bundles: build time, size, verification of 50 ancestors
          --worst-block  one block filled to the devnet max_block_gas (2·10^8) with the worst calibrated kind
                    (default vote: votes on the largest proposal a 1,000-member DAO can hold), executed and
                    committed on RocksDB; prints its wall time
          --cluster four validators as separate desci-node processes on loopback: committed tx/s and
                    submit→commit p50/p99 at --cluster-rate tx/s (default 2500) for --cluster-seconds (20),
                    idle single-transaction latency, and (d) on one validator for comparison
          --hashing only bulk SHA-256 of a temp file (default 1024 MiB): FileHasher vs openssl dgst vs libsodium
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var o = BenchOptions()
        if arguments.contains("--quick") { o.applyQuick() }
        var it = arguments.makeIterator()
        func number(_ flag: String) throws -> Int {
            guard let text = it.next(), let n = Int(text), n > 0 else { throw UsageError(description: "\(flag) needs a positive integer") }
            return n
        }
        while let arg = it.next() {
            switch arg {
            case "--quick", "--calibrate": break
            case "--json": o.json = true
            case "--profile": o.profile = true
            case "--senders": o.senders = try number(arg)
            case "--verify": o.verifyMessages = try number(arg)
            case "--block-size": o.blockSize = try number(arg)
            case "--blocks": o.blocks = try number(arg)
            case "--admit-batch": o.admitBatch = try number(arg)
            case "--rpc-batches": o.rpcBatches = try number(arg)
            case "--rpc-batch-size": o.rpcBatchSize = try number(arg)
            case "--rpc-concurrency": o.rpcConcurrency = try number(arg)
            case "--state-scale": o.stateScale = true
            case "--large-state": o.largeStateAccounts = try number(arg)
            case "--block-interval-ms": o.blockIntervalMillis = UInt64(max(10, try number(arg)))
            case "--hashing": o.hashing = true
            case "--bundle": o.bundle = true
            case "--hash-mb": o.hashMegabytes = try number(arg)
            case "--worst-block": o.worstBlock = true
            case "--cluster": o.cluster = true
            case "--cluster-rate": o.clusterRate = max(1, try number(arg))
            case "--cluster-seconds": o.clusterSeconds = max(1, try number(arg))
            case "--cluster-block-interval-ms": o.clusterBlockIntervalMillis = UInt64(max(10, try number(arg)))
            case "--cluster-no-compare": o.clusterCompare = false
            case "--worst-kind":
                guard let kind = it.next(), ["vote", "attest", "lineage", "register", "transfer"].contains(kind) else {
                    throw UsageError(description: "--worst-kind needs vote, attest, lineage, register or transfer")
                }
                o.worstKind = kind
            case "-h", "--help": throw UsageError(description: usage)
            default: throw UsageError(description: "unknown option '\(arg)'\n\(usage)")
            }
        }
        return o
    }

    private mutating func applyQuick() {
        quick = true
        senders = 500
        verifyMessages = 2_000
        blockSize = 2_000
        blocks = 2
        admitBatch = 1_000
        rpcBatches = 4
        rpcBatchSize = 1_000
    }

    /// Nonces each sender needs so that every phase has its transactions (round-major order).
    var rounds: Int {
        let needed = max(blockSize * blocks, rpcBatches * rpcBatchSize)
        return (needed + senders - 1) / senders
    }
}
