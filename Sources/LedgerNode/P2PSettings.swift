/// `[p2p]` of config.toml as plain values; `transportConfig(chain:)` (ConsensusWire.swift) turns it
/// into `LedgerP2P.P2PConfig` (same names, same defaults).
public struct P2PSettings: Sendable, Equatable {
    public var host = "0.0.0.0"
    public var port = 26656
    /// `<40 lowercase hex node id>@host:port`, checked at parse time.
    public var persistentPeers: [String] = []
    public var maxFrameBytes = 4 << 20
    public var maxPeers = 50
    public var backoffBaseMillis: UInt64 = 500
    public var backoffMaxMillis: UInt64 = 60_000
    public var banMillis: UInt64 = 600_000
    public var inboundBytesPerSecond: UInt64 = 8 << 20
    public var inboundBurstBytes: UInt64 = 16 << 20
    public var maxOutboundQueue = 1024

    public init() {}

    static func checkPeer(_ text: String) throws {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let hex = Set("0123456789abcdef".utf8)
        guard parts.count == 2, parts[0].utf8.count == 40, parts[0].utf8.allSatisfy(hex.contains) else {
            throw NodeConfig.ConfigError.invalid("'p2p.persistent_peers' entry '\(text)' must be <40 lowercase hex node id>@host:port")
        }
        let (_, port) = try NodeConfig.parseAddress(String(parts[1]))
        guard port > 0 else { throw NodeConfig.ConfigError.invalid("'p2p.persistent_peers' entry '\(text)' needs a port in 1...65535") }
    }
}
