import LedgerCore
import LedgerRules
import Testing

@Suite("Standards: CRediT roles and degrees")
struct CRediTRoleTests {
    @Test("14 roles with codes 1…14 in alphabetical order of their ids")
    func codesFollowAlphabeticalOrder() {
        let roles = CRediTRole.allCases
        #expect(roles.count == 14)
        #expect(roles.map(\.code) == Array(1...14))
        let ids = roles.map(\.rawValue)
        #expect(ids == ids.sorted())
    }

    @Test("stable string ids")
    func stableIDs() {
        #expect(CRediTRole.allCases.map(\.rawValue) == [
            "conceptualization", "data-curation", "formal-analysis", "funding-acquisition", "investigation",
            "methodology", "project-administration", "resources", "software", "supervision", "validation",
            "visualization", "writing-original-draft", "writing-review-editing",
        ])
        #expect(CRediTRole(rawValue: "data-curation") == .dataCuration)
        #expect(CRediTRole(rawValue: "Data curation") == nil)
    }

    @Test("code round-trips and out-of-range codes are refused")
    func codeRoundTrip() {
        for role in CRediTRole.allCases { #expect(CRediTRole(code: role.code) == role) }
        #expect(CRediTRole(code: 0) == nil)
        #expect(CRediTRole(code: 15) == nil)
        #expect(CRediTRole(code: 255) == nil)
    }

    @Test("labels as CRediT prints them")
    func labels() {
        #expect(CRediTRole.writingOriginalDraft.label == "Writing \u{2013} original draft")
        #expect(CRediTRole.writingReviewEditing.label == "Writing \u{2013} review & editing")
        #expect(CRediTRole.formalAnalysis.label == "Formal analysis")
        #expect(Set(CRediTRole.allCases.map(\.label)).count == 14)
    }

    @Test("degrees: lead 1, equal 2, supporting 3")
    func degrees() {
        #expect(ContributionDegree.allCases.map(\.code) == [1, 2, 3])
        #expect(ContributionDegree.allCases.map(\.rawValue) == ["lead", "equal", "supporting"])
        for degree in ContributionDegree.allCases { #expect(ContributionDegree(code: degree.code) == degree) }
        #expect(ContributionDegree(code: 0) == nil)
        #expect(ContributionDegree(code: 4) == nil)
    }
}
