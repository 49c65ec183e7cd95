import LedgerCore
import LedgerCrypto

/// State keys of the governance contract (prefix 0x04), documented in Docs/PROTOCOL.md.
/// Ids and heights are u64 big-endian so queues scan in height order.
public enum GovernanceKeys {
    static let prefix = StateKey.Contract.governance.rawValue

    static func be64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64($0))) } }
    static func readBE64(_ b: ArraySlice<UInt8>) -> UInt64 { b.prefix(8).reduce(0) { $0 << 8 | UInt64($1) } }

    /// `04 00` → `GovernanceParams`.
    public static let params: [UInt8] = [prefix, 0x00]
    /// `04 01 | address` → empty: a DAO member.
    public static func member(_ a: Address) -> [UInt8] { [prefix, 0x01] + a.bytes }
    public static let membersPrefix: [UInt8] = [prefix, 0x01]
    /// `04 02 | id` → `ProposalRecord`.
    public static func proposal(_ id: UInt64) -> [UInt8] { [prefix, 0x02] + be64(id) }
    public static let proposalsPrefix: [UInt8] = [prefix, 0x02]
    /// `04 03 | id | voter` → u8 vote option (1 yes, 2 no, 3 abstain, 4 veto).
    public static func vote(_ id: UInt64, _ voter: Address) -> [UInt8] { [prefix, 0x03] + be64(id) + voter.bytes }
    public static func votesPrefix(_ id: UInt64) -> [UInt8] { [prefix, 0x03] + be64(id) }
    /// `04 04 | delegator` → delegate address (20 bytes).
    public static func delegation(_ a: Address) -> [UInt8] { [prefix, 0x04] + a.bytes }
    /// `04 05 | end height | id` → empty: proposals to tally at the end of that block.
    public static func tallyQueue(_ height: UInt64, _ id: UInt64) -> [UInt8] { [prefix, 0x05] + be64(height) + be64(id) }
    public static let tallyQueuePrefix: [UInt8] = [prefix, 0x05]
    /// `04 06 | execution height | id` → empty: passed proposals to execute at the end of that block.
    public static func executionQueue(_ height: UInt64, _ id: UInt64) -> [UInt8] { [prefix, 0x06] + be64(height) + be64(id) }
    public static let executionQueuePrefix: [UInt8] = [prefix, 0x06]
    /// `04 07 | grant id` → `GrantRecord`.
    public static func grant(_ id: UInt64) -> [UInt8] { [prefix, 0x07] + be64(id) }
    /// `04 08 00` next proposal id, `04 08 01` next grant id, `04 08 02` member count (u64 each).
    public static let nextProposalID: [UInt8] = [prefix, 0x08, 0x00]
    public static let nextGrantID: [UInt8] = [prefix, 0x08, 0x01]
    public static let memberCount: [UInt8] = [prefix, 0x08, 0x02]
    /// `04 0a | height | proposal id` → canonical list of (public key 32, power u64): validator-set
    /// changes passed by governance, for the consensus engine.
    public static func validatorUpdates(_ height: UInt64, _ proposal: UInt64) -> [UInt8] { [prefix, 0x0A] + be64(height) + be64(proposal) }
    public static let validatorUpdatesPrefix: [UInt8] = [prefix, 0x0A]
    /// `04 0b | contribution id` → u64 proposal id || string reason: retractions decided by governance
    /// and not yet applied by the contributions contract.
    public static func retraction(_ contribution: Hash) -> [UInt8] { [prefix, 0x0B] + contribution.bytes }
    /// `04 0c | address` → `ReputationCounters` (u64 confirmed contributions ‖ u64 standing
    /// independent attestations), kept by the contributions and attestations contracts; absent = zero.
    public static func reputation(_ member: Address) -> [UInt8] { [prefix, 0x0C] + member.bytes }
}

/// Module accounts: addresses no key controls, derived as the first 20 bytes of SHA-256(name).
public enum ModuleAccounts {
    public static func address(_ name: String) -> Address {
        // 20 bytes out of a 32-byte digest: always a valid address.
        try! Address(bytes: Array(SHA256.hash(Array(name.utf8)).bytes.prefix(Address.byteCount)))
    }

    /// The DAO treasury: only passed proposals spend it.
    public static let treasury = address("desci/module/treasury")
    /// Where proposal deposits are held until the tally.
    public static let deposits = address("desci/module/deposits")
}

/// Limits that keep governance work bounded.
public enum GovernanceLimits {
    public static let maxMembers = 1_000
    /// Largest encoded `gov.propose` payload (title, summary, actions, deposit).
    public static let maxProposalBytes = 32 * 1024
    public static let maxDepositors = 64
    /// Voting powers are scaled so the total stays at or below this (so that `total_power × 1000`
    /// stays below 2^53 and JsonLogic's doubles are exact).
    public static let maxTotalPower: UInt64 = 9_000_000_000_000
    /// Gas reserved for one due item (a tally or an execution) in end-block processing. An item is
    /// started only when this much of the block's end-block budget is left; otherwise it waits for
    /// the next block.
    public static let gasPerDueItem: UInt64 = 2_000_000
    /// Longest failure text stored in a proposal, in UTF-8 bytes (cut on a scalar boundary).
    public static let maxFailureBytes = 1_024
    public static let maxVotingPeriod: UInt64 = 1_000_000
    public static let maxTimelock: UInt64 = 1_000_000
    public static let maxMinFee: UInt64 = 1_000_000_000_000
    /// Largest `min_gas_price` (base units per 1,000 gas) a proposal may set.
    public static let maxMinGasPrice: UInt64 = 1_000_000_000
}
