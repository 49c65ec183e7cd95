import Testing
@testable import LedgerCore

@Suite("Canonical codec")
struct CodecTests {
    // MARK: Golden encoding

    /// `Fixture.body()` encoded by hand from the rules in Codec.swift: u8 version, u32-BE length-prefixed
    /// chain id, 32-byte sender, u64-BE nonce/gas/fee, optional = tag byte + u64, u32-BE action count,
    /// u16-BE action tag 1, 20-byte address, u64-BE amount.
    static let goldenBodyHex = goldenBody(expiry: "01" + "0000000000000064")  // expiry Some(100)

    static func goldenBody(expiry: String) -> String {
        [
        "01",                                                                 // version
        "0000000a", "64657363692d74657374",                                    // "desci-test"
        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f", // sender
        "0000000000000007",                                                   // nonce 7
        "000000000000c350",                                                   // gas limit 50 000
        "00000000000003e8",                                                   // fee 1 000
        expiry,                                                               // optional expiry
        "00000001",                                                           // 1 action
        "0001",                                                               // tag: transfer
        "000102030405060708090a0b0c0d0e0f10111213",                           // to
        "0000000000003039",                                                   // amount 12 345
        ].joined()
    }

    // Offsets into the golden body.
    static let versionOffset = 0
    static let chainIDOffset = 5
    static let optionalTagOffset = 71
    static let actionCountOffset = 80
    static let actionTagOffset = 84

    @Test func goldenTransactionBody() throws {
        let bytes = Fixture.body().canonicalBytes
        #expect(Hex.encode(bytes) == Self.goldenBodyHex)
        #expect(bytes.count == 114)
        #expect(try TransactionBody(canonical: Hex.decode(Self.goldenBodyHex)!) == Fixture.body())
    }

    @Test func goldenTransactionBodyWithoutExpiry() {
        #expect(Hex.encode(Fixture.body(expiry: nil).canonicalBytes) == Self.goldenBody(expiry: "00"))
        #expect(Hex.encode(Fixture.body(expiry: .max).canonicalBytes) == Self.goldenBody(expiry: "01ffffffffffffffff"))
    }

    @Test func goldenBlockHeader() {
        func h(_ start: UInt8) -> String { Hex.encode(Fixture.bytes(32, start: start)) }
        let expected = [
            "0001",                                   // version (u16)
            "0000000a", "64657363692d74657374",        // chain id
            "000000000000002a",                       // height 42
            "0000018bcfe5687b",                       // time 1_700_000_000_123
            h(0x10), h(0x20), h(0x30), h(0x40), h(0x50), h(0x50), // …, validators, next validators (unchanged)
            Hex.encode([UInt8](repeating: 0, count: 32)), // last commit hash (none given: zero)
            Hex.encode(Fixture.bytes(20, start: 0x60)),
            "00000003",                               // transaction count
            "0000000000000000",                       // log size 0
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", // log root: the empty tree
        ].joined()
        #expect(Hex.encode(Fixture.header(transactionCount: 3).canonicalBytes) == expected)
    }

    @Test func goldenAccountAndSigningMessages() {
        #expect(Hex.encode(Account(balance: 0x0102_0304_0506_0708, nonce: 9).canonicalBytes)
            == "01020304050607080000000000000009")
        // A commit signature is a precommit vote: u32 len(domain) || "desci/vote/v1" || u32 len(chain) ||
        // chain || genesis hash || u8 2 || u64 height || u32 round || 01 || block hash || u32 validator index
        let genesis = Fixture.hash(0x90)
        let commit = Commit(height: 5, round: 3, blockHash: Fixture.hash(0), signatures: [])
        let msg = commit.signingMessage(chain: ChainIdentity(chainID: "c", genesisHash: genesis), validatorIndex: 7)
        #expect(msg == [0, 0, 0, 13] + Array("desci/vote/v1".utf8) + [0, 0, 0, 1, UInt8(ascii: "c")] + genesis.bytes
            + [2] + [0, 0, 0, 0, 0, 0, 0, 5] + [0, 0, 0, 3] + [1] + Fixture.bytes(32, start: 0) + [0, 0, 0, 7])
        let body = Fixture.body()
        let bytes = body.canonicalBytes
        #expect(body.signingMessage(bodyBytes: bytes, genesisHash: genesis)
            == [0, 0, 0, 11] + Array("desci/tx/v1".utf8) + [0, 0, 0, 10] + Array("desci-test".utf8) + genesis.bytes + bytes)
    }

    // MARK: Round trips

    static let bodies: [TransactionBody] = [
        Fixture.body(),
        Fixture.body(expiry: nil),
        Fixture.body(expiry: 0),
        Fixture.body(expiry: .max),
        Fixture.body(chainID: "", actions: (0..<16).map { .transfer(TransferAction(to: Fixture.address(UInt8($0)), amount: UInt64($0) * 1_000_003)) }),
        Fixture.body(chainID: String(repeating: "x", count: 64), expiry: nil,
                     actions: [.transfer(TransferAction(to: Fixture.address(9), amount: .max)),
                               .transfer(TransferAction(to: Fixture.address(1), amount: 0))]),
        Fixture.body(chainID: "dé-ünïcode-链"),
    ]

    @Test(arguments: bodies)
    func transactionBodyRoundTrip(_ body: TransactionBody) throws {
        let bytes = body.canonicalBytes
        let decoded = try TransactionBody(canonical: bytes)
        #expect(decoded == body)
        #expect(decoded.canonicalBytes == bytes)
        expectEveryPrefixTruncated(bytes, as: TransactionBody.self)
        #expect(throws: CodecError.trailingBytes(1)) { try TransactionBody(canonical: bytes + [0]) }
        #expect(throws: CodecError.trailingBytes(3)) { try TransactionBody(canonical: bytes + [1, 2, 3]) }
    }

    static let receipts: [Receipt] = [
        Receipt(transactionID: Fixture.hash(1), status: .success, gasUsed: 21_000, feePaid: 500),
        Receipt(transactionID: Fixture.hash(2), status: .failed, gasUsed: .max, feePaid: 1, code: "OUT_OF_GAS",
                message: "gas limit 10 exceeded", events: []),
        Receipt(transactionID: Fixture.hash(3), status: .success, gasUsed: 1, feePaid: 2, events: [
            Event(kind: "transfer", attributes: [("from", "desci1abc"), ("to", "desci1def"), ("amount", "12345")]),
            Event(kind: "empty", attributes: []),
            Event(kind: "ünï", attributes: [("", "")]),
        ]),
    ]

    @Test(arguments: receipts)
    func receiptRoundTrip(_ receipt: Receipt) throws {
        let bytes = receipt.canonicalBytes
        #expect(try Receipt(canonical: bytes) == receipt)
        expectEveryPrefixTruncated(bytes, as: Receipt.self)
        #expect(throws: CodecError.trailingBytes(1)) { try Receipt(canonical: bytes + [0]) }
    }

    @Test func receiptRejectsUnknownStatus() {
        var bytes = Self.receipts[0].canonicalBytes
        bytes[32] = 2
        #expect(throws: CodecError.unknownTag(type: "receipt status", tag: 2)) { try Receipt(canonical: bytes) }
    }

    @Test func blockHeaderRoundTrip() throws {
        for count: UInt32 in [0, 1, .max] {
            let header = Fixture.header(transactionCount: count)
            let bytes = header.canonicalBytes
            #expect(try BlockHeader(canonical: bytes) == header)
            expectEveryPrefixTruncated(bytes, as: BlockHeader.self)
            #expect(throws: CodecError.trailingBytes(2)) { try BlockHeader(canonical: bytes + [0, 0]) }
        }
    }

    static func lastCommit(height: UInt64, signers: [UInt32] = [0, 2]) -> Commit {
        Commit(height: height, round: 1, blockHash: Fixture.hash(0x70), signatures: signers.map {
            CommitSignature(validatorIndex: $0, signature: Fixture.signature(UInt8($0 + 1)))
        })
    }

    @Test func blockRoundTrip() throws {
        for txs: [[UInt8]] in [[], [[]], [[1, 2, 3], [], Fixture.bytes(300, start: 5)]] {
            // Fixture.header is at height 42, so the block carries height 41's commit.
            let block = Block(header: Fixture.header(transactionCount: UInt32(txs.count)), transactions: txs, lastCommit: Self.lastCommit(height: 41))
            let bytes = block.canonicalBytes
            #expect(try Block(canonical: bytes) == block)
            expectEveryPrefixTruncated(bytes, as: Block.self)
            #expect(throws: CodecError.trailingBytes(1)) { try Block(canonical: bytes + [7]) }
        }
    }

    @Test func blockAtHeightOneHasNoLastCommit() throws {
        var header = Fixture.header()
        header.height = 1
        let first = Block(header: header, transactions: [])
        #expect(try Block(canonical: first.canonicalBytes) == first)
        #expect(Array(first.canonicalBytes.suffix(9)) == [0, 0, 0, 0, 0, 0, 0, 0, 0])  // no transactions, no last commit, no evidence
        let withCommit = Block(header: header, transactions: [], lastCommit: Self.lastCommit(height: 0))
        #expect(throws: CodecError.invalidValue(field: "last commit", reason: "height 1 has no previous commit")) {
            try Block(canonical: withCommit.canonicalBytes)
        }
    }

    @Test func blockAboveHeightOneNeedsThePreviousCommit() {
        let missing = Block(header: Fixture.header(), transactions: [])
        #expect(throws: CodecError.invalidValue(field: "last commit", reason: "missing at height 42")) { try Block(canonical: missing.canonicalBytes) }
        let wrong = Block(header: Fixture.header(), transactions: [], lastCommit: Self.lastCommit(height: 40))
        #expect(throws: CodecError.invalidValue(field: "last commit", reason: "is for height 40, not 41")) { try Block(canonical: wrong.canonicalBytes) }
    }

    @Test(arguments: [[1, 1], [2, 1], [0, 3, 3]] as [[UInt32]])
    func commitWithUnsortedOrDuplicateIndicesIsRejected(_ indices: [UInt32]) {
        let commit = Self.lastCommit(height: 7, signers: indices)
        #expect(throws: CodecError.invalidValue(field: "signatures", reason: "validator indices must be strictly ascending")) {
            try Commit(canonical: commit.canonicalBytes)
        }
    }

    static func evidence(height: UInt64 = 40, round: UInt32 = 1, index: UInt32 = 2, a: Hash? = Fixture.hash(1), b: Hash? = Fixture.hash(2)) -> EquivocationEvidence {
        EquivocationEvidence(voteType: 2, height: height, round: round, validatorIndex: index, valueA: a, signatureA: Fixture.signature(3),
                             valueB: b, signatureB: Fixture.signature(4))
    }

    @Test func evidenceRoundTripAndCanonicalPairOrder() throws {
        for e in [Self.evidence(), Self.evidence(a: nil), Self.evidence(a: Fixture.hash(9), b: nil)] {
            let bytes = e.canonicalBytes
            #expect(try EquivocationEvidence(canonical: bytes) == e)
            expectEveryPrefixTruncated(bytes, as: EquivocationEvidence.self)
        }
        // The init puts the smaller encoding first (nil, tag 00, before any value), swapping signatures along.
        let swapped = Self.evidence(a: Fixture.hash(9), b: nil)
        #expect(swapped.valueA == nil && swapped.signatureA == Fixture.signature(4) && swapped.valueB == Fixture.hash(9))
        // Bytes with the pair reversed, or twice the same value, are refused.
        var reversed = Self.evidence()
        (reversed.valueA, reversed.valueB) = (reversed.valueB, reversed.valueA)
        #expect(throws: CodecError.self) { try EquivocationEvidence(canonical: reversed.canonicalBytes) }
        #expect(throws: CodecError.self) { try EquivocationEvidence(canonical: Self.evidence(a: Fixture.hash(1), b: Fixture.hash(1)).canonicalBytes) }
        var badType = Self.evidence().canonicalBytes
        badType[0] = 3
        #expect(throws: CodecError.unknownTag(type: "vote type", tag: 3)) { try EquivocationEvidence(canonical: badType) }
    }

    @Test func blockEvidenceMustBeStrictlyAscending() throws {
        let ok = Block(header: Fixture.header(), transactions: [], lastCommit: Self.lastCommit(height: 41),
                       evidence: [Self.evidence(height: 39), Self.evidence(height: 40, index: 1), Self.evidence(height: 40, index: 2)])
        #expect(try Block(canonical: ok.canonicalBytes) == ok)
        for bad in [[Self.evidence(height: 40), Self.evidence(height: 39)], [Self.evidence(), Self.evidence(a: nil)]] {
            let block = Block(header: Fixture.header(), transactions: [], lastCommit: Self.lastCommit(height: 41), evidence: bad)
            #expect(throws: CodecError.invalidValue(field: "evidence", reason: "must be strictly ascending by (height, round, type, validator)")) {
                try Block(canonical: block.canonicalBytes)
            }
        }
    }

    @Test func commitGoldenBytes() {
        let commit = Commit(height: 5, round: 2, blockHash: Fixture.hash(0x10), signatures: [CommitSignature(validatorIndex: 3, signature: Fixture.signature(9))])
        #expect(Hex.encode(commit.canonicalBytes) == "0000000000000005" + "00000002" + Hex.encode(Fixture.bytes(32, start: 0x10))
            + "00000001" + "00000003" + Hex.encode(Fixture.signature(9).bytes))
    }

    @Test(arguments: [(0, 1), (1, 0), (2, 3), (3, 2)])
    func blockWithWrongTransactionCountIsRejected(_ declared: Int, _ actual: Int) {
        let block = Block(header: Fixture.header(transactionCount: UInt32(declared)),
                          transactions: (0..<actual).map { [UInt8($0)] })
        let error = #expect(throws: CodecError.self) { try Block(canonical: block.canonicalBytes) }
        guard case .invalidValue(field: "transactions", _)? = error else {
            Issue.record("expected invalidValue(transactions), got \(String(describing: error))")
            return
        }
    }

    @Test func commitRoundTrip() throws {
        for n in [0, 1, 4] {
            let commit = Commit(height: 99, round: 2, blockHash: Fixture.hash(7), signatures: (0..<n).map {
                CommitSignature(validatorIndex: UInt32($0 * 3), signature: Fixture.signature(UInt8($0 + 100)))
            })
            let bytes = commit.canonicalBytes
            #expect(bytes.count == 8 + 4 + 32 + 4 + n * 68)
            #expect(try Commit(canonical: bytes) == commit)
            expectEveryPrefixTruncated(bytes, as: Commit.self)
            #expect(throws: CodecError.trailingBytes(1)) { try Commit(canonical: bytes + [0]) }
        }
    }

    @Test func accountRoundTrip() throws {
        for account in [Account(), Account(balance: 1, nonce: 2), Account(balance: .max, nonce: .max)] {
            let bytes = account.canonicalBytes
            #expect(bytes.count == 16)
            #expect(try Account(canonical: bytes) == account)
            expectEveryPrefixTruncated(bytes, as: Account.self)
            #expect(throws: CodecError.trailingBytes(1)) { try Account(canonical: bytes + [0]) }
        }
    }

    @Test func equalValuesHaveEqualBytesAndDistinctValuesDistinctBytes() {
        var seen = Set<[UInt8]>()
        for body in Self.bodies { seen.insert(body.canonicalBytes) }
        #expect(seen.count == Self.bodies.count)
        #expect(Fixture.body().canonicalBytes == Fixture.body().canonicalBytes)
    }

    // MARK: Rejections

    static var golden: [UInt8] { Hex.decode(goldenBodyHex)! }

    @Test(arguments: [0, 2, 255])
    func unknownTransactionVersion(_ version: UInt8) {
        var b = Self.golden
        b[Self.versionOffset] = version
        #expect(throws: CodecError.unknownTag(type: "transaction version", tag: UInt64(version))) { try TransactionBody(canonical: b) }
    }

    @Test func unknownHeaderVersion() {
        var b = Fixture.header().canonicalBytes
        b[1] = 2
        #expect(throws: CodecError.unknownTag(type: "header version", tag: 2)) { try BlockHeader(canonical: b) }
        b[0] = 1; b[1] = 1
        #expect(throws: CodecError.unknownTag(type: "header version", tag: 257)) { try BlockHeader(canonical: b) }
    }

    @Test(arguments: [2, 3, 0x80, 0xff] as [UInt8])
    func invalidOptionalTag(_ tag: UInt8) {
        var b = Self.golden
        #expect(b[Self.optionalTagOffset] == 1)
        b[Self.optionalTagOffset] = tag
        #expect(throws: CodecError.invalidOptionalTag(tag)) { try TransactionBody(canonical: b) }
    }

    @Test func invalidBoolByte() throws {
        var w = CanonicalWriter()
        w.bool(true)
        w.bool(false)
        #expect(w.bytes == [1, 0])
        var ok = CanonicalReader([1, 0])
        #expect(try ok.bool() == true)
        #expect(try ok.bool() == false)
        try ok.finish()
        for byte: UInt8 in [2, 0x10, 0xff] {
            var r = CanonicalReader([byte])
            #expect(throws: CodecError.invalidBool(byte)) { try r.bool() }
        }
    }

    @Test(arguments: [0, 2, 0xffff] as [UInt16])
    func unknownActionTag(_ tag: UInt16) {
        var b = Self.golden
        #expect(b[Self.actionTagOffset] == 0 && b[Self.actionTagOffset + 1] == 1)
        b[Self.actionTagOffset] = UInt8(tag >> 8)
        b[Self.actionTagOffset + 1] = UInt8(tag & 0xff)
        #expect(throws: CodecError.unknownTag(type: "action", tag: UInt64(tag))) { try TransactionBody(canonical: b) }
    }

    @Test func invalidUTF8ChainID() {
        for bad: [UInt8] in [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0x61, 0x80, 0x62]] {
            var w = CanonicalWriter()
            w.u8(1)
            w.data(bad)
            var b = w.bytes
            b += Self.golden[(Self.chainIDOffset + 10)...]
            #expect(throws: CodecError.invalidUTF8(field: "chain id")) { try TransactionBody(canonical: b) }
        }
        // The header's chain id is checked the same way.
        var h = Fixture.header().canonicalBytes
        h[6] = 0xff  // first byte of "desci-test"
        #expect(throws: CodecError.invalidUTF8(field: "chain id")) { try BlockHeader(canonical: h) }
    }

    @Test func chainIDLengthLimit() throws {
        let max = Fixture.body(chainID: String(repeating: "a", count: 64))
        #expect(try TransactionBody(canonical: max.canonicalBytes) == max)
        let tooLong = Fixture.body(chainID: String(repeating: "a", count: 65))
        #expect(throws: CodecError.lengthTooLarge(field: "chain id", length: 65, limit: 64)) {
            try TransactionBody(canonical: tooLong.canonicalBytes)
        }
        // 22 three-byte characters are 66 bytes even though the string has 22 characters.
        let wide = Fixture.body(chainID: String(repeating: "链", count: 22))
        #expect(throws: CodecError.lengthTooLarge(field: "chain id", length: 66, limit: 64)) {
            try TransactionBody(canonical: wide.canonicalBytes)
        }
        var header = Fixture.header()
        header.chainID = String(repeating: "h", count: 65)
        #expect(throws: CodecError.lengthTooLarge(field: "chain id", length: 65, limit: 64)) {
            try BlockHeader(canonical: header.canonicalBytes)
        }
    }

    @Test func hugeLengthPrefixIsRejectedBeforeAllocating() {
        var b = Self.golden
        b.replaceSubrange(1..<5, with: [0xff, 0xff, 0xff, 0xff])
        #expect(throws: CodecError.lengthTooLarge(field: "chain id", length: 0xffff_ffff, limit: 64)) {
            try TransactionBody(canonical: b)
        }
        var c = Self.golden
        c.replaceSubrange(Self.actionCountOffset..<(Self.actionCountOffset + 4), with: [0x7f, 0xff, 0xff, 0xff])
        #expect(throws: CodecError.lengthTooLarge(field: "actions", length: 0x7fff_ffff, limit: 16)) {
            try TransactionBody(canonical: c)
        }
    }

    @Test func zeroActionsIsRejected() {
        let bytes = Fixture.body(actions: []).canonicalBytes
        let error = #expect(throws: CodecError.self) { try TransactionBody(canonical: bytes) }
        guard case .invalidValue(field: "actions", _)? = error else {
            Issue.record("expected invalidValue(actions), got \(String(describing: error))")
            return
        }
    }

    @Test func actionCountLimit() throws {
        func body(_ n: Int) -> TransactionBody {
            Fixture.body(actions: (0..<n).map { .transfer(TransferAction(to: Fixture.address(UInt8($0)), amount: 1)) })
        }
        #expect(try TransactionBody(canonical: body(16).canonicalBytes).actions.count == 16)
        #expect(throws: CodecError.lengthTooLarge(field: "actions", length: 17, limit: 16)) {
            try TransactionBody(canonical: body(17).canonicalBytes)
        }
        #expect(throws: CodecError.lengthTooLarge(field: "actions", length: 40, limit: 16)) {
            try TransactionBody(canonical: body(40).canonicalBytes)
        }
    }

    @Test func actionCountDisagreeingWithPayloadIsRejected() {
        var b = Self.golden
        b[Self.actionCountOffset + 3] = 2  // claims 2 actions, carries 1
        let error = #expect(throws: CodecError.self) { try TransactionBody(canonical: b) }
        guard case .truncated? = error else {
            Issue.record("expected truncated, got \(String(describing: error))")
            return
        }
        let two = Fixture.body(actions: [.transfer(TransferAction(to: Fixture.address(1), amount: 1)),
                                         .transfer(TransferAction(to: Fixture.address(2), amount: 2))])
        var c = two.canonicalBytes
        c[Self.actionCountOffset + 3] = 1  // claims 1 action, carries 2
        #expect(throws: CodecError.trailingBytes(30)) { try TransactionBody(canonical: c) }
    }

    @Test func readerPrimitivesAreBigEndian() throws {
        var w = CanonicalWriter()
        w.u8(0xab)
        w.u16(0x0102)
        w.u32(0x0304_0506)
        w.u64(0x0708_090a_0b0c_0d0e)
        w.data([0xee])
        w.string("hi")
        w.optional(UInt64?.none) { $0.u64($1) }
        w.optional(UInt64?.some(1)) { $0.u64($1) }
        #expect(Hex.encode(w.bytes)
            == "ab" + "0102" + "03040506" + "0708090a0b0c0d0e" + "00000001ee" + "000000026869" + "00" + "010000000000000001")
        var r = CanonicalReader(w.bytes)
        #expect(try r.u8() == 0xab)
        #expect(try r.u16() == 0x0102)
        #expect(try r.u32() == 0x0304_0506)
        #expect(try r.u64() == 0x0708_090a_0b0c_0d0e)
        #expect(try r.data(field: "d", limit: 1) == [0xee])
        #expect(try r.string(field: "s", limit: 2) == "hi")
        #expect(try r.optional { try $0.u64() } == nil)
        #expect(try r.optional { try $0.u64() } == 1)
        #expect(r.remaining == 0)
        try r.finish()
        #expect(throws: CodecError.truncated(needed: 2, remaining: 0)) { try r.u16() }

        var limited = CanonicalReader([0, 0, 0, 3, 1, 2, 3])
        #expect(throws: CodecError.lengthTooLarge(field: "d", length: 3, limit: 2)) { try limited.data(field: "d", limit: 2) }
    }
}
