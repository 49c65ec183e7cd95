import JsonLogic

/// The rules a chain starts with unless its genesis sets others (Docs/POLICIES.md explains each).
public enum DefaultPolicies {
    public static let sources: [PolicyName: String] = [
        // The registrant must be one of the listed contributors (with an address).
        .contributionAdmit: #"{"in": [{"var": "sender"}, {"var": "contributor_addresses"}]}"#,
        // Nobody attests their own work: the attester must not be a contributor of the subject.
        .attestationAdmit: #"{"!": {"in": [{"var": "attester"}, {"var": "subject.contributor_addresses"}]}}"#,
        // retracted > reproduced (two successful reproductions by distinct non-contributors) > reviewed (an accepting review) > registered.
        .datasetStatus: #"""
            {"if": [{"var": "retracted"}, "retracted",
                    {">=": [{"var": "successful_reproductions"}, 2]}, "reproduced",
                    {">": [{"var": "failed_reproductions"}, {"var": "successful_reproductions"}]}, "disputed",
                    {">": [{"var": "accepting_reviews"}, 0]}, "reviewed",
                    "registered"]}
            """#,
        // Quorum 33.4 % of voting power; vetoed above 33.4 % of votes cast; passes with more than
        // 50 % yes among non-abstaining votes. Integer arithmetic on per-mille to stay exact.
        .proposalPasses: #"""
            {"if": [{"<": [{"*": [{"var": "voted"}, 1000]}, {"*": [{"var": "total_power"}, 334]}]}, "rejected",
                    {">": [{"*": [{"var": "veto"}, 1000]}, {"*": [{"var": "voted"}, 334]}]}, "vetoed",
                    {">": [{"*": [{"var": "yes"}, 2]}, {"+": [{"var": "yes"}, {"var": "no"}, {"var": "veto"}]}]}, "passed",
                    "rejected"]}
            """#,
    ]

    /// The parsed default rules (they are valid by construction; tests check it).
    public static func rule(_ name: PolicyName) -> JSONValue {
        // The sources above are constants reviewed in tests; a parse failure is a programming error.
        try! JSONValue(parsing: sources[name]!)
    }
}
