import Testing
@testable import LedgerCore

@Suite("Transaction wire format")
struct TransactionWireTests {
    static let id = Fixture.hash(0xaa)

    @Test func keepsExactBytes() throws {
        for body in [Fixture.body(), Fixture.body(expiry: nil)] {
            let sig = Fixture.signature(3)
            let wire = Transaction.wire(body: body, signature: sig)
            #expect(wire == body.canonicalBytes + sig.bytes)
            let tx = try Transaction(wire: wire, id: Self.id)
            #expect(tx.wire == wire)
            #expect(tx.bodyBytes == body.canonicalBytes)
            #expect(tx.bodyBytes == Array(wire.prefix(wire.count - 64)))
            #expect(tx.body == body)
            #expect(tx.signature == sig)
            #expect(tx.id == Self.id)
            #expect(tx.signingMessage(genesisHash: Self.id) == body.signingMessage(bodyBytes: tx.bodyBytes, genesisHash: Self.id))
        }
    }

    @Test func rejectsMissingOrShortSignature() {
        let body = Fixture.body().canonicalBytes
        let sig = Fixture.signature(3).bytes
        #expect(throws: CodecError.truncated(needed: 64, remaining: 0)) { try Transaction(wire: body, id: Self.id) }
        for n in [1, 32, 63] {
            #expect(throws: CodecError.truncated(needed: 64, remaining: n)) {
                try Transaction(wire: body + sig.prefix(n), id: Self.id)
            }
        }
    }

    @Test func rejectsEveryTruncation() {
        let wire = Transaction.wire(body: Fixture.body(), signature: Fixture.signature(0))
        for n in 0..<wire.count {
            let error = #expect(throws: CodecError.self, "prefix \(n)") { try Transaction(wire: Array(wire[..<n]), id: Self.id) }
            guard case .truncated? = error else {
                Issue.record("prefix \(n): expected truncated, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func rejectsTrailingBytes() {
        let wire = Transaction.wire(body: Fixture.body(), signature: Fixture.signature(0))
        #expect(throws: CodecError.trailingBytes(1)) { try Transaction(wire: wire + [0], id: Self.id) }
        #expect(throws: CodecError.trailingBytes(64)) { try Transaction(wire: wire + Fixture.signature(1).bytes, id: Self.id) }
    }

    @Test func rejectsInvalidBody() {
        var wire = Transaction.wire(body: Fixture.body(), signature: Fixture.signature(0))
        wire[0] = 9
        #expect(throws: CodecError.unknownTag(type: "transaction version", tag: 9)) { try Transaction(wire: wire, id: Self.id) }
    }

    @Test func rejectsOversizedWire() {
        let wire = [UInt8](repeating: 0, count: ProtocolLimits.maxTransactionBytes + 1)
        #expect(throws: CodecError.lengthTooLarge(field: "transaction", length: wire.count, limit: ProtocolLimits.maxTransactionBytes)) {
            try Transaction(wire: wire, id: Self.id)
        }
    }
}
