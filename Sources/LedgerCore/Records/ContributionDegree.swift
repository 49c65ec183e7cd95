/// How much of a CRediT role a contributor played, as CRediT recommends qualifying roles.
///
/// Like `CRediTRole`, it has a stable string id for people and JSON and a stable code (1 lead,
/// 2 equal, 3 supporting) for the canonical encoding (`RoleClaim.degree`); 0 is deliberately unused
/// so an all-zero field can never decode as a real degree.
public enum ContributionDegree: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case lead = "lead"
    case equal = "equal"
    case supporting = "supporting"

    /// The code in the canonical encoding.
    public var code: UInt8 {
        switch self {
        case .lead: 1
        case .equal: 2
        case .supporting: 3
        }
    }

    /// The degree with this canonical code, or nil for any other byte.
    public init?(code: UInt8) {
        switch code {
        case 1: self = .lead
        case 2: self = .equal
        case 3: self = .supporting
        default: return nil
        }
    }

    /// A label for people.
    public var label: String {
        switch self {
        case .lead: "Lead"
        case .equal: "Equal"
        case .supporting: "Supporting"
        }
    }

    public var description: String { rawValue }
}
