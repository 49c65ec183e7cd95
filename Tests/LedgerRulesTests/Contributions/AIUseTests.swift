import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

@Suite("contribution.register: AI-use disclosure")
struct AIUseRulesTests {
    @Test func machineContributorMayDeclareAIUse() throws {
        let w = ContributionWorld()
        let model = try w.register(work("llm", kind: .model, license: "Apache-2.0"))
        var r = work("drafted")
        r.contributors.append(ContributorEntry(name: "LLM v1", agent: model, roles: [RoleClaim(role: 13, degree: 3)],
                                               aiUse: [.translation, .languageEditing]))
        let id = try w.register(r)
        #expect(try w.record(id).registration.contributors[2].aiUse == [.languageEditing, .translation], "stored, ascending by code")
    }

    @Test func aPersonCannotDeclareAIUse() throws {
        let w = ContributionWorld()
        var r = work("drafted")
        r.contributors[0].aiUse = [.drafting]
        w.expectRejected(.registerContribution(r), code: "INVALID_AI_USE")
    }
}
