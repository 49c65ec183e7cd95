import LedgerCore
import LedgerCrypto

/// The part of a genesis an offline verifier needs, read from the genesis's canonical bytes
/// (`GenesisDocument.canonicalBytes` in LedgerNode; layout in Docs/PROOFS.md, "Audit bundles"):
/// the chain id and the genesis validator set. The rest of the bytes (accounts, policies, DAO) is
/// not interpreted but is covered by the genesis hash, so every byte still matters: commit and
/// transaction signatures are bound to that hash.
public struct GenesisAnchor: Sendable, Equatable {
    public static let prefix: [UInt8] = Array("desci/genesis/v1".utf8)

    public var hash: Hash
    public var chainID: String
    public var validators: [BundleValidator]

    public var identity: ChainIdentity { ChainIdentity(chainID: chainID, genesisHash: hash) }

    public init(canonicalBytes b: [UInt8]) throws {
        var r = CanonicalReader(b)
        guard (try? r.raw(Self.prefix.count)) == Self.prefix else { throw BundleError.genesis("the genesis bytes do not start with desci/genesis/v1") }
        do {
            chainID = try r.string(field: "chain id", limit: ProtocolLimits.maxChainIDBytes)
            _ = try r.u64() // genesis time
            _ = try r.u64() // max block bytes
            _ = try r.u64() // max block gas
            _ = try r.u64() // block interval
            validators = try r.list(field: "validators", limit: ProtocolLimits.maxValidators) { r in
                _ = try r.string(field: "validator name", limit: ProtocolLimits.maxStringBytes)
                return BundleValidator(publicKey: try r.fixed(PublicKey.self), power: try r.u64())
            }
        } catch {
            throw BundleError.genesis("unreadable genesis bytes: \(error)")
        }
        guard !validators.isEmpty, case .success = VotingPower.total(validators.map(\.power)) else {
            throw BundleError.genesis("the genesis validator set is empty or its powers are out of range")
        }
        hash = SHA256.hash(b)
    }
}
