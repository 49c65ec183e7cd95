import LedgerCore
import LedgerCrypto

/// The validator set kept in state, so the state root covers it (Docs/CONSENSUS.md, "Validator-set
/// changes"). A `validator.update` executed at height H takes effect at H + `activationDelay` = H + 2:
/// it is written as the pending set of H + 2, header H + 1 announces it in `nextValidatorsHash`, and
/// block H + 2 promotes it to the current set before its transactions run.
///
/// Order is part of the set (a validator's index in a commit is its position): members keep their
/// position when their power changes, removed members drop out, new members are appended in the
/// order of the update list.
public enum ValidatorSetState {
    public static let activationDelay: UInt64 = 2

    /// `04 0b` → the set that signs the current height (canonical list of (public key 32, power u64)).
    public static let currentKey: [UInt8] = [StateKey.Contract.governance.rawValue, 0x0B]
    /// `04 0c | height` → the set that takes effect at that height.
    public static func pendingKey(_ height: UInt64) -> [UInt8] { [StateKey.Contract.governance.rawValue, 0x0C] + GovernanceKeys.be64(height) }

    /// `04 0d | public key | height u64 | round u32 | vote type u8 | validator index u32` → the
    /// `EquivocationEvidence` recorded on chain against that validator; governance acts on it
    /// (e.g. `update_validators` with power 0).
    public static func evidenceKey(_ key: PublicKey, _ sortKey: [UInt8]) -> [UInt8] {
        [StateKey.Contract.governance.rawValue, 0x0D] + key.bytes + sortKey
    }
    public static let evidencePrefix: [UInt8] = [StateKey.Contract.governance.rawValue, 0x0D]

    public static func encode(_ set: [ValidatorUpdate]) -> [UInt8] {
        var w = CanonicalWriter()
        w.list(set) { w, v in
            w.fixed(v.publicKey)
            w.u64(v.power)
        }
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> [ValidatorUpdate] {
        var r = CanonicalReader(bytes)
        let set = try r.list(field: "validator set", limit: ProtocolLimits.maxValidators) {
            ValidatorUpdate(publicKey: try $0.fixed(PublicKey.self), power: try $0.u64())
        }
        try r.finish()
        return set
    }

    public static func hash(_ set: [ValidatorUpdate]) -> Hash {
        ValidatorSetHashing.hash(set.map { (publicKey: $0.publicKey, power: $0.power) })
    }

    /// Genesis writes its validators as the current set.
    public static func writeGenesis(_ set: [ValidatorUpdate], into state: StateOverlay) {
        state.write(currentKey, encode(set))
    }

    /// Start of block `height`: promotes the set pending for `height`, if any, and returns the set that
    /// signs `height` and the one that signs `height + 1` (for the header's two hashes).
    public static func beginBlock(height: UInt64, state: StateOverlay) throws -> (current: [ValidatorUpdate], next: [ValidatorUpdate]) {
        var current = try state.read(currentKey).map(decode) ?? []
        if let pending = try state.read(pendingKey(height)) {
            current = try decode(pending)
            state.write(currentKey, pending)
            state.delete(pendingKey(height))
        }
        let next = try state.read(pendingKey(height + 1)).map(decode) ?? current
        return (current, next)
    }

    /// The set `updates` make of `base` (the newest scheduled set), checked against `replaced` (the set
    /// it will follow, that of H + 1): non-empty, at most `maxValidators`, powers and total within
    /// `VotingPower`, and at most a third of `replaced`'s power moved (Σ |new power − old power| over
    /// every key). Measuring against `replaced`, not `base`, makes several updates in one block count
    /// as one change. Failure code `INVALID_VALIDATOR_UPDATE`.
    public static func applying(_ updates: [ValidatorUpdate], to base: [ValidatorUpdate], replacing replaced: [ValidatorUpdate]) -> Result<[ValidatorUpdate], RuleError> {
        func fail(_ m: String) -> Result<[ValidatorUpdate], RuleError> { .failure(.rejected(code: "INVALID_VALIDATOR_UPDATE", message: m)) }
        var set = base
        for u in updates {
            guard u.power <= LedgerCore.VotingPower.maxTotal else { return fail("power \(u.power) of \(u.publicKey) exceeds 2^60") }
            if let i = set.firstIndex(where: { $0.publicKey == u.publicKey }) {
                if u.power == 0 { set.remove(at: i) } else { set[i].power = u.power }
            } else {
                guard u.power > 0 else { return fail("\(u.publicKey) is not a validator, so it cannot be removed") }
                set.append(u)
            }
        }
        guard !set.isEmpty else { return fail("the change would leave no validator") }
        guard set.count <= ProtocolLimits.maxValidators else { return fail("the set would have \(set.count) validators; at most \(ProtocolLimits.maxValidators)") }
        guard case let .success(before) = LedgerCore.VotingPower.total(replaced.map(\.power)) else { return fail("the current set's power is out of range") }
        if case let .failure(f) = LedgerCore.VotingPower.total(set.map(\.power)) { return fail("\(f)") }
        // Σ |new − old| ≤ total(set) + total(replaced) ≤ 2^61 (both checked above): no overflow.
        var moved: UInt64 = 0
        for v in set {
            let old = replaced.first { $0.publicKey == v.publicKey }?.power ?? 0
            moved += v.power > old ? v.power - old : old - v.power
        }
        for v in replaced where !set.contains(where: { $0.publicKey == v.publicKey }) { moved += v.power }
        // At most a third of the power may move in one change, so more than a third of the next
        // set's power is held by validators of the trusted set with unchanged weight: a light client
        // that trusts one set can follow the change. Larger changes take several proposals.
        guard !LedgerCore.VotingPower.exceedsOneThird(moved, of: before) else {
            return fail("the change moves \(moved) of \(before) voting power; at most a third may move at once")
        }
        return .success(set)
    }

    /// Executes a passed `validator.update` at height H: the change is applied on top of the newest
    /// scheduled set and scheduled for H + 2.
    static func schedule(_ updates: [ValidatorUpdate], proposal: UInt64, ctx: inout ExecutionContext) throws {
        let h = ctx.block.height
        // The set of H + 1 (pending for H + 1, else the current one), which the new set will follow.
        var replacedBytes = try ctx.read(pendingKey(h + 1))
        if replacedBytes == nil { replacedBytes = try ctx.read(currentKey) }
        guard let replacedBytes else { throw RuleError.rejected(code: "INTERNAL", message: "no validator set in state") }
        let replaced = try decode(replacedBytes)
        // An earlier execution in this block may already have scheduled a set for H + 2.
        let base = try ctx.read(pendingKey(h + activationDelay)).map(decode) ?? replaced
        switch applying(updates, to: base, replacing: replaced) {
        case let .failure(e): throw e
        case let .success(set):
            try ctx.write(pendingKey(h + activationDelay), encode(set))
            try ctx.emit(Event(kind: "validator_set_scheduled", attributes: [
                ("proposal", String(proposal)), ("height", String(h + activationDelay)), ("validators", String(set.count)),
                ("hash", hash(set).hex),
            ]))
        }
    }
}

extension LedgerCore.VotingPower {
    /// Whether `part` is strictly more than a third of `total` (`3 × part > total`), in 128 bits.
    public static func exceedsOneThird(_ part: UInt64, of total: UInt64) -> Bool {
        let lhs = part.multipliedFullWidth(by: 3)
        return lhs.high > 0 || lhs.low > total
    }
}
