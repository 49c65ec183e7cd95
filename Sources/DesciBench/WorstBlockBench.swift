import Foundation
import LedgerCore
import LedgerCrypto
import LedgerNode
import LedgerStorageRocksDB
import Logging

/// `desci-bench --worst-block [--worst-kind vote|attest|lineage|register|transfer]`: one block filled to the
/// devnet `max_block_gas` (Genesis/devnet.json, 2·10^8) with transactions of the worst calibrated
/// kind, each with its exact gas as its limit (found through `NodeCore.simulate`), executed and
/// committed by `NodeCore.produceBlock` on RocksDB in a scratch folder. The wall time of that
/// block is what a validator spends on the most expensive block a hostile user can buy.
enum WorstBlockBench {
    static let devnetMaxBlockGas: UInt64 = 200_000_000
    static let setupInputs = 256

    static func run(_ options: BenchOptions, logger: Logger) async throws -> String {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let kind = options.worstKind
        let senders = 3_000
        let genesis = try BenchGenesis(senders: senders, blockIntervalMillis: 1_000, maxBlockGas: devnetMaxBlockGas)
        let store = try RocksDBStore(path: scratch.sub("node").path)
        defer { store.close() }
        let chain = try ChainStore(kv: store)
        var mempool = MempoolConfig()
        mempool.maxTransactions = max(mempool.maxTransactions, senders * 2)
        let node = try NodeCore(genesis: try GenesisDocument.parse(genesis.json), genesisData: Array(genesis.json), chain: chain,
                                mempoolConfig: mempool, validator: ValidatorSigner(try SigningKey(seed: genesis.validatorSeed)), logger: logger)
        let keys = try (0..<senders).map { try SigningKey(seed: BenchGenesis.senderSeed($0)) }
        var next = 0
        /// The benchmark genesis's contribution.admit policy wants the registrant among the contributors.
        func people(withSender sender: Int) -> [Address] {
            [Address(publicKey: keys[sender].publicKey)] + Calibration.people.dropLast()
        }
        var nonces = [UInt64](repeating: 0, count: senders)
        func sign(_ action: Action, from sender: Int, gasLimit: UInt64) throws -> Transaction {
            let key = keys[sender]
            let body = TransactionBody(chainID: BenchGenesis.chainID, sender: key.publicKey, nonce: nonces[sender], gasLimit: gasLimit, fee: 1,
                                       expiry: nil, actions: [action])
            return try Transaction.sign(body, with: key, genesisHash: genesis.hash)
        }
        /// Signs `action` from `sender` (by default the next unused one) with exactly the gas it uses.
        func exact(_ action: Action, from chosen: Int? = nil) async throws -> Transaction {
            let sender = chosen ?? next
            let probe = try sign(action, from: sender, gasLimit: devnetMaxBlockGas)
            let sim = try await node.simulate(probe.wire)
            guard sim.includable, sim.receipt?.status == "success" else {
                throw BenchFailure("the worst-block transaction fails: \(sim.code) \(sim.message) \(sim.receipt.map { "\($0.code) \($0.message)" } ?? "")")
            }
            let tx = try sign(action, from: sender, gasLimit: sim.gasUsed)
            nonces[sender] += 1
            if chosen == nil { next += 1 }
            return tx
        }
        func commit(_ txs: [Transaction], label: String) async throws -> (NodeCore.ProducedBlock, Double) {
            let answers = try await node.submitBatch(txs.map(\.wire), mode: .sync, timeoutMillis: 0)
            if let bad = answers.first(where: { !$0.accepted }) { throw BenchFailure("\(label): the mempool refused a transaction: \(bad.code) \(bad.message)") }
            let (produced, seconds) = try Clock.time { try node.produceBlock(nowMillis: UInt64(Date().timeIntervalSince1970 * 1000), allowEmpty: false) }
            guard let produced, produced.transactions == txs.count else {
                throw BenchFailure("\(label): the block holds \(produced?.transactions ?? 0) of \(txs.count) transactions")
            }
            return (produced, seconds)
        }

        // Setup block: the records the lineage registrations cite and derive from, or the subject
        // every attestation is about.
        var inputs: [Hash] = []
        if kind == "attest" {
            let tx = try await exact(.registerContribution(WorstInputs.registration("worst-subject", contributors: people(withSender: next))))
            inputs.append(RecordID.derive(transaction: tx.id, actionIndex: 0, kind: "contribution"))
            _ = try await commit([tx], label: "setup block")
        }
        // Votes: the worst proposal twice (the largest record, so every vote decodes the most).
        var proposals: [UInt64] = []
        if kind == "vote" {
            // One per block: each is simulated against the state the one before it left.
            for proposer in [0, 1] {
                _ = try await commit([try await exact(.propose(Calibration.worstProposal(recipient: Calibration.people[1])), from: proposer)],
                                     label: "setup block")
            }
            proposals = [1, 2]
        }
        if kind == "lineage" {
            var setup: [Transaction] = []
            for i in 0..<setupInputs {
                let tx = try await exact(.registerContribution(WorstInputs.registration("worst-input-\(i)", contributors: [Address(publicKey: keys[next].publicKey)])))
                setup.append(tx)
                inputs.append(RecordID.derive(transaction: tx.id, actionIndex: 0, kind: "contribution"))
            }
            _ = try await commit(setup, label: "setup block")
            Progress.say("worst block: \(setupInputs) input records committed")
        }

        var txs: [Transaction] = []
        var gas: UInt64 = 0
        var bytes = 0
        var i = 0
        while next < senders {
            if kind == "vote" {
                // Every member votes on proposal 1, then on proposal 2.
                let round = i / BenchGenesis.members, member = i % BenchGenesis.members
                guard round < proposals.count else { break }
                i += 1
                let tx = try await exact(.vote(CastVote(proposal: proposals[round], option: .yes)), from: member)
                guard gas + tx.body.gasLimit <= devnetMaxBlockGas, bytes + tx.wire.count <= 16_777_216 else { break }
                gas += tx.body.gasLimit
                bytes += tx.wire.count
                txs.append(tx)
                continue
            }
            let action: Action
            switch kind {
            case "transfer":
                action = .transfer(TransferAction(to: CalibrationWorld.address("worst-to-\(i)"), amount: 1))
            case "attest":
                action = .attest(Calibration.worstAttestation(subject: inputs[0]))
            case "register":
                action = .registerContribution(WorstInputs.registration("worst-\(i)", contributors: people(withSender: next)))
            default:
                action = .registerContribution(WorstInputs.registration("worst-\(i)", contributors: people(withSender: next), references: inputs,
                                                                        derivedFrom: Array(inputs.prefix(64))))
            }
            i += 1
            let tx = try await exact(action)
            guard gas + tx.body.gasLimit <= devnetMaxBlockGas, bytes + tx.wire.count <= 16_777_216 else { break }
            gas += tx.body.gasLimit
            bytes += tx.wire.count
            txs.append(tx)
        }
        let load = SystemLoad.sample()
        let (produced, seconds) = try await commit(txs, label: "worst block")
        var lines = [
            "worst block (\(kind)): \(produced.transactions) transactions, \(gas) gas (\(String(format: "%.1f", Double(gas) / Double(devnetMaxBlockGas) * 100))% of max_block_gas \(devnetMaxBlockGas)), \(bytes) bytes",
            String(format: "executed and committed on RocksDB in %.3f s (%.3f ns/gas)", seconds, seconds * 1e9 / Double(max(gas, 1))),
        ]
        if let share = SystemLoad.othersShare(since: load) {
            lines.append("other processes used \(String(format: "%.0f", share * 100))% of the machine during the block")
        }
        lines.append(try await logProofTimes(node))
        return lines.joined(separator: "\n")
    }

    /// Record-log proof generation (issue 8 §6, target ≤ 1 ms): inclusion proofs of every entry and
    /// consistency proofs from every size, against the log the blocks above built, through the same
    /// `NodeCore` calls the RPC routes make.
    static func logProofTimes(_ node: NodeCore) async throws -> String {
        let size = try await node.logInclusionProof(index: 0, size: nil).size
        let count = Int(min(size, 1_000))
        let step = max(size / UInt64(max(count, 1)), 1)
        var hashes = 0
        let began = Clock.now()
        for i in 0..<count { hashes += try await node.logInclusionProof(index: UInt64(i) * step, size: nil).proof.count }
        let inclusion = Clock.seconds(since: began) / Double(max(count, 1))
        let began2 = Clock.now()
        for i in 0..<count { hashes += try await node.logConsistencyProof(from: UInt64(i) * step + 1, to: nil).proof.count }
        let consistency = Clock.seconds(since: began2) / Double(max(count, 1))
        return String(format: "record log of %llu entries: inclusion proof %.1f µs, consistency proof %.1f µs (mean of %d each, %d hashes in all; target ≤ 1 ms)",
                      size, inclusion * 1e6, consistency * 1e6, count, hashes)
    }
}
