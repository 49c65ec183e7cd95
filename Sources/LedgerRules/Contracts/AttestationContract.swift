import LedgerCore

/// Attestations: reviews, reproductions, endorsements, data quality (issue 3, in progress).
public enum AttestationContract {
    public static func attest(_ a: Attest, ctx: inout ExecutionContext) throws { throw ContributionContract.notYet() }
    public static func revoke(_ a: RevokeAttestation, ctx: inout ExecutionContext) throws { throw ContributionContract.notYet() }
}
