/// What a licence demands of works derived from material under it — the facts the compatibility
/// rules need, and nothing else.
///
/// Why a small fixed vocabulary instead of per-pair rules: the chain must give every validator the
/// same answer, and a reviewer must be able to check the table against Docs/LICENSES.md line by
/// line. Four conditions (attribution, non-commercial, no-derivatives, share-alike) cover the Creative
/// Commons family, the data licences and, as share-alike, software copyleft.
public struct LicenseTerms: Hashable, Sendable {
    /// Reuse must credit the source (CC BY, MIT's notice, ODC-By …).
    public var attribution: Bool
    /// Commercial use is not allowed (CC BY-NC-*); derived works must keep this condition.
    public var nonCommercial: Bool
    /// Adaptations may not be shared at all (CC BY-ND-*, CC BY-NC-ND-*).
    public var noDerivatives: Bool
    /// Share-alike/copyleft: the derived work must carry one of these licences (canonical ids, in a
    /// fixed order). `nil` for licences without such a condition.
    public var shareAlike: [String]?
    /// Derived licences this otherwise permissive licence is known to conflict with (e.g. the FSF's
    /// finding that Apache-2.0 terms are restrictions GPL version 2 forbids).
    public var incompatibleWith: [String]

    public init(attribution: Bool, nonCommercial: Bool = false, noDerivatives: Bool = false,
                shareAlike: [String]? = nil, incompatibleWith: [String] = []) {
        self.attribution = attribution
        self.nonCommercial = nonCommercial
        self.noDerivatives = noDerivatives
        self.shareAlike = shareAlike
        self.incompatibleWith = incompatibleWith
    }

    /// No condition restricts the derived work's licence: anything may be built on it.
    public var isPermissive: Bool {
        !nonCommercial && !noDerivatives && shareAlike == nil && incompatibleWith.isEmpty
    }
}
