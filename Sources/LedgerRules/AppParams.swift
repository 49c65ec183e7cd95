import LedgerCore

/// Consensus-relevant parameters stored in state (set at genesis; governance changes them later).
public struct AppParams: Hashable, Sendable, CanonicalCodable, Codable {
    /// Smallest fee a transaction may offer, in the native token's base unit.
    public var minFee: UInt64
    /// Largest total gas of the transactions in one block.
    public var maxBlockGas: UInt64
    /// Largest total size of the transactions in one block, in bytes.
    public var maxBlockBytes: UInt64
    /// Smallest price of block space, in base units per 1,000 gas of the transaction's gas *limit*
    /// (what it reserves in the block): `fee × 1000 ≥ gas_limit × min_gas_price` (Docs/PROTOCOL.md).
    public var minGasPrice: UInt64

    public init(minFee: UInt64, maxBlockGas: UInt64, maxBlockBytes: UInt64, minGasPrice: UInt64 = 0) {
        self.minFee = minFee
        self.maxBlockGas = maxBlockGas
        self.maxBlockBytes = maxBlockBytes
        self.minGasPrice = minGasPrice
    }

    public func encode(to w: inout CanonicalWriter) {
        w.u64(minFee)
        w.u64(maxBlockGas)
        w.u64(maxBlockBytes)
        w.u64(minGasPrice)
    }

    public init(from r: inout CanonicalReader) throws {
        minFee = try r.u64()
        maxBlockGas = try r.u64()
        maxBlockBytes = try r.u64()
        minGasPrice = try r.u64()
    }

    /// The smallest fee a transaction with this gas limit may offer: the larger of `min_fee` and
    /// ceil(gas_limit × min_gas_price / 1000); nil when that exceeds u64 (no fee can pay it).
    public func minimumFee(gasLimit: UInt64) -> UInt64? {
        let product = gasLimit.multipliedFullWidth(by: minGasPrice)
        guard product.high < GasPrice.perGas else { return nil } // quotient would not fit in u64
        let (q, rem) = GasPrice.perGas.dividingFullWidth(product)
        let (ceil, overflow) = q.addingReportingOverflow(rem == 0 ? 0 : 1)
        return overflow ? nil : max(ceil, minFee)
    }
}

/// Fee per gas as an exact ratio, compared by 128-bit cross-multiplication (no division, no floats).
public enum GasPrice {
    /// Gas prices are quoted per this many gas.
    public static let perGas: UInt64 = 1_000

    /// Whether `fee / gas` is strictly greater than `otherFee / otherGas` (a zero gas counts as 1).
    public static func pays(fee: UInt64, gas: UInt64, moreThan otherFee: UInt64, gas otherGas: UInt64) -> Bool {
        compare(fee, max(gas, 1), otherFee, max(otherGas, 1)) > 0
    }

    /// -1, 0 or 1 as a/b is below, equal to or above c/d (b, d > 0).
    public static func compare(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> Int {
        let l = a.multipliedFullWidth(by: d), r = c.multipliedFullWidth(by: b)
        if l.high != r.high { return l.high < r.high ? -1 : 1 }
        if l.low != r.low { return l.low < r.low ? -1 : 1 }
        return 0
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

    /// Decoding a large stored value costs far more than reading its bytes (calibration,
    /// Docs/BENCHMARKS.md): a stored policy rule before each evaluation and a proposal record (with
    /// its electorate snapshot) on every vote, deposit, tally and execution pay this per byte on
    /// top of the read.
    public static let perByteDecoded: UInt64 = 3
    /// A tally's compute per member of the electorate (its vote, its delegation, its delegate's
    /// vote), on top of the reads: calibrated against a tally of 1,000 members who all delegate.
    public static let tallyPerMember: UInt64 = 500

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
