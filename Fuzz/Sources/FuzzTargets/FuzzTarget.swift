/// The fuzz targets (Docs/FUZZING.md). Each one takes arbitrary bytes and checks properties of the
/// code under test; it throws `PropertyViolation` when a property fails. Decoding failures are
/// expected outcomes, not violations. The same checks run under libFuzzer (`desci-fuzz`) and in
/// the normal test suite over the seed corpus and the kept regressions.
public enum FuzzTarget: String, CaseIterable, Sendable {
    case transaction, block, commit, receipt, record, json, jsonlogic, spdx, genesis, rpc

    public func check(_ bytes: [UInt8]) throws(PropertyViolation) {
        switch self {
        case .transaction: try CodecProperties.transaction(bytes)
        case .block: try CodecProperties.block(bytes)
        case .commit: try CodecProperties.commit(bytes)
        case .receipt: try CodecProperties.receipt(bytes)
        case .record: try CodecProperties.record(bytes)
        case .json: try JSONProperties.json(bytes)
        case .jsonlogic: try JSONProperties.jsonLogic(bytes)
        case .spdx: try SPDXProperties.spdx(bytes)
        case .genesis: try GenesisProperties.genesis(bytes)
        case .rpc: try RPCProperties.rpc(bytes)
        }
    }
}

extension FuzzTarget {
    /// `check` for async callers: the RPC target awaits its request instead of blocking the thread.
    public func checkAsync(_ bytes: [UInt8]) async throws(PropertyViolation) {
        if self == .rpc { try await RPCProperties.rpcAsync(bytes) } else { try check(bytes) }
    }
}

/// A property of the code under test that an input broke.
public struct PropertyViolation: Error, CustomStringConvertible, Sendable {
    public let target: String
    public let message: String

    public init(_ target: String, _ message: String) {
        self.target = target
        self.message = message
    }

    public var description: String { "\(target): \(message)" }
}
