/// Limits for one evaluation (or one `validate`). Every evaluation either finishes within them or
/// fails with `outOfGas`, `tooDeep` or `tooLarge`, after bounded work and allocation.
public struct Budget: Sendable, Equatable, Hashable {
    /// Total gas (see `GasSchedule`).
    public var maxGas: UInt64
    /// Nesting limit: rule nodes on the evaluation stack, and the nesting of a `reduce`
    /// accumulator. Clamped to `Budget.depthCeiling`.
    public var maxDepth: Int
    /// Elements in any array the evaluator iterates or builds (and in array literals of a rule).
    public var maxCollectionSize: Int
    /// UTF-8 bytes of any string the evaluator builds (and of string literals of a rule).
    public var maxStringLength: Int

    /// The evaluator recurses once per rule level; this keeps the native stack small whatever the
    /// caller asks for.
    public static let depthCeiling = 128

    public init(maxGas: UInt64, maxDepth: Int, maxCollectionSize: Int, maxStringLength: Int) {
        self.maxGas = maxGas
        self.maxDepth = max(0, min(maxDepth, Budget.depthCeiling))
        self.maxCollectionSize = max(0, maxCollectionSize)
        self.maxStringLength = max(0, maxStringLength)
    }

    /// 1,000,000 gas, depth 64, 10,000 elements, 65,536 bytes.
    public static let `default` = Budget(maxGas: 1_000_000, maxDepth: 64, maxCollectionSize: 10_000, maxStringLength: 65_536)
}

/// What each step of an evaluation costs. Gas is charged before the work it pays for, so an
/// evaluation that runs out stops before doing it. Documented in Docs/POLICIES.md.
public enum GasSchedule {
    /// Every rule node evaluated: a literal, an array literal, or an operation.
    public static let node: UInt64 = 1
    /// Every operator application, on top of `node`.
    public static let operation: UInt64 = 4
    /// Every operand consumed by a variadic operator (arithmetic, comparison, min/max, cat, merge
    /// argument), and every key looked up by `missing`/`missing_some`.
    public static let operand: UInt64 = 1
    /// Every path segment resolved by `var`, `val`, `missing`, `missing_some`.
    public static let pathSegment: UInt64 = 2
    /// Every element visited by `map`, `filter`, `reduce`, `all`, `some`, `none` and array `in`
    /// (the callback's own cost comes on top).
    public static let iteration: UInt64 = 3
    /// Every element copied into a new array (`merge`, `map`/`filter` results, `missing` results).
    public static let element: UInt64 = 1
    /// Every node visited when comparing structured values (`===`, `!==`, array `in`) and when
    /// measuring a `reduce` accumulator's nesting.
    public static let valueNode: UInt64 = 1
    /// Every byte of a string built (`cat`, `substr`, number → string).
    public static let byteBuilt: UInt64 = 1
    /// Bytes read per unit of gas when scanning strings (comparison, search, string → number,
    /// `substr` input). Charged as ⌈bytes / 8⌉.
    public static let bytesScannedPerGas: UInt64 = 8
    /// Every string → number conversion, on top of its scan: copying and lexing the text cost
    /// about as much as 25 plain steps (measured; Docs/POLICIES.md). Extreme literals pay their
    /// big-integer work on top (`DecimalConversion.slowPathGas`).
    public static let numberParse: UInt64 = 24

    static func scan(_ bytes: Int) -> UInt64 {
        (UInt64(bytes) + bytesScannedPerGas - 1) / bytesScannedPerGas
    }
}
