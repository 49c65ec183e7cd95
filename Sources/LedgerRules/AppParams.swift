import LedgerCore

/// Consensus-relevant parameters stored in state (set at genesis; governance changes them later).
public struct AppParams: Hashable, Sendable, CanonicalCodable, Codable {
    /// Smallest fee a transaction may offer, in the native token's base unit.
    public var minFee: UInt64
    /// Largest total gas of the transactions in one block.
    public var maxBlockGas: UInt64
    /// Largest total size of the transactions in one block, in bytes.
    public var maxBlockBytes: UInt64

    public init(minFee: UInt64, maxBlockGas: UInt64, maxBlockBytes: UInt64) {
        self.minFee = minFee
        self.maxBlockGas = maxBlockGas
        self.maxBlockBytes = maxBlockBytes
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(minFee)
        w.u64(maxBlockGas)
        w.u64(maxBlockBytes)
    }

    public init(from r: inout CanonicalReader) throws {
        minFee = try r.u64()
        maxBlockGas = try r.u64()
        maxBlockBytes = try r.u64()
    }
}

/// The gas schedule. Every action pays for the bytes it reads and writes and for its compute;
/// every transaction pays a base cost plus a cost per byte of its encoding.
public enum GasSchedule {
    public static let transactionBase: UInt64 = 1_000
    public static let perTransactionByte: UInt64 = 10
    public static let readBase: UInt64 = 100
    public static let perByteRead: UInt64 = 1
    public static let writeBase: UInt64 = 200
    public static let perByteWritten: UInt64 = 10
    public static let transferCompute: UInt64 = 500
    /// Gas available to the end-of-block hooks of one block.
    public static let endBlockBudget: UInt64 = 50_000_000
    /// Licence compatibility checks (contribution.register): per input licence compared.
    public static let licencePairBase: UInt64 = 2_000
    public static let perLicenceByte: UInt64 = 20
    /// Per pair (simple input licence, simple derived licence) the compatibility check compares.
    public static let perLicenceComparison: UInt64 = 200
    /// Receipts carry at most this many events (ProtocolLimits.maxEventsPerReceipt).
    public static let maxEventsPerTransaction = 256

    /// The licence compatibility charge for one input: the bytes of both expressions (parsed) and
    /// every pair of simple licences compared (`leaves` counts `id+` as its versions).
    public static func licenceCheck(derivedBytes: Int, inputBytes: Int, derivedLeaves: UInt64, inputLeaves: UInt64) -> UInt64 {
        licencePairBase + UInt64(derivedBytes + inputBytes) * perLicenceByte + inputLeaves * derivedLeaves * perLicenceComparison
    }

    /// Transaction gas per JsonLogic gas unit of a policy evaluation (calibrated: a unit costs about
    /// 9× a transfer's gas in time, Docs/BENCHMARKS.md).
    public static let policyGasFactor: UInt64 = 4

    /// Events: a base per event plus every byte of its kind, keys and values (as clamped).
    public static let eventBase: UInt64 = 100
    public static let perEventByte: UInt64 = 10

    public static func eventGas(_ event: Event) -> UInt64 {
        let e = event.clamped
        let bytes = e.attributes.reduce(e.kind.utf8.count) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        return eventBase + perEventByte * UInt64(bytes)
    }

    /// Gas charged before any action runs: the intrinsic cost of carrying the transaction.
    public static func intrinsic(transactionBytes: Int) -> UInt64 {
        transactionBase + perTransactionByte * UInt64(transactionBytes)
    }
}
