import LedgerCore

/// `GET /proof/state`: a membership or non-membership proof for one state key against the state
/// root of a block (Docs/RPC.md; proof bytes in Docs/PROOFS.md, "State proofs").
public struct StateProofDTO: Codable, Sendable {
    public var height: UInt64
    /// The state root of that block's header (genesis state root at height 0).
    public var stateRoot: Hash
    /// The state key, hex.
    public var key: String
    public var keyHash: Hash
    public var present: Bool
    /// The value, hex, when present.
    public var value: String?
    /// The canonical proof bytes, hex.
    public var proof: String

    public init(height: UInt64, stateRoot: Hash, key: String, keyHash: Hash, present: Bool, value: String?, proof: String) {
        self.height = height
        self.stateRoot = stateRoot
        self.key = key
        self.keyHash = keyHash
        self.present = present
        self.value = value
        self.proof = proof
    }

    // Snake case on the wire, as Docs/RPC.md and Docs/openapi.yaml say (the RPC encoder does not convert keys).
    enum CodingKeys: String, CodingKey { case height, stateRoot = "state_root", key, keyHash = "key_hash", present, value, proof }
}
