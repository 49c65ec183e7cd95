import LedgerCore

/// The hash a block header carries for a validator set (`validatorsHash`, `nextValidatorsHash`):
/// SHA-256 over the canonical list of (public key, power), in the set's order (Docs/PROTOCOL.md §5.1).
/// It lives here, not in the node, so that an offline verifier can follow validator-set changes.
public enum ValidatorSetHashing {
    public static func hash(_ members: [(publicKey: PublicKey, power: UInt64)]) -> Hash {
        var w = CanonicalWriter()
        w.u32(UInt32(members.count))
        for m in members {
            w.fixed(m.publicKey)
            w.u64(m.power)
        }
        return SHA256.hash(w.bytes)
    }
}
