import Foundation
import LedgerConsensus
import LedgerCore
import LedgerCrypto
@testable import LedgerNode
import LedgerP2P
import LedgerStorage
import Testing

/// The pure parts of the node's network side: block sync decisions, proposal reassembly, the
/// validator set of a height, and applying synced blocks (Docs/NETWORK.md §6).
@Suite("Node network: sync, proposal parts, synced blocks")
struct NetworkStateTests {
    static let a = NodeID(unchecked: [UInt8](repeating: 1, count: 20))
    static let b = NodeID(unchecked: [UInt8](repeating: 2, count: 20))

    @Test func syncAsksTheHighestPeerForTheNextBlocks() {
        var s = BlockSyncState(localHeight: 10, batch: 16)
        #expect(s.handle(.status(peer: Self.a, height: 12), nowMillis: 0) == [.request(peer: Self.a, fromHeight: 11, count: 2)])
        // One request at a time.
        #expect(s.handle(.status(peer: Self.b, height: 100), nowMillis: 1).isEmpty)
        // Answered: the next request goes to the highest peer.
        _ = s.handle(.localHeight(12), nowMillis: 2)
        #expect(s.handle(.responded(peer: Self.a, applied: 2), nowMillis: 3) == [.request(peer: Self.b, fromHeight: 13, count: 16)])
    }

    @Test func oneHeightBehindWaitsForConsensusFirst() {
        var s = BlockSyncState(localHeight: 10, lagGraceMillis: 1_000)
        #expect(s.handle(.status(peer: Self.a, height: 11), nowMillis: 0).isEmpty)
        #expect(s.handle(.tick, nowMillis: 500).isEmpty)
        // Consensus delivered it: nothing to fetch.
        #expect(s.handle(.localHeight(11), nowMillis: 600).isEmpty)
        #expect(s.handle(.status(peer: Self.a, height: 12), nowMillis: 700).isEmpty)
        #expect(s.handle(.tick, nowMillis: 1_800) == [.request(peer: Self.a, fromHeight: 12, count: 1)])
    }

    @Test func aSilentOrUselessPeerIsPassedOver() {
        var s = BlockSyncState(localHeight: 0, requestTimeoutMillis: 1_000)
        _ = s.handle(.status(peer: Self.b, height: 50), nowMillis: 0)
        #expect(s.inFlight?.peer == Self.b)
        _ = s.handle(.status(peer: Self.a, height: 40), nowMillis: 10)
        // b does not answer in time: a is asked.
        #expect(s.handle(.tick, nowMillis: 1_001) == [.request(peer: Self.a, fromHeight: 1, count: 16)])
        // a answers with nothing usable: b again (a is avoided once).
        #expect(s.handle(.responded(peer: Self.a, applied: 0), nowMillis: 1_100) == [.request(peer: Self.b, fromHeight: 1, count: 16)])
        // A peer that goes down releases its request.
        #expect(s.handle(.peerDown(Self.b), nowMillis: 1_200) == [.request(peer: Self.a, fromHeight: 1, count: 16)])
    }

    @Test func aResponseFromAnotherPeerIsIgnored() {
        var s = BlockSyncState(localHeight: 0)
        _ = s.handle(.status(peer: Self.a, height: 5), nowMillis: 0)
        #expect(s.handle(.responded(peer: Self.b, applied: 0), nowMillis: 1).isEmpty)
        #expect(s.inFlight?.peer == Self.a)
    }

    // MARK: Proposal parts

    static let chain = ChainIdentity(chainID: "parts", genesisHash: SHA256.hash(Array("g".utf8)))

    static func proposal(_ block: Block, signer: SigningKey = key(0x61), height: UInt64 = 1) -> Proposal {
        Proposal.signed(height: height, round: 0, value: block.header.hash, validRound: nil, key: signer, chain: chain)
    }

    /// A real block of 600 transfers (more than one 64 KiB part).
    static func bigBlock() throws -> Block {
        let node = try makeNode(testGenesis(maxBlockGas: 1_000_000_000))
        for n in 0..<600 {
            _ = try node.mempool.admit(try signedTransfer(alice, nonce: UInt64(n), genesisHash: node.genesis.hash), nextHeight: 1)
        }
        let made = try #require(try node.produceBlock(nowMillis: testGenesisMillis + 1_000, allowEmpty: true))
        return try #require(try node.chain.block(height: made.height))
    }

    @Test func aBlockInPartsIsReassembledAndChecked() throws {
        let block = try Self.bigBlock()
        let bytes = block.canonicalBytes
        let (parts, hashes) = P2PMessage.parts(of: bytes, hash: { SHA256.hash($0) })
        #expect(parts.count > 1, "\(bytes.count) bytes")
        let p = Self.proposal(block)
        var asm = ProposalAssembler()
        #expect(asm.proposal(p, partHashes: hashes, currentHeight: 1, signers: [key(0x61).publicKey], chain: Self.chain, maxBlockBytes: 1 << 24) == .incomplete)
        for (i, part) in parts.enumerated().reversed() {
            let out = asm.part(height: 1, round: 0, index: UInt32(i), bytes: part)
            // (Compared as a Bool: a failure would otherwise print the whole block.)
            if i == 0 { #expect(out == .complete(.proposal(p, block)) ? true : false) } else { #expect(out == .incomplete ? true : false) }
        }
        #expect(asm.pendingCount == 0)
    }

    @Test func partsAndProposalsThatDoNotCheckOutAreDropped() throws {
        let block = try Self.bigBlock()
        let (parts, hashes) = P2PMessage.parts(of: block.canonicalBytes, hash: { SHA256.hash($0) })
        let p = Self.proposal(block)
        var asm = ProposalAssembler()
        let signers = [key(0x61).publicKey]
        // Not signed by a validator, wrong height, too many parts for the block limit.
        guard case .dropped = asm.proposal(Self.proposal(block, signer: key(0x62)), partHashes: hashes, currentHeight: 1, signers: signers,
                                           chain: Self.chain, maxBlockBytes: 1 << 24) else { Issue.record("unsigned accepted"); return }
        guard case .dropped = asm.proposal(p, partHashes: hashes, currentHeight: 5, signers: signers, chain: Self.chain, maxBlockBytes: 1 << 24)
        else { Issue.record("wrong height accepted"); return }
        guard case .dropped = asm.proposal(p, partHashes: hashes, currentHeight: 1, signers: signers, chain: Self.chain, maxBlockBytes: 1000)
        else { Issue.record("oversized accepted"); return }
        #expect(asm.proposal(p, partHashes: hashes, currentHeight: 1, signers: signers, chain: Self.chain, maxBlockBytes: 1 << 24) == .incomplete)
        var bad = parts[0]
        bad[0] ^= 1
        guard case .dropped = asm.part(height: 1, round: 0, index: 0, bytes: bad) else { Issue.record("tampered part accepted"); return }
        guard case .dropped = asm.part(height: 1, round: 0, index: UInt32(parts.count), bytes: parts[0]) else { Issue.record("index accepted"); return }
        // Hashes that match parts of another block: assembled, but not the proposed value.
        var other = block
        other.header.timeMillis += 1
        let (otherParts, otherHashes) = P2PMessage.parts(of: other.canonicalBytes, hash: { SHA256.hash($0) })
        var asm2 = ProposalAssembler()
        #expect(asm2.proposal(p, partHashes: otherHashes, currentHeight: 1, signers: signers, chain: Self.chain, maxBlockBytes: 1 << 24) == .incomplete)
        var last = ProposalAssembler.Outcome.incomplete
        for (i, part) in otherParts.enumerated() { last = asm2.part(height: 1, round: 0, index: UInt32(i), bytes: part) }
        guard case .dropped = last else { Issue.record("another block accepted for the proposal"); return }
    }

    // MARK: Validator sets and synced blocks

    @Test func theSetOfAHeightMatchesStepByStepAdvance() throws {
        var g = testGenesis()
        g.validators = [0x71, 0x72, 0x73].enumerated().map { .init(name: "v\($0.offset)", publicKey: key($0.element).publicKey, power: UInt64($0.offset + 1)) }
        let chain = try makeChain(g)
        var stepped = try ValidatorSet(g.validators.map { Validator(publicKey: $0.publicKey, power: $0.power) })
        for h in UInt64(1)...20 {
            #expect(try ConsensusValidators.set(height: h, chain: chain) == stepped, "height \(h)")
            stepped = stepped.forNextHeight()
        }
    }

    @Test func syncedBlocksApplyOnlyWithAValidCommit() throws {
        let source = try makeNode()
        for n in 0..<3 {
            _ = try source.mempool.admit(try signedTransfer(alice, nonce: UInt64(n), genesisHash: source.genesis.hash), nextHeight: try source.chain.tip.height + 1)
            _ = try source.produceBlock(nowMillis: testGenesisMillis + 1_000 * UInt64(n + 1), allowEmpty: true)
        }
        let items = try source.syncBlocks(from: 1, count: 64, maxBytes: 1 << 20)
        #expect(items.count == 3)
        #expect(try source.syncBlocks(from: 1, count: 64, maxBytes: 1).count == 1, "at least one block even over the byte budget")

        let follower = try makeNode(validator: false)
        // A commit whose signature is altered: refused, nothing written.
        var commit = try Commit(canonical: items[0].commit)
        var sig = commit.signatures[0].signature.bytes
        sig[0] ^= 1
        commit.signatures[0].signature = try Signature(bytes: sig)
        #expect(throws: SyncRefusal.self) { try follower.applySynced(SyncedBlock(block: items[0].block, commit: commit.canonicalBytes)) }
        // Out of order: refused.
        #expect(throws: SyncRefusal.self) { try follower.applySynced(items[1]) }
        #expect(try follower.chain.tip.height == 0)
        for item in items { _ = try follower.applySynced(item) }
        #expect(try follower.chain.tip.hash == source.chain.tip.hash)
        #expect(try follower.chain.tip.stateRoot == source.chain.tip.stateRoot)
    }
}
