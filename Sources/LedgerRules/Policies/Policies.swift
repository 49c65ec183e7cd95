import JsonLogic
import LedgerCore

/// The decision points whose rules the DAO may change (Docs/POLICIES.md documents the data each
/// receives and what its result means).
public enum PolicyName: String, Sendable, CaseIterable {
    /// Who may register what. Result: truthy to admit.
    case contributionAdmit = "contribution.admit"
    /// Who may attest what (e.g. no reviewing one's own work). Result: truthy to admit.
    case attestationAdmit = "attestation.admit"
    /// A dataset's (or any record's) status from its attestations. Result: a status string.
    case datasetStatus = "dataset.status"
    /// A proposal's outcome from its tally. Result: "passed", "rejected" or "vetoed".
    case proposalPasses = "proposal.passes"
}

/// Policies stored on chain as canonical JSON (JsonLogic rules) under `00 02 | name`; set at genesis,
/// changed only by governance.
public enum Policies {
    /// Transaction gas one evaluation may use (`maxGasPerEvaluation / GasSchedule.policyGasFactor` JsonLogic units).
    public static let maxGasPerEvaluation: UInt64 = 1_000_000

    public static func key(_ name: String) -> [UInt8] { [StateKey.Contract.system.rawValue, 0x02] + Array(name.utf8) }

    /// Checks a rule before it is stored: canonical JSON, known operators, within limits.
    public static func validate(rule bytes: [UInt8]) throws(RuleError) -> JSONValue {
        let rule: JSONValue
        do { rule = try JSONValue(parsing: bytes) } catch {
            throw .rejected(code: "INVALID_POLICY", message: "the rule is not valid JSON: \(error)")
        }
        do { try JsonLogic.validate(rule: rule, budget: budget(gas: maxGasPerEvaluation)) } catch {
            throw .rejected(code: "INVALID_POLICY", message: "the rule is not an acceptable JsonLogic rule: \(error)")
        }
        return rule
    }

    /// Stores a rule (canonical bytes) without metering: for genesis and governance execution.
    public static func store(_ name: String, rule: JSONValue, in state: StateOverlay) {
        state.write(key(name), rule.canonicalBytes)
    }

    /// The active rule, if any.
    public static func rule(_ name: String, in state: any StateReader) throws -> JSONValue? {
        guard let raw = try state.read(key(name)) else { return nil }
        return try JSONValue(parsingCanonical: raw)
    }

    /// Evaluates the named policy on `data`, charging its gas to the transaction. A rule that runs out
    /// of gas fails the action cleanly (`OUT_OF_GAS`); any other evaluation error is `POLICY_ERROR`.
    public static func evaluate(_ name: PolicyName, data: JSONValue, ctx: inout ExecutionContext) throws -> JSONValue {
        guard let raw = try ctx.read(key(name.rawValue)) else {
            throw RuleError.rejected(code: "POLICY_MISSING", message: "no policy '\(name.rawValue)' is set on this chain")
        }
        try ctx.charge(UInt64(raw.count) * GasSchedule.perByteDecoded)
        let rule: JSONValue
        do { rule = try JSONValue(parsingCanonical: raw) } catch {
            throw RuleError.rejected(code: "POLICY_ERROR", message: "stored policy '\(name.rawValue)' is not canonical JSON")
        }
        // JsonLogic gas units are cheaper than a transfer's gas (calibration, Docs/BENCHMARKS.md):
        // each is charged as `GasSchedule.policyGasFactor` transaction gas.
        let factor = GasSchedule.policyGasFactor
        let available = min(ctx.gasLimit - ctx.gasUsed, maxGasPerEvaluation)
        let outcome = JsonLogic.run(rule: rule, data: data, budget: budget(gas: available / factor))
        switch outcome.result {
        case let .success(value):
            try ctx.charge(outcome.gasUsed * factor)
            return value
        case let .failure(e) where e.code == "OUT_OF_GAS":
            try ctx.charge(available)
            // Out of the transaction's (or block hook's) gas: a clean OUT_OF_GAS. Over the
            // per-evaluation cap with gas to spare: the rule itself is at fault (POLICY_ERROR), so
            // a hostile rule cannot make a decision point retry forever.
            if available < maxGasPerEvaluation { throw RuleError.outOfGas(limit: ctx.gasLimit, needed: ctx.gasUsed &+ 1) }
            throw RuleError.rejected(code: "POLICY_ERROR", message: "policy '\(name.rawValue)' needs more than \(maxGasPerEvaluation) gas")
        case let .failure(e):
            // The work up to the error was done: it is charged like a success.
            try ctx.charge(outcome.gasUsed * factor)
            throw RuleError.rejected(code: "POLICY_ERROR", message: "policy '\(name.rawValue)' failed: \(e)")
        }
    }

    /// Truthiness of the policy's result (for the admit decisions).
    public static func allows(_ name: PolicyName, data: JSONValue, ctx: inout ExecutionContext) throws -> Bool {
        JsonLogic.truthy(try evaluate(name, data: data, ctx: &ctx))
    }

    static func budget(gas: UInt64) -> Budget {
        Budget(maxGas: gas, maxDepth: 64, maxCollectionSize: 10_000, maxStringLength: 64 * 1024)
    }
}
