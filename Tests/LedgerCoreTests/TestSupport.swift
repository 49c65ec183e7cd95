import LedgerCore
import Testing

/// A deterministic generator so that "random" tests are reproducible.
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

enum Fixture {
    static func bytes(_ count: Int, start: UInt8) -> [UInt8] { (0..<count).map { start &+ UInt8(truncatingIfNeeded: $0) } }
    static func address(_ start: UInt8) -> Address { try! Address(bytes: bytes(20, start: start)) }
    static func hash(_ start: UInt8) -> Hash { try! Hash(bytes: bytes(32, start: start)) }
    static func publicKey(_ start: UInt8) -> PublicKey { try! PublicKey(bytes: bytes(32, start: start)) }
    static func signature(_ start: UInt8) -> Signature { try! Signature(bytes: bytes(64, start: start)) }

    static func body(chainID: String = "desci-test", expiry: UInt64? = 100, actions: [Action]? = nil) -> TransactionBody {
        TransactionBody(
            chainID: chainID, sender: publicKey(0x40), nonce: 7, gasLimit: 50_000, fee: 1_000, expiry: expiry,
            actions: actions ?? [.transfer(TransferAction(to: address(0), amount: 12_345))])
    }

    static func header(transactionCount: UInt32 = 0) -> BlockHeader {
        BlockHeader(
            chainID: "desci-test", height: 42, timeMillis: 1_700_000_000_123, previousHash: hash(0x10),
            transactionsRoot: hash(0x20), resultsRoot: hash(0x30), stateRoot: hash(0x40), validatorsHash: hash(0x50),
            proposer: address(0x60), transactionCount: transactionCount)
    }
}

/// Decoding every strict prefix of a valid encoding must fail with `CodecError.truncated`.
func expectEveryPrefixTruncated<T: CanonicalDecodable>(_ bytes: [UInt8], as _: T.Type,
                                                      sourceLocation: SourceLocation = #_sourceLocation) {
    for n in 0..<bytes.count {
        do {
            _ = try T(canonical: Array(bytes[..<n]))
            Issue.record("prefix of length \(n)/\(bytes.count) decoded", sourceLocation: sourceLocation)
        } catch let error as CodecError {
            guard case .truncated = error else {
                Issue.record("prefix \(n): expected truncated, got \(error)", sourceLocation: sourceLocation)
                continue
            }
        } catch {
            Issue.record("prefix \(n): unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }
}
