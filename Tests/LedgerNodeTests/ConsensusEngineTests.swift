import Foundation
import LedgerConsensus
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerStorage
import Testing

/// The engine around the state machine with real execution: one validator (`me`) of four, the
/// other three played by the test, which signs their votes for whatever block is proposed.
@Suite("Consensus engine")
struct ConsensusEngineTests {
    static let seeds: [UInt8] = [0x51, 0x52, 0x53, 0x54]
    static let genesis: GenesisDocument = {
        var g = testGenesis()
        g.validators = seeds.enumerated().map { .init(name: "v\($0.offset)", publicKey: key($0.element).publicKey, power: 1) }
        return g
    }()
    static let validators = try! ValidatorSet(genesis.validators.map { Validator(publicKey: $0.publicKey, power: $0.power) })
    static let clockMillis = testGenesisMillis + 5_000

    struct Crash: Error {}

    /// Durable writes allowed before the "power cut": the next WAL append or signer save throws.
    final class Budget {
        var left: Int?
        var writes = 0
        func tick() throws {
            if let l = left {
                if l == 0 { throw Crash() }
                left = l - 1
            }
            writes += 1
        }
    }

    final class CrashingWAL: ConsensusWAL {
        let inner: MemoryWAL
        let budget: Budget
        init(_ inner: MemoryWAL, _ budget: Budget) { self.inner = inner; self.budget = budget }
        func append(_ entry: WALEntry) throws { try budget.tick(); try inner.append(entry) }
        func entries() throws -> [WALEntry] { try inner.entries() }
        func reset() throws { try budget.tick(); try inner.reset() }
    }

    final class CrashingSignerStore: SignerRecordStore {
        let inner: MemorySignerRecordStore
        let budget: Budget
        init(_ inner: MemorySignerRecordStore, _ budget: Budget) { self.inner = inner; self.budget = budget }
        func load() throws -> SignerRecord? { try inner.load() }
        func save(_ record: SignerRecord) throws { try budget.tick(); try inner.save(record) }
    }

    final class Wire: ConsensusTransport, TimerScheduler {
        var sent: [ConsensusMessage] = []
        var timeouts: [ConsensusTimeout] = []
        func broadcast(_ message: ConsensusMessage) { sent.append(message) }
        func schedule(afterMillis: UInt64, _ timeout: ConsensusTimeout) { timeouts.append(timeout) }
        var nextHeights: [UInt64] = []
        func scheduleNextHeight(afterMillis: UInt64, height: UInt64) { nextHeights.append(height) }
        var proposals: [(Proposal, Block)] { sent.compactMap { if case let .proposal(p, b) = $0 { (p, b) } else { nil } } }
        var votes: [Vote] { sent.compactMap { if case let .vote(v) = $0 { v } else { nil } } }
    }

    /// One validator's disk: survives crashes.
    final class Disk {
        let kv = MemoryStore()
        let wal = MemoryWAL()
        let signer = MemorySignerRecordStore()
    }

    static let transactions = [try! signedTransfer(alice, nonce: 0, genesisHash: genesis.hash), try! signedTransfer(alice, nonce: 1, genesisHash: genesis.hash),
                               try! signedTransfer(bob, nonce: 0, genesisHash: genesis.hash)]

    /// An engine over `disk` (a new process: new NodeCore, mempool refilled as gossip would).
    static func engine(_ me: Int, _ disk: Disk, _ budget: Budget, _ wire: Wire, unsafeSign: UInt64? = 0) throws -> ConsensusEngine {
        let node = try makeNode(genesis, kv: disk.kv, validator: false)
        for tx in transactions { _ = try? node.mempool.admit(tx, nextHeight: try node.chain.tip.height + 1) }
        let signer = try PersistentSigner(key: key(seeds[me]), chain: genesis.identity, store: CrashingSignerStore(disk.signer, budget),
                                          unsafeSignAfterHeight: unsafeSign)
        return try ConsensusEngine(node: node, validators: validators, config: .default, signer: signer, wal: CrashingWAL(disk.wal, budget),
                                   transport: wire, timers: wire, clock: { clockMillis })
    }

    static func vote(_ type: VoteType, _ value: Hash?, from i: Int, round: UInt32 = 0, height: UInt64 = 1) -> Vote {
        Vote.signed(type: type, height: height, round: round, value: value, validatorIndex: UInt32(i), key: key(seeds[i]), chain: genesis.identity)
    }

    /// The height as the network plays it: the proposal (ours, or `incoming`), then prevotes and
    /// precommits from two others for its block. Safe to play again after a restart (repeats are gossip).
    static func play(_ engine: ConsensusEngine, me: Int, wire: Wire, incoming: (Proposal, Block)?) throws -> Hash? {
        if let (p, b) = incoming { try engine.receive(.proposal(p, b)) }
        guard let value = incoming?.0.value ?? wire.proposals.last?.0.value else { return nil }
        let others = (0..<4).filter { $0 != me && $0 != validators.proposerIndex }.prefix(2)
        for i in others { try engine.receive(.vote(vote(.prevote, value, from: i))) }
        for i in others { try engine.receive(.vote(vote(.precommit, value, from: i))) }
        return value
    }

    /// The reference run, without crashes: the decision and the number of durable writes.
    static func reference(me: Int, incoming: (Proposal, Block)?) throws -> (decided: Hash, writes: Int) {
        let disk = Disk(), budget = Budget(), wire = Wire()
        let e = try engine(me, disk, budget, wire)
        budget.writes = 0
        try e.start()
        let value = try #require(try play(e, me: me, wire: wire, incoming: incoming))
        let node = e.node
        #expect(try node.chain.tip.height == 1)
        #expect(try node.chain.tip.hash == value)
        #expect(try node.chain.block(height: 1)?.transactions.count == transactions.count)
        #expect(try node.chain.commit(height: 1)?.signatures.count == 3)
        #expect(e.node.mempool.count == 0)
        // The log was reset at the commit: what it holds now is height 2's (we may propose it).
        #expect(try disk.wal.entries().allSatisfy { $0.height == 2 })
        return (value, budget.writes)
    }

    /// Crash before every durable write of the height in turn; restart on the same disk, replay the
    /// log, play the height again: the same block is decided and nothing conflicting is ever signed.
    static func crashAtEveryPoint(me: Int, incoming: (Proposal, Block)?) throws {
        let (decided, writes) = try reference(me: me, incoming: incoming)
        #expect(writes >= 6)
        for k in 0..<writes {
            let disk = Disk(), budget = Budget(), before = Wire(), after = Wire()
            let first = try engine(me, disk, budget, before)
            budget.left = k
            do {
                try first.start()
                _ = try play(first, me: me, wire: before, incoming: incoming)
                Issue.record("no crash at write \(k) of \(writes) (this run wrote \(budget.writes))")
            } catch {
                // The crash itself, or the signer's refusal to go on without its state on disk.
                #expect(budget.left == 0, "stopped by \(error) before write \(k)")
            }
            let second = try engine(me, disk, Budget(), after)
            try second.start()
            _ = try play(second, me: me, wire: after, incoming: incoming ?? before.proposals.last ?? after.proposals.last)
            if try second.node.chain.tip.height == 0 {
                // The proposal was lost with the crash and rebuilt: play it once more now that it exists.
                _ = try play(second, me: me, wire: after, incoming: nil)
            }
            #expect(try second.node.chain.tip.height == 1, "crash before write \(k)")
            #expect(try second.node.chain.tip.hash == decided, "crash before write \(k)")
            var signed: [String: [UInt8]] = [:]
            for m in before.sent + after.sent {
                let (slot, bytes): (String, [UInt8]) = switch m {
                case let .proposal(p, _): ("\(p.height)/\(p.round)/proposal", p.signingMessage(chain: genesis.identity))
                case let .vote(v): ("\(v.height)/\(v.round)/\(v.type)", v.signingMessage(chain: genesis.identity))
                }
                #expect(signed[slot] == nil || signed[slot] == bytes, "conflicting signatures at \(slot) after a crash before write \(k)")
                signed[slot] = bytes
            }
        }
    }

    @Test func theProposerCommitsAHeightAndSurvivesACrashAtEveryWrite() throws {
        try Self.crashAtEveryPoint(me: Self.validators.proposerIndex, incoming: nil)
    }

    @Test func aValidatorCommitsAnotherProposersBlockAndSurvivesACrashAtEveryWrite() throws {
        let proposer = Self.validators.proposerIndex
        let wire = Wire()
        let p = try Self.engine(proposer, Disk(), Budget(), wire)
        try p.start()
        let incoming = try #require(wire.proposals.first)
        try Self.crashAtEveryPoint(me: (proposer + 1) % 4, incoming: incoming)
    }

    /// A block whose roots do not match its execution is prevoted nil and never committed.
    @Test func anInvalidBlockIsRejected() throws {
        let proposer = Self.validators.proposerIndex
        let wire = Wire()
        let p = try Self.engine(proposer, Disk(), Budget(), wire)
        try p.start()
        var (_, block) = try #require(wire.proposals.first)
        block.header.stateRoot = SHA256.hash(Array("forged".utf8))
        let forged = Proposal.signed(height: 1, round: 0, value: block.header.hash, validRound: nil, key: key(Self.seeds[proposer]),
                                     chain: Self.genesis.identity)
        let me = (proposer + 1) % 4
        let mine = Wire()
        let e = try Self.engine(me, Disk(), Budget(), mine)
        var invalid = 0
        e.observer = { if case .invalidBlock = $0 { invalid += 1 } }
        try e.start()
        try e.receive(.proposal(forged, block))
        #expect(invalid == 1)
        #expect(mine.votes.map(\.value) == [nil])
    }

    /// A validator whose signer state was wiped signs nothing at the height it restarts in, and
    /// signs again once the chain has passed the safe height.
    @Test func aWipedValidatorWaitsForTheSafeHeight() throws {
        let proposer = Self.validators.proposerIndex
        let wire = Wire()
        let p = try Self.engine(proposer, Disk(), Budget(), wire)
        try p.start()
        let incoming = try #require(wire.proposals.first)
        let me = (proposer + 1) % 4
        let disk = Disk(), mine = Wire()
        let e = try Self.engine(me, disk, Budget(), mine, unsafeSign: nil)
        var refused: [String] = []
        e.observer = { if case let .signRefused(why) = $0 { refused.append(why.code) } }
        try e.start()
        try e.receive(.proposal(incoming.0, incoming.1))
        #expect(mine.sent.isEmpty)
        #expect(refused == ["SIGN_AWAITING_SAFE_HEIGHT"])
        // The three others decide height 1 without us.
        for i in (0..<4).filter({ $0 != me }) { try e.receive(.vote(Self.vote(.precommit, incoming.0.value, from: i))) }
        #expect(try e.node.chain.tip.height == 1)
        #expect(disk.signer.record?.signAfterHeight == 1)
        // Height 2 is above the safe height: it signs again (its proposal, or a nil prevote on timeout).
        try e.timeout(ConsensusTimeout(kind: .propose, height: 2, round: 0))
        #expect(!mine.sent.isEmpty)
        #expect(mine.sent.allSatisfy { $0.height == 2 })
    }
}
