/// The 14 contributor roles of CRediT (Contributor Roles Taxonomy, ANSI/NISO Z39.104-2022).
///
/// Why an enum with two stable identities: the kebab-case `rawValue` is what people, JSON and RPC
/// speak; the `code` (1…14, alphabetical order of the roles) is what the canonical binary encoding
/// stores (`RoleClaim.role`). Neither may ever be renumbered or renamed, or old records would change
/// meaning; a new CRediT role would get code 15.
public enum CRediTRole: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case conceptualization = "conceptualization"
    case dataCuration = "data-curation"
    case formalAnalysis = "formal-analysis"
    case fundingAcquisition = "funding-acquisition"
    case investigation = "investigation"
    case methodology = "methodology"
    case projectAdministration = "project-administration"
    case resources = "resources"
    case software = "software"
    case supervision = "supervision"
    case validation = "validation"
    case visualization = "visualization"
    case writingOriginalDraft = "writing-original-draft"
    case writingReviewEditing = "writing-review-editing"

    /// The code in the canonical encoding: 1…14 in the alphabetical order above.
    public var code: UInt8 {
        switch self {
        case .conceptualization: 1
        case .dataCuration: 2
        case .formalAnalysis: 3
        case .fundingAcquisition: 4
        case .investigation: 5
        case .methodology: 6
        case .projectAdministration: 7
        case .resources: 8
        case .software: 9
        case .supervision: 10
        case .validation: 11
        case .visualization: 12
        case .writingOriginalDraft: 13
        case .writingReviewEditing: 14
        }
    }

    /// The role with this canonical code, or nil for 0 and anything above 14 (decoders refuse those).
    public init?(code: UInt8) {
        switch code {
        case 1: self = .conceptualization
        case 2: self = .dataCuration
        case 3: self = .formalAnalysis
        case 4: self = .fundingAcquisition
        case 5: self = .investigation
        case 6: self = .methodology
        case 7: self = .projectAdministration
        case 8: self = .resources
        case 9: self = .software
        case 10: self = .supervision
        case 11: self = .validation
        case 12: self = .visualization
        case 13: self = .writingOriginalDraft
        case 14: self = .writingReviewEditing
        default: return nil
        }
    }

    /// The label CRediT itself prints (with its en dash and ampersand), for people only — never parsed.
    public var label: String {
        switch self {
        case .conceptualization: "Conceptualization"
        case .dataCuration: "Data curation"
        case .formalAnalysis: "Formal analysis"
        case .fundingAcquisition: "Funding acquisition"
        case .investigation: "Investigation"
        case .methodology: "Methodology"
        case .projectAdministration: "Project administration"
        case .resources: "Resources"
        case .software: "Software"
        case .supervision: "Supervision"
        case .validation: "Validation"
        case .visualization: "Visualization"
        case .writingOriginalDraft: "Writing \u{2013} original draft"
        case .writingReviewEditing: "Writing \u{2013} review & editing"
        }
    }

    public var description: String { rawValue }
}
