/// How a machine contributor (an AI model or tool) was used, in the nine categories of STM's
/// "Recommendations for a Classification of AI Use in Academic Manuscript Preparation" (2025).
///
/// Like `CRediTRole`, two stable identities: the kebab-case `rawValue` is what people, JSON and RPC
/// speak; the `code` (1…9, in the order STM lists the categories) is what the canonical encoding
/// stores (`ContributorEntry.aiUse`). Neither may be renumbered or renamed; a category STM adds
/// later gets code 10. Decoders refuse 0 and unknown codes.
public enum AIUse: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    case languageEditing = "language-editing"
    case drafting = "drafting"
    case translation = "translation"
    case dataFormatting = "data-formatting"
    case illustrativeFigures = "illustrative-figures"
    case dataVisualization = "data-visualization"
    case codeFormatting = "code-formatting"
    case referenceGathering = "reference-gathering"
    case generatedPresentedAsOriginal = "generated-presented-as-original"

    /// The code in the canonical encoding: 1…9 in STM's order.
    public var code: UInt8 {
        switch self {
        case .languageEditing: 1
        case .drafting: 2
        case .translation: 3
        case .dataFormatting: 4
        case .illustrativeFigures: 5
        case .dataVisualization: 6
        case .codeFormatting: 7
        case .referenceGathering: 8
        case .generatedPresentedAsOriginal: 9
        }
    }

    /// The category with this canonical code, or nil for 0 and anything above 9.
    public init?(code: UInt8) {
        guard let v = AIUse.allCases.first(where: { $0.code == code }) else { return nil }
        self = v
    }

    /// STM's wording of the category.
    public var label: String {
        switch self {
        case .languageEditing: "Refining, correcting, editing or formatting the manuscript to improve clarity of language"
        case .drafting: "Writing or drafting manuscript content"
        case .translation: "Translating manuscript text for the purpose of publishing"
        case .dataFormatting: "Refining or formatting data reported in the manuscript"
        case .illustrativeFigures: "Generating or editing images, diagrams or other figures for illustrative purposes only"
        case .dataVisualization: "Generating or editing visualizations of research data or results"
        case .codeFormatting: "Refining or formatting code reported in the manuscript"
        case .referenceGathering: "Assisting with gathering references"
        case .generatedPresentedAsOriginal: "Presenting AI-generated content as original research data or results from non-machine sources"
        }
    }

    /// STM lists the last category as a use publishers do not accept; audits flag it.
    public var isUnacceptable: Bool { self == .generatedPresentedAsOriginal }

    public var description: String { rawValue }
}

extension CanonicalWriter {
    /// A list of AI-use codes (u32 count, then one u8 code each), strictly ascending.
    mutating func aiUses(_ uses: [AIUse]) {
        list(uses.map(\.code).sorted()) { $0.u8($1) }
    }
}

extension CanonicalReader {
    /// Reads the AI-use list; refuses unknown codes and codes that are not strictly ascending
    /// (so one set of uses has exactly one encoding).
    mutating func aiUses() throws -> [AIUse] {
        let codes = try list(field: "ai_use", limit: AIUse.allCases.count) { try $0.u8() }
        var out: [AIUse] = []
        var last: UInt8 = 0
        for c in codes {
            guard let u = AIUse(code: c) else { throw CodecError.unknownTag(type: "AI use", tag: UInt64(c)) }
            guard c > last else { throw CodecError.invalidValue(field: "ai_use", reason: "codes must be strictly ascending") }
            last = c
            out.append(u)
        }
        return out
    }
}
