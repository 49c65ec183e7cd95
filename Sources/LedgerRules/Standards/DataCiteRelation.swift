/// The DataCite Metadata Schema `relationType` values a citation or lineage record may use.
///
/// Why an enum with fixed codes: records store the one-byte `code`; the `name` is DataCite's own
/// spelling (UpperCamelCase), so exports to DataCite and RO-Crate need no mapping table. Codes follow
/// the order below and are never reused; relation types DataCite adds later get new codes.
public enum DataCiteRelation: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case cites = "Cites"
    case isCitedBy = "IsCitedBy"
    case references = "References"
    case isReferencedBy = "IsReferencedBy"
    case isDerivedFrom = "IsDerivedFrom"
    case isSourceOf = "IsSourceOf"
    case isNewVersionOf = "IsNewVersionOf"
    case isPreviousVersionOf = "IsPreviousVersionOf"
    case isSupplementTo = "IsSupplementTo"
    case isSupplementedBy = "IsSupplementedBy"
    case documents = "Documents"
    case isDocumentedBy = "IsDocumentedBy"
    case reviews = "Reviews"
    case isReviewedBy = "IsReviewedBy"
    case describes = "Describes"
    case isDescribedBy = "IsDescribedBy"
    case requires = "Requires"
    case isRequiredBy = "IsRequiredBy"
    case compiles = "Compiles"
    case isCompiledBy = "IsCompiledBy"
    case isVariantFormOf = "IsVariantFormOf"
    case isOriginalFormOf = "IsOriginalFormOf"
    case isIdenticalTo = "IsIdenticalTo"
    case continues = "Continues"
    case isContinuedBy = "IsContinuedBy"
    case hasVersion = "HasVersion"
    case isVersionOf = "IsVersionOf"
    case obsoletes = "Obsoletes"
    case isObsoletedBy = "IsObsoletedBy"
    case hasPart = "HasPart"
    case isPartOf = "IsPartOf"

    /// The code in the canonical encoding: 1…31 in declaration order.
    public var code: UInt8 {
        switch self {
        case .cites: 1
        case .isCitedBy: 2
        case .references: 3
        case .isReferencedBy: 4
        case .isDerivedFrom: 5
        case .isSourceOf: 6
        case .isNewVersionOf: 7
        case .isPreviousVersionOf: 8
        case .isSupplementTo: 9
        case .isSupplementedBy: 10
        case .documents: 11
        case .isDocumentedBy: 12
        case .reviews: 13
        case .isReviewedBy: 14
        case .describes: 15
        case .isDescribedBy: 16
        case .requires: 17
        case .isRequiredBy: 18
        case .compiles: 19
        case .isCompiledBy: 20
        case .isVariantFormOf: 21
        case .isOriginalFormOf: 22
        case .isIdenticalTo: 23
        case .continues: 24
        case .isContinuedBy: 25
        case .hasVersion: 26
        case .isVersionOf: 27
        case .obsoletes: 28
        case .isObsoletedBy: 29
        case .hasPart: 30
        case .isPartOf: 31
        }
    }

    /// The relation with this code, or nil for 0 and anything above 31.
    public init?(code: UInt8) {
        guard let relation = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = relation
    }

    /// Parses DataCite's spelling exactly (`IsCitedBy`); use `init?(rawValue:)` semantics.
    public init?(name: String) { self.init(rawValue: name) }

    /// DataCite's spelling, e.g. `IsCitedBy`.
    public var name: String { rawValue }

    /// The same link seen from the other end (A Cites B ⇔ B IsCitedBy A), so an index can store both
    /// directions from one record. `IsIdenticalTo` is its own inverse.
    public var inverse: DataCiteRelation {
        switch self {
        case .cites: .isCitedBy
        case .isCitedBy: .cites
        case .references: .isReferencedBy
        case .isReferencedBy: .references
        case .isDerivedFrom: .isSourceOf
        case .isSourceOf: .isDerivedFrom
        case .isNewVersionOf: .isPreviousVersionOf
        case .isPreviousVersionOf: .isNewVersionOf
        case .isSupplementTo: .isSupplementedBy
        case .isSupplementedBy: .isSupplementTo
        case .documents: .isDocumentedBy
        case .isDocumentedBy: .documents
        case .reviews: .isReviewedBy
        case .isReviewedBy: .reviews
        case .describes: .isDescribedBy
        case .isDescribedBy: .describes
        case .requires: .isRequiredBy
        case .isRequiredBy: .requires
        case .compiles: .isCompiledBy
        case .isCompiledBy: .compiles
        case .isVariantFormOf: .isOriginalFormOf
        case .isOriginalFormOf: .isVariantFormOf
        case .isIdenticalTo: .isIdenticalTo
        case .continues: .isContinuedBy
        case .isContinuedBy: .continues
        case .hasVersion: .isVersionOf
        case .isVersionOf: .hasVersion
        case .obsoletes: .isObsoletedBy
        case .isObsoletedBy: .obsoletes
        case .hasPart: .isPartOf
        case .isPartOf: .hasPart
        }
    }

    public var description: String { rawValue }
}
