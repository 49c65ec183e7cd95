import Foundation
import LedgerAPI
import LedgerCore
import LedgerCrypto
import Testing
import WalletKit

/// Issue 6's acceptance test: one real dev node (RocksDB, HTTP) under block stuffing, poison text,
/// request amplification, pool squatting and cross-network replay keeps producing blocks, and a
/// normal user's transfer submitted right after the attack traffic commits in the next block built.
///
/// Every assertion is about heights, codes and counts that the attack makes certain; the only
/// time-based waits are generous upper bounds that fail the test instead of hanging it.
@Suite("hostile users against a dev node")
struct HostileUsersTests {
    /// Per-sender and pool limits kept small so the attacks reach them with few transactions.
    static let senderLimit = 10
    static let poolLimit = 100
    static let inFlightLimit = 4
    /// Genesis `max_block_gas` (Harness.swift): a transaction reserving all of it fills a block alone.
    static let blockGas: UInt64 = 1_000_000_000
    /// `min_gas_price` in base units per 1,000 gas: the fee of a block-filling transaction is 1,000,000.
    static let minGasPrice: UInt64 = 1
    static let stuffers = (0..<4).map { "stuffer\($0)" }
    static let squatters = (0...10).map { "squatter\($0)" }

    static let config = """
        [rpc]
        max_in_flight = \(inFlightLimit)
        [mempool]
        max_txs = \(poolLimit)
        max_txs_per_sender = \(senderLimit)
        [consensus]
        create_empty_blocks = true
        """

    /// The smallest fee for `gas` at the chain's minimum gas price, times `times`.
    static func fee(gas: UInt64, times: UInt64 = 1) -> UInt64 { max(1, (gas * minGasPrice + 999) / 1_000) * times }

    /// The one place this suite signs: for `genesis` (the node's, unless testing replay).
    static func sign(_ key: SigningKey, _ net: TestNetwork, nonce: UInt64, gas: UInt64, fee: UInt64, genesis: Hash,
                     actions: [Action]? = nil) throws -> Transaction {
        let body = TransactionBody(chainID: net.chainID, sender: key.publicKey, nonce: nonce, gasLimit: gas, fee: fee,
                                   actions: actions ?? [.transfer(TransferAction(to: Address(publicKey: key.publicKey), amount: 1))])
        return try Transaction.sign(body, with: key, genesisHash: genesis)
    }

    static func submitBatch(_ net: TestNetwork, _ txs: [Transaction]) async throws -> [SubmitResultDTO] {
        let r: SubmitBatchResponse = try await net.client.post("/txs", body: SubmitBatchRequest(txs: txs.map { Hex.encode($0.wire) }, mode: .sync))
        return r.results
    }

    static func submit(_ net: TestNetwork, _ tx: Transaction, mode: SubmitMode = .sync) async throws -> SubmitResultDTO {
        try await net.client.post("/tx", body: SubmitRequest(tx: Hex.encode(tx.wire), mode: mode))
    }

    static func submit(_ net: TestNetwork, raw: [UInt8]) async throws -> SubmitResultDTO {
        try await net.client.post("/tx", body: SubmitRequest(tx: Hex.encode(raw), mode: .sync))
    }

    /// A registration whose title is `bigGrapheme`, signed correctly. `Transaction.sign` refuses to
    /// encode a title over the limit, so a 512-byte placeholder title is swapped for it in the body
    /// bytes (u32 length ‖ UTF-8) and the body signed again, as a hostile client would.
    static func oversizedTitle(_ key: SigningKey, _ net: TestNetwork, gas: UInt64, fee: UInt64, genesis: Hash) throws -> [UInt8] {
        let placeholder = String(repeating: "X", count: RecordLimits.title)
        let tx = try sign(key, net, nonce: 0, gas: gas, fee: fee, genesis: genesis,
                          actions: [registration(title: placeholder, name: "p", contributor: Address(publicKey: key.publicKey), seed: "big")])
        func field(_ text: String) -> [UInt8] {
            let n = UInt32(text.utf8.count)
            return [UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)] + Array(text.utf8)
        }
        let old = field(placeholder), body = tx.bodyBytes
        guard let start = (0...(body.count - old.count)).first(where: { Array(body[$0..<($0 + old.count)]) == old }) else {
            throw HarnessError("placeholder title not found in the body bytes")
        }
        let hostile = Array(body[..<start]) + field(bigGrapheme) + Array(body[(start + old.count)...])
        let message = SigningDomain.transaction.message(chain: ChainIdentity(chainID: net.chainID, genesisHash: genesis), payload: hostile)
        return hostile + key.sign(message).bytes
    }

    static func height(_ net: TestNetwork) async throws -> UInt64 {
        let s: StatusDTO = try await net.client.get("/status")
        return s.latestHeight
    }

    /// Polls `GET /tx` until the transaction is committed (at most `seconds`).
    static func committed(_ net: TestNetwork, _ id: Hash, seconds: Double = 90) async throws -> TransactionDTO {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let tx: TransactionDTO = try? await net.client.get("/tx?hash=\(id)") { return tx }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("transaction \(id) not committed within \(seconds) s")
    }

    /// A letter with 5,000 combining acute accents: one grapheme of 10,001 UTF-8 bytes.
    static let bigGrapheme = "a" + String(repeating: "\u{301}", count: 5_000)

    /// Hostile text of exactly `bytes` UTF-8 bytes: combining marks, ZWJ sequences, bidi controls,
    /// NUL and a byte-order mark, cut on a scalar boundary and padded with ASCII.
    static func hostileText(bytes: Int) -> String {
        let pieces = ["a\u{301}\u{302}\u{303}", "\u{1F469}\u{200D}\u{1F52C}", "\u{202E}\u{2067}x\u{2069}", "\u{0}", "\u{FEFF}", "e\u{20DD}"]
        var s = ""
        var i = 0
        while s.utf8.count < bytes {
            s += pieces[i % pieces.count]
            i += 1
        }
        s = s.truncatedUTF8(maxBytes: bytes)
        return s + String(repeating: "z", count: bytes - s.utf8.count)
    }

    static func registration(title: String, name: String, contributor: Address, seed: String) -> Action {
        .registerContribution(RegisterContribution(
            kind: .dataset, title: title, digest: [0x12, 0x20] + SHA256.hash(Array(seed.utf8)).bytes, size: 1, license: "CC-BY-4.0",
            contributors: [ContributorEntry(name: name, address: contributor, roles: [RoleClaim(role: 2, degree: 1)])]))
    }

    @Test func aDevNodeUnderAttackStillServesANormalUserWithinOneBlock() async throws {
        let net = try TestNetwork(accounts: Self.stuffers + Self.squatters + ["poet", "bidder", "holder", "user"], blockIntervalMillis: 200,
                                  extraAppParams: #", "min_gas_price": \#(Self.minGasPrice)"#, configTOML: Self.config)
        try await net.start()
        defer { Task { try? await net.stop() } }
        let genesis = try await net.genesisHash()
        let maxGasFee = Self.fee(gas: Self.blockGas)

        // 1. Block stuffing: every stuffer fills its per-sender allowance with block-sized
        //    transactions at the minimum gas price; each block can hold only one of them.
        var stuffing: [Transaction] = []
        for name in Self.stuffers {
            let k = try net.key(name)
            for nonce in 0..<UInt64(Self.senderLimit) {
                stuffing.append(try Self.sign(k, net, nonce: nonce, gas: Self.blockGas, fee: maxGasFee, genesis: genesis))
            }
        }
        let stuffed = try await Self.submitBatch(net, stuffing)
        #expect(stuffed.allSatisfy { $0.accepted }, "\(stuffed.filter { !$0.accepted }.map(\.code))")

        // 2. Poison text. A 10 KB single grapheme is over the 512-byte title limit and refused at
        //    decoding; texts at exactly the limits (combining marks, ZWJ, bidi, NUL) are stored and
        //    read back byte for byte.
        let poet = try net.key("poet")
        let poetAddress = Address(publicKey: poet.publicKey)
        let regGas: UInt64 = 5_000_000
        let regFee = Self.fee(gas: regGas, times: 2)
        let refused = try await Self.submit(net, raw: try Self.oversizedTitle(poet, net, gas: regGas, fee: regFee, genesis: genesis))
        #expect(!refused.accepted && refused.code == "MALFORMED_TX", "\(refused.code): \(refused.message)")
        let graphemeTitle = "a" + String(repeating: "\u{301}", count: 255) + "\u{0}" // 512 bytes, one grapheme and a NUL
        let poisonTitles = [graphemeTitle, Self.hostileText(bytes: RecordLimits.title)]
        let poisonName = Self.hostileText(bytes: RecordLimits.name)
        var poisonIDs: [Hash] = []
        for (i, title) in poisonTitles.enumerated() {
            #expect(title.utf8.count == RecordLimits.title)
            let tx = try Self.sign(poet, net, nonce: UInt64(i), gas: regGas, fee: regFee, genesis: genesis,
                                   actions: [Self.registration(title: title, name: poisonName, contributor: poetAddress, seed: "poison \(i)")])
            let r = try await Self.submit(net, tx, mode: .commit)
            #expect(r.accepted && r.receipt?.status == "success", "\(r.code) \(r.message) \(String(describing: r.receipt))")
        }
        let page: ContributionPageDTO = try await net.client.get("/contributions?contributor=\(poetAddress)")
        #expect(page.items.count == poisonTitles.count)
        for item in page.items {
            let record: ContributionDTO = try await net.client.get("/contribution?id=\(item.id)")
            #expect(poisonTitles.contains { Array($0.utf8) == Array(record.title.utf8) }, "title not stored byte for byte")
            poisonIDs.append(record.id)
        }

        // 3. Pool squatting. One sender queues future nonces (never includable, so they stay) past its
        //    allowance: exactly `senderLimit` get in, the rest are SENDER_LIMIT.
        let squatter0 = try net.key(Self.squatters[0])
        let over = try (1...UInt64(Self.senderLimit + 2)).map {
            try Self.sign(squatter0, net, nonce: $0, gas: Self.blockGas, fee: maxGasFee, genesis: genesis)
        }
        let squatted = try await Self.submitBatch(net, over)
        #expect(squatted.prefix(Self.senderLimit).allSatisfy { $0.accepted })
        #expect(squatted.suffix(2).map(\.code) == ["SENDER_LIMIT", "SENDER_LIMIT"])
        //    Then ten more squatters offer more future-nonce transactions than the pool can hold
        //    even if every stuffer had already been included: the overflow is MEMPOOL_FULL, never
        //    anything else, and the pool stays within its limit.
        var flood: [Transaction] = []
        for name in Self.squatters.dropFirst() {
            let k = try net.key(name)
            for nonce in 1...UInt64(Self.senderLimit) {
                flood.append(try Self.sign(k, net, nonce: nonce, gas: Self.blockGas, fee: maxGasFee, genesis: genesis))
            }
        }
        let flooded = try await Self.submitBatch(net, flood)
        let floodRefusals = flooded.filter { !$0.accepted }
        #expect(floodRefusals.count >= flood.count - (Self.poolLimit - Self.senderLimit))
        #expect(floodRefusals.allSatisfy { $0.code == "MEMPOOL_FULL" }, "\(Set(floodRefusals.map(\.code)))")
        let pool: MempoolDTO = try await net.client.get("/mempool")
        #expect(pool.count <= Self.poolLimit && pool.maxCount == Self.poolLimit)
        //    A higher fee per gas still gets into the full pool (it replaces the cheapest tail).
        let bid = try Self.sign(try net.key("bidder"), net, nonce: 0, gas: Self.blockGas, fee: maxGasFee * 2, genesis: genesis)
        let bidResult = try await Self.submit(net, bid)
        #expect(bidResult.accepted, "\(bidResult.code): \(bidResult.message)")

        // 4. Request amplification. Twice `inFlightLimit` commit-mode submissions that can never
        //    commit (future nonces, paying enough to enter the full pool) wait for their block.
        //    A waiter gives its in-flight slot back once admitted ([rpc] max_commit_waiters bounds
        //    waiters instead), so while they wait a status request is still served. Expensive reads
        //    (100-block ranges, deep lineage walks) beyond the in-flight limit are refused at once
        //    with 503 BUSY instead of queueing. Nothing crashes and every other answer is a 200.
        let holder = try net.key("holder")
        let holds = try (1...UInt64(2 * Self.inFlightLimit)).map {
            try Self.sign(holder, net, nonce: $0, gas: Self.blockGas, fee: maxGasFee * 3, genesis: genesis)
        }
        let client = net.client
        let holding = Task {
            try await withThrowingTaskGroup(of: Int.self) { group in
                for tx in holds {
                    group.addTask {
                        let body = try JSONEncoder().encode(SubmitRequest(tx: Hex.encode(tx.wire), mode: .commit))
                        return try await client.raw(method: "POST", path: "/tx?timeout_ms=8000", body: body).status
                    }
                }
                var statuses: [Int] = []
                for try await s in group { statuses.append(s) }
                return statuses
            }
        }
        func code(_ data: Data) -> String? { try? JSONDecoder().decode(ErrorBody.self, from: data).error.code }
        // All the waiters are admitted (their transactions are PENDING); an upper bound, not a delay.
        var pending = 0
        for _ in 0..<200 where pending < holds.count {
            try await Task.sleep(for: .milliseconds(20))
            pending = 0
            for tx in holds where code(try await client.raw(method: "GET", path: "/tx?hash=\(tx.id)", body: nil).1) == "PENDING" { pending += 1 }
        }
        #expect(pending == holds.count, "every commit waiter was admitted")
        let (statusWhileWaiting, _) = try await client.raw(method: "GET", path: "/status", body: nil)
        #expect(statusWhileWaiting == 200, "commit waiters do not lock out other requests")
        let expensive = (0..<24).map { i in
            i % 2 == 0 ? "/blocks?from=1&to=100" : "/lineage?id=\(poisonIDs[i % poisonIDs.count])&depth=1000"
        }
        let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for path in expensive {
                group.addTask {
                    let (status, data) = try await client.raw(method: "GET", path: path, body: nil)
                    return (status, code(data))
                }
            }
            var all: [(Int, String?)] = []
            for try await a in group { all.append(a) }
            return all
        }
        #expect(answers.allSatisfy { $0.0 == 200 || ($0.0 == 503 && $0.1 == "BUSY") }, "\(answers)")
        let heldStatuses = try await holding.value
        // They were admitted but cannot commit: each ends with 504 TIMEOUT.
        #expect(heldStatuses == [Int](repeating: 504, count: holds.count), "\(heldStatuses)")
        let range: [BlockDTO] = try await client.get("/blocks?from=1&to=100")
        #expect(!range.isEmpty)

        // 5. Cross-network replay: the user's transfer signed for another network with the same
        //    chain id is BAD_SIGNATURE and changes nothing.
        let user = try net.key("user")
        let userAddress = Address(publicKey: user.publicKey)
        let otherNetwork = SHA256.hash(Array("another network, same chain id".utf8))
        let userGas: UInt64 = 20_000
        let userFee = Self.fee(gas: userGas, times: 2)
        let replay = try await Self.submit(net, try Self.sign(user, net, nonce: 0, gas: userGas, fee: userFee, genesis: otherNetwork))
        #expect(!replay.accepted && replay.code == "BAD_SIGNATURE", "\(replay.code)")
        let untouched: AccountDTO = try await net.client.get("/account?address=\(userAddress)")
        #expect(untouched.pendingNonce == 0)

        // 6. The normal user, at a normal price, right after all of it. A block already being built
        //    when the transfer arrives may have been reaped, so "within one block" is the block
        //    after that one: height ≤ H + 2 for H the latest committed height before submitting.
        let before = try await Self.height(net)
        let waitingStuffers = try await Self.stuffers.asyncReduce(UInt64(0)) { n, name in
            let a: AccountDTO = try await net.client.get("/account?address=\(Address(publicKey: try net.key(name).publicKey))")
            return n + (UInt64(Self.senderLimit) - a.nonce)
        }
        let transfer = try Self.sign(user, net, nonce: 0, gas: userGas, fee: userFee, genesis: genesis)
        let accepted = try await Self.submit(net, transfer)
        #expect(accepted.accepted, "\(accepted.code): \(accepted.message)")
        let included = try await Self.committed(net, transfer.id)
        #expect(included.height <= before + 2, "submitted at height \(before), included at \(included.height) (\(waitingStuffers) stuffers waiting)")
        #expect(included.receipt.status == "success")

        // 7. The node is still producing blocks, and the poison records still decode.
        let deadline = Date().addingTimeInterval(60)
        var now = try await Self.height(net)
        while now < included.height + 3 && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            now = try await Self.height(net)
        }
        #expect(now >= included.height + 3, "no new blocks after the attack")
        for id in poisonIDs {
            let record: ContributionDTO = try await net.client.get("/contribution?id=\(id)")
            #expect(record.contributors.first.map { Array($0.name.utf8) } == Array(poisonName.utf8))
        }
        #expect(net.process?.isRunning == true)
    }
}

extension Sequence {
    func asyncReduce<R>(_ initial: R, _ next: (R, Element) async throws -> R) async throws -> R {
        var r = initial
        for e in self { r = try await next(r, e) }
        return r
    }
}
