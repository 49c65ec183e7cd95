import LedgerCore
import LedgerCrypto
import LedgerRules

/// The canonical binary decoders: whatever decodes must re-encode to exactly the input bytes (one
/// encoding per value, so decoders reject non-canonical input) and decode again to an equal value.
enum CodecProperties {
    static func transaction(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let tx = try? Transaction.decode(bytes) else { return }
        let fail = { (m: String) in PropertyViolation("transaction", m) }
        guard Transaction.wire(body: tx.body, signature: tx.signature) == bytes else { throw fail("wire bytes are not canonical") }
        guard tx.body.canonicalBytes == tx.bodyBytes else { throw fail("kept body bytes differ from the body's encoding") }
        guard tx.id == SHA256.hash(bytes) else { throw fail("id is not SHA-256 of the wire bytes") }
        guard (try? TransactionBody(canonical: tx.bodyBytes)) == tx.body else { throw fail("body bytes do not decode to the same body") }
        // Verification of hostile bytes must answer, not crash.
        _ = tx.hasValidSignature
    }

    static func block(_ bytes: [UInt8]) throws(PropertyViolation) {
        try roundTrip(Block.self, "block", bytes)
        try roundTrip(BlockHeader.self, "block", bytes)
    }

    static func commit(_ bytes: [UInt8]) throws(PropertyViolation) {
        try roundTrip(Commit.self, "commit", bytes)
    }

    static func receipt(_ bytes: [UInt8]) throws(PropertyViolation) {
        try roundTrip(Receipt.self, "receipt", bytes)
        try roundTrip(Event.self, "receipt", bytes)
        try roundTrip(Account.self, "receipt", bytes)
    }

    /// The first byte picks the record type; the rest is its encoding.
    static func record(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let selector = bytes.first else { return }
        let body = Array(bytes.dropFirst())
        switch Int(selector) % recordTypes.count {
        case 0: try roundTrip(Action.self, "record", body)
        case 1: try roundTrip(ContributionRecord.self, "record", body)
        case 2: try roundTrip(AttestationRecord.self, "record", body)
        case 3: try roundTrip(AttestationTally.self, "record", body)
        case 4: try roundTrip(ProposalRecord.self, "record", body)
        case 5: try roundTrip(GrantRecord.self, "record", body)
        case 6: try roundTrip(GovernanceParams.self, "record", body)
        default: try roundTrip(AppParams.self, "record", body)
        }
    }

    /// Record types by selector byte (modulo the count), as `record` dispatches them.
    static let recordTypes = ["action", "contribution", "attestation", "attestation_tally", "proposal", "grant", "governance_params", "app_params"]

    static func roundTrip<T: CanonicalCodable & Equatable>(_ type: T.Type, _ target: String, _ bytes: [UInt8]) throws(PropertyViolation) {
        guard let value = try? T(canonical: bytes) else { return }
        let encoded = value.canonicalBytes
        guard encoded == bytes else {
            throw PropertyViolation(target, "\(T.self) decoded from \(bytes.count) bytes re-encodes to \(encoded.count) different bytes")
        }
        guard (try? T(canonical: encoded)) == value else { throw PropertyViolation(target, "\(T.self) does not decode to an equal value") }
    }
}
