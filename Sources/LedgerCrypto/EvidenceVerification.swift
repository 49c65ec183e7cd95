import LedgerCore

/// Why equivocation evidence is not valid. Each case has a stable machine code.
public enum EvidenceVerificationError: Error, Equatable, CustomStringConvertible {
    case unknownValidatorIndex(UInt32)
    case badSignature(validatorIndex: UInt32)

    public var code: String {
        switch self {
        case .unknownValidatorIndex: "EVIDENCE_UNKNOWN_VALIDATOR"
        case .badSignature: "EVIDENCE_BAD_SIGNATURE"
        }
    }

    public var description: String {
        switch self {
        case let .unknownValidatorIndex(i): "\(code): validator index \(i) is outside the set of the evidence's height"
        case let .badSignature(i): "\(code): a vote of validator \(i) in the evidence has an invalid signature"
        }
    }
}

/// Checks `EquivocationEvidence` against the validator set of the evidence's height: both votes are
/// signed by the member at the index (that the values differ is a decoding rule). Returns the member.
public enum EvidenceVerification {
    @discardableResult
    public static func verify(_ e: EquivocationEvidence, validators: [(publicKey: PublicKey, power: UInt64)],
                              chain: ChainIdentity) throws -> (publicKey: PublicKey, power: UInt64) {
        guard Int(e.validatorIndex) < validators.count else { throw EvidenceVerificationError.unknownValidatorIndex(e.validatorIndex) }
        let member = validators[Int(e.validatorIndex)]
        guard member.publicKey.isValidSignature(e.signatureA, for: e.signingMessage(chain: chain, value: e.valueA)),
              member.publicKey.isValidSignature(e.signatureB, for: e.signingMessage(chain: chain, value: e.valueB))
        else { throw EvidenceVerificationError.badSignature(validatorIndex: e.validatorIndex) }
        return member
    }
}
