import Testing
@testable import LedgerCore

@Suite("AI-use codes (STM 2025) in the canonical codec")
struct AIUseCodecTests {
    @Test func codesAreStableAndOneToNine() {
        #expect(AIUse.allCases.map(\.code) == Array(1...9))
        #expect(AIUse.allCases.map(\.rawValue) == ["language-editing", "drafting", "translation", "data-formatting", "illustrative-figures",
                                                   "data-visualization", "code-formatting", "reference-gathering", "generated-presented-as-original"])
        #expect(AIUse(code: 0) == nil && AIUse(code: 10) == nil)
        #expect(AIUse.allCases.filter(\.isUnacceptable) == [.generatedPresentedAsOriginal])
    }

    func entryBytes(_ aiUse: [AIUse]) -> [UInt8] {
        var w = CanonicalWriter()
        ContributorEntry(name: "M", roles: [RoleClaim(role: 9, degree: 3)], aiUse: aiUse).encode(to: &w)
        return w.bytes
    }

    func decode(_ bytes: [UInt8]) throws -> ContributorEntry {
        var r = CanonicalReader(bytes)
        return try ContributorEntry(from: &r)
    }

    /// Byte layout (Docs/RECORDS.md): after the roles, u32 count then one u8 code each, ascending.
    @Test func layoutAndRoundTrip() throws {
        let bytes = entryBytes([.codeFormatting, .drafting])
        #expect(Array(bytes.suffix(6)) == [0, 0, 0, 2, 2, 7])
        #expect(try decode(bytes).aiUse == [.drafting, .codeFormatting])
        #expect(Array(entryBytes([]).suffix(4)) == [0, 0, 0, 0])
    }

    @Test(arguments: [[0], [10], [255]] as [[UInt8]])
    func unknownCodesAreRejected(_ codes: [UInt8]) {
        var bytes = entryBytes([])
        bytes.removeLast(4)
        bytes += [0, 0, 0, UInt8(codes.count)] + codes
        #expect(throws: CodecError.unknownTag(type: "AI use", tag: UInt64(codes[0]))) { try decode(bytes) }
    }

    @Test(arguments: [[2, 1], [3, 3]] as [[UInt8]])
    func unsortedOrRepeatedCodesAreRejected(_ codes: [UInt8]) {
        var bytes = entryBytes([])
        bytes.removeLast(4)
        bytes += [0, 0, 0, UInt8(codes.count)] + codes
        #expect(throws: CodecError.invalidValue(field: "ai_use", reason: "codes must be strictly ascending")) { try decode(bytes) }
    }

    @Test func moreCodesThanCategoriesAreRejected() {
        var bytes = entryBytes([])
        bytes.removeLast(4)
        bytes += [0, 0, 0, 10] + Array(1...10)
        #expect(throws: CodecError.lengthTooLarge(field: "ai_use", length: 10, limit: 9)) { try decode(bytes) }
    }
}
