import LedgerCore

extension Transaction {
    /// Decodes wire bytes and computes the id (SHA-256 of the wire bytes). Does not check the signature.
    public static func decode(_ wire: [UInt8]) throws -> Transaction {
        try Transaction(wire: wire, id: SHA256.hash(wire))
    }

    /// Signs a body with `key` for the network whose genesis hash is `genesisHash` (the chain id
    /// comes from the body) and returns the decoded, signed transaction.
    /// Throws when the body breaks a protocol limit (the decoder would refuse it).
    public static func sign(_ body: TransactionBody, with key: SigningKey, genesisHash: Hash) throws -> Transaction {
        let bodyBytes = body.canonicalBytes
        // Round-trip through the decoder first so nothing unacceptable is ever signed.
        _ = try TransactionBody(canonical: bodyBytes)
        let sig = key.sign(body.signingMessage(bodyBytes: bodyBytes, genesisHash: genesisHash))
        return try Transaction.decode(Transaction.wire(body: body, signature: sig))
    }

    /// Whether the signature is valid for the sender's key over the domain-separated body, on the
    /// network whose genesis hash is `genesisHash`. A transaction signed for another network (same
    /// chain id, another genesis) fails here.
    public func hasValidSignature(genesisHash: Hash) -> Bool {
        body.sender.isValidSignature(signature, for: signingMessage(genesisHash: genesisHash))
    }

    public var senderAddress: Address { Address(publicKey: body.sender) }
}

extension BlockHeader {
    public var hash: Hash { SHA256.hash(canonicalBytes) }
}

/// Ids of records created by actions: SHA-256("desci/id/v1" || tx id || u16 action index || string kind)
/// (Docs/RECORDS.md, "Ids"). The contracts derive them during execution; wallets and tools derive the
/// same id before the block exists.
public enum RecordID {
    public static func derive(transaction: Hash, actionIndex: UInt16, kind: String) -> Hash {
        var w = CanonicalWriter()
        w.raw(Array("desci/id/v1".utf8))
        w.fixed(transaction)
        w.u16(actionIndex)
        w.string(kind)
        return SHA256.hash(w.bytes)
    }
}
