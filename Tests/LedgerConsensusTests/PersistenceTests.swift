import Foundation
import LedgerConsensus
import LedgerCore
import LedgerCrypto
import Testing

private func tempPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("desci-consensus-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}

private var net: TestNet { TestNet(powers: [1, 1, 1, 1]) }
private let block = Block(header: BlockHeader(chainID: "desci-test", height: 1, timeMillis: 5, previousHash: value("p"), transactionsRoot: value("t"),
                                              resultsRoot: value("r"), stateRoot: value("s"), validatorsHash: value("v"),
                                              proposer: Address(publicKey: net.keys[0].publicKey), transactionCount: 0, logSize: 0,
                                              logRoot: value("l")),
                          transactions: [])

@Suite("Consensus write-ahead log file")
struct FileWALTests {
    let entries: [WALEntry] = [
        .vote(net.vote(.prevote, round: 0, value("a"), from: 1)),
        .timeout(.propose, height: 1, round: 0),
        .built(height: 1, round: 0, block),
        .proposal(net.proposalByProposer(round: 0, block.header.hash), block),
    ]

    @Test func entriesSurviveReopening() throws {
        let path = tempPath("cs.wal")
        do {
            let wal = try FileWAL(path: path)
            for e in entries { try wal.append(e) }
        }
        #expect(try FileWAL(path: path).entries() == entries)
    }

    /// A crash mid-append leaves a torn record: it is cut off, and the log goes on after it.
    @Test func aTornTailIsCutAndAppendingContinues() throws {
        let path = tempPath("cs.wal")
        do {
            let wal = try FileWAL(path: path)
            for e in entries.prefix(2) { try wal.append(e) }
        }
        let intact = try Data(contentsOf: URL(fileURLWithPath: path))
        let third = try { () -> [UInt8] in
            let other = tempPath("one.wal")
            try FileWAL(path: other).append(entries[2])
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: other)))
        }()
        try (intact + Data(third.prefix(third.count - 3))).write(to: URL(fileURLWithPath: path))
        let wal = try FileWAL(path: path)
        #expect(try wal.entries() == Array(entries.prefix(2)))
        try wal.append(entries[3])
        #expect(try FileWAL(path: path).entries() == [entries[0], entries[1], entries[3]])
    }

    /// A flipped byte in a record fails its checksum: the log ends before it.
    @Test func aCorruptRecordEndsTheLog() throws {
        let path = tempPath("cs.wal")
        do {
            let wal = try FileWAL(path: path)
            for e in entries { try wal.append(e) }
        }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let firstLength = Int(bytes[0]) << 24 | Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        bytes[8 + firstLength + 8 + 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try FileWAL(path: path).entries() == [entries[0]])
    }

    @Test func resetEmptiesTheLog() throws {
        let path = tempPath("cs.wal")
        let wal = try FileWAL(path: path)
        for e in entries { try wal.append(e) }
        try wal.reset()
        try wal.append(entries[1])
        #expect(try FileWAL(path: path).entries() == [entries[1]])
    }

    @Test func entryBytesRoundTripAndRejectUnknownTags() throws {
        for e in entries { #expect(try WALEntry(canonical: e.canonicalBytes) == e) }
        #expect(throws: CodecError.self) { try WALEntry(canonical: [9]) }
    }
}

@Suite("Double-sign guard on disk")
struct PersistentSignerTests {
    let chain = TestNet.chain
    func prevote(_ v: Hash?, round: UInt32 = 0, height: UInt64 = 1) -> Vote {
        Vote(type: .prevote, height: height, round: round, value: v, validatorIndex: 0, signature: Signature(unchecked: [UInt8](repeating: 0, count: 64)))
    }

    /// A restarted signer (a new process reading the same file) refuses the conflicting vote.
    @Test func aRestartedSignerRefusesAConflictingVote() throws {
        let path = tempPath("validator_state.bin")
        let first = try PersistentSigner(key: net.keys[0], chain: chain, store: SignerRecordFile(path: path), unsafeSignAfterHeight: 0)
        let signed = try first.sign(prevote(value("a"))).get()
        #expect(signed.hasValidSignature(by: net.keys[0].publicKey, chain: chain))
        let again = try PersistentSigner(key: net.keys[0], chain: chain, store: SignerRecordFile(path: path))
        #expect(again.sign(prevote(value("b"))) == .failure(.guarded(.conflictingMessage)))
        #expect(try again.sign(prevote(value("a"))).get() == signed)
        #expect(try SignerRecordFile(path: path).load()?.last == SignedState.recording(vote: prevote(value("a")), chain: chain))
    }

    /// No record (a wiped data folder): nothing is signed until the chain commits a height; then
    /// only above the highest height seen.
    @Test func aWipedSignerWaitsForTheSafeHeight() throws {
        let store = MemorySignerRecordStore()
        let signer = try PersistentSigner(key: net.keys[0], chain: chain, store: store)
        #expect(signer.sign(prevote(value("a"))) == .failure(.awaitingSafeHeight(highestSeen: 0)))
        signer.observe(height: 7)
        try signer.observeCommit(height: 5)
        #expect(store.record == SignerRecord(last: nil, signAfterHeight: 7))
        #expect(signer.sign(prevote(value("a"), height: 7)) == .failure(.belowSafeHeight(signAfter: 7, requested: 7)))
        #expect(throws: Never.self) { try signer.sign(prevote(value("a"), height: 8)).get() }
        #expect(SignerRefusal.awaitingSafeHeight(highestSeen: 0).code == "SIGN_AWAITING_SAFE_HEIGHT")
    }

    @Test func unsafeSignAfterHeightSetsTheFloor() throws {
        let signer = try PersistentSigner(key: net.keys[0], chain: chain, store: MemorySignerRecordStore(), unsafeSignAfterHeight: 3)
        #expect(signer.sign(prevote(nil, height: 3)) == .failure(.belowSafeHeight(signAfter: 3, requested: 3)))
        #expect(throws: Never.self) { try signer.sign(prevote(nil, height: 4)).get() }
        // An existing record wins over the flag.
        let store = MemorySignerRecordStore(SignerRecord(last: nil, signAfterHeight: 9))
        let kept = try PersistentSigner(key: net.keys[0], chain: chain, store: store, unsafeSignAfterHeight: 0)
        #expect(kept.record?.signAfterHeight == 9)
    }

    final class FailingStore: SignerRecordStore {
        func load() throws -> SignerRecord? { SignerRecord(last: nil, signAfterHeight: 0) }
        func save(_ record: SignerRecord) throws { throw CocoaError(.fileWriteNoPermission) }
    }

    /// If the state cannot be written, nothing is signed.
    @Test func anUnwritableStateSignsNothing() throws {
        let signer = try PersistentSigner(key: net.keys[0], chain: chain, store: FailingStore())
        guard case let .failure(why) = signer.sign(prevote(value("a"))) else { Issue.record("signed without persisting"); return }
        #expect(why.code == "SIGN_STATE_UNWRITABLE")
        #expect(signer.record?.last == nil)
    }

    @Test func recordBytesRoundTripAndRejectUnknownVersions() throws {
        let r = SignerRecord(last: SignedState.recording(vote: prevote(value("a")), chain: chain), signAfterHeight: 4)
        #expect(try SignerRecord(canonical: r.canonicalBytes) == r)
        var bytes = r.canonicalBytes
        bytes[0] = 2
        #expect(throws: CodecError.self) { try SignerRecord(canonical: bytes) }
    }
}
