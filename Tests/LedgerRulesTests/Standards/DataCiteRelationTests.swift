import LedgerRules
import Testing

@Suite("Standards: DataCite relation types")
struct DataCiteRelationTests {
    @Test("31 relations with codes 1…31 and DataCite's spelling")
    func codesAndNames() {
        #expect(DataCiteRelation.allCases.count == 31)
        #expect(DataCiteRelation.allCases.map(\.code) == Array(1...31))
        #expect(DataCiteRelation.cites.code == 1)
        #expect(DataCiteRelation.isPartOf.code == 31)
        #expect(DataCiteRelation.isCitedBy.name == "IsCitedBy")
        #expect(DataCiteRelation(name: "IsDerivedFrom") == .isDerivedFrom)
        #expect(DataCiteRelation(name: "isderivedfrom") == nil)
        #expect(Set(DataCiteRelation.allCases.map(\.name)).count == 31)
    }

    @Test("codes round-trip; 0 and 32 are refused")
    func codeRoundTrip() {
        for relation in DataCiteRelation.allCases { #expect(DataCiteRelation(code: relation.code) == relation) }
        #expect(DataCiteRelation(code: 0) == nil)
        #expect(DataCiteRelation(code: 32) == nil)
    }

    @Test("inverse is an involution and pairs Cites with IsCitedBy")
    func inverse() {
        for relation in DataCiteRelation.allCases { #expect(relation.inverse.inverse == relation) }
        #expect(DataCiteRelation.cites.inverse == .isCitedBy)
        #expect(DataCiteRelation.isDerivedFrom.inverse == .isSourceOf)
        #expect(DataCiteRelation.isIdenticalTo.inverse == .isIdenticalTo)
        #expect(DataCiteRelation.allCases.filter { $0.inverse == $0 } == [.isIdenticalTo])
    }
}
