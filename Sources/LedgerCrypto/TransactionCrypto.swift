import LedgerCore

extension Transaction {
    /// Decodes wire bytes and computes the id (SHA-256 of the wire bytes). Does not check the signature.
    public static func decode(_ wire: [UInt8]) throws -> Transaction {
        try Transaction(wire: wire, id: SHA256.hash(wire))
    }

    /// Signs a body with `key` and returns the decoded, signed transaction.
    /// Throws when the body breaks a protocol limit (the decoder would refuse it).
    public static func sign(_ body: TransactionBody, with key: SigningKey) throws -> Transaction {
        let bodyBytes = body.canonicalBytes
        // Round-trip through the decoder first so nothing unacceptable is ever signed.
        _ = try TransactionBody(canonical: bodyBytes)
        let sig = key.sign(body.signingMessage(bodyBytes: bodyBytes))
        return try Transaction.decode(Transaction.wire(body: body, signature: sig))
    }

    /// Whether the signature is valid for the sender's key over the domain-separated body.
    public var hasValidSignature: Bool {
        body.sender.isValidSignature(signature, for: signingMessage)
    }

    public var senderAddress: Address { Address(publicKey: body.sender) }
}

extension BlockHeader {
    public var hash: Hash { SHA256.hash(canonicalBytes) }
}
