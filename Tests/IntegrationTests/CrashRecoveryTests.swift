import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Testing
import WalletKit

/// `kill -9` at random moments while blocks are committed under load. After every restart: every
/// transaction the node reported committed is still there at the same height, the stored state root
/// matches the last block (checked by the node at start), and a replay from genesis reproduces it.
@Suite("crash recovery", .serialized)
struct CrashRecoveryTests {
    static let kills = 20

    /// Submits batches from several senders with mode=commit until cancelled, recording what the node
    /// reported as committed.
    actor Load {
        var committed: [Hash: UInt64] = [:]
        func record(_ id: Hash, _ height: UInt64) { committed[id] = height }
    }

    @Test func survivesRepeatedKillNine() async throws {
        let senders = ["s0", "s1", "s2", "s3"]
        let net = try TestNetwork(accounts: senders, balance: 10_000_000_000, blockIntervalMillis: 50)
        let seeds = senders.map { net.funded[$0]! }
        let sink = Address(publicKey: SigningKey().publicKey)
        let load = Load()
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        var rng = SplitMix64(seed: seed)
        print("crash test: \(Self.kills) kills, kill delays from seed \(seed)")
        var lastHeight: UInt64 = 0

        for round in 1...Self.kills {
            try await net.start()
            let client = net.client
            let status: StatusDTO = try await client.get("/status")
            #expect(status.latestHeight >= lastHeight, "round \(round): height went back from \(lastHeight) to \(status.latestHeight)")

            // What was reported committed before the crash is still there, unchanged (a sample each
            // round, newest first since they are the likeliest to be lost; everything at the end).
            let recent = await load.committed.sorted { $0.value > $1.value }.prefix(300)
            for (id, height) in recent {
                let tx: TransactionDTO = try await client.get("/tx?hash=\(id.hex)")
                #expect(tx.height == height, "round \(round): \(id) moved from \(height) to \(tx.height)")
            }

            let chainID = net.chainID
            let genesis = try await net.genesisHash()
            let worker = Task {
                // Keys are made inside the task: a secret key never crosses tasks.
                let keys = try seeds.map { try SigningKey(seed: $0) }
                while !Task.isCancelled {
                    for key in keys {
                        let address = Address(publicKey: key.publicKey)
                        guard let account: AccountDTO = try? await client.get("/account?address=\(address)") else { continue }
                        let txs = try (0..<25).map { i in
                            try Transaction.sign(TransactionBody(chainID: chainID, sender: key.publicKey, nonce: account.pendingNonce + UInt64(i),
                                                                 gasLimit: 20_000, fee: 1, actions: [.transfer(TransferAction(to: sink, amount: 1))]), with: key, genesisHash: genesis)
                        }
                        let request = SubmitBatchRequest(txs: txs.map { Hex.encode($0.wire) }, mode: .commit)
                        guard let response: SubmitBatchResponse = try? await client.post("/txs?timeout_ms=5000", body: request) else { continue }
                        for r in response.results {
                            if let id = r.hash, let h = r.height, r.receipt != nil { await load.record(id, h) }
                        }
                    }
                }
            }
            // Kill at a random moment between 0.2 s and 1.5 s into the load.
            let delay = 200 + Int(rng.next() % 1300)
            try await Task.sleep(for: .milliseconds(delay))
            try await net.crash()
            worker.cancel()
            _ = await worker.result

            // Offline replay from genesis must agree with what was stored (the node is down).
            let verify = try runTool("desci-node", ["verify", "--home", net.home.path])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("ok:"), "round \(round): \(verify.stdout) \(verify.stderr)")
            let maxReported = await load.committed.values.max() ?? 0
            lastHeight = max(lastHeight, maxReported)
        }
        // Last restart: the node comes back and all of it is there.
        try await net.start()
        let committed = await load.committed
        #expect(committed.count > 100, "the load committed too little to mean anything: \(committed.count)")
        for (id, height) in committed {
            let tx: TransactionDTO = try await net.client.get("/tx?hash=\(id.hex)")
            #expect(tx.height == height)
        }
        #expect(try await net.stop() == 0)
        print("crash test: \(Self.kills) kills, \(committed.count) committed transactions checked")
    }
}

/// A small deterministic PRNG (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
