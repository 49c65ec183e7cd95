import LedgerCore
import LedgerCrypto

/// Applies transactions to a block's overlay.
///
/// Order: (1) admission checks that make a transaction ineligible for a block — chain, expiry, gas
/// limit, fee, nonce, balance for the fee, signature; (2) the fee is paid to the block proposer and
/// the nonce advances — these stick even if the actions fail; (3) the intrinsic gas is charged and the
/// actions run in a child overlay, merged only if all succeed. Documented in Docs/PROTOCOL.md.
public enum TransactionExecutor {
    /// The checks that decide whether a transaction may be included at all, against current state.
    public static func precheck(_ tx: Transaction, block: BlockContext, sender: Account, verifySignature: Bool) throws(RuleError) {
        let body = tx.body
        try stateless(tx, chainID: block.chainID, height: block.height, params: block.params)
        guard body.nonce == sender.nonce, body.nonce < .max else { throw .wrongNonce(expected: sender.nonce, got: body.nonce) }
        guard sender.balance >= body.fee else { throw .insufficientFunds(needed: body.fee, available: sender.balance) }
        if verifySignature, !tx.hasValidSignature(genesisHash: block.genesisHash) { throw .invalidSignature }
    }

    /// The checks that depend only on the transaction, the height and the parameters — shared by
    /// block execution and mempool admission so the two cannot drift apart: chain, expiry, gas limit
    /// against the block's, fee against `min_fee` and the gas price.
    public static func stateless(_ tx: Transaction, chainID: String, height: UInt64, params: AppParams) throws(RuleError) {
        let body = tx.body
        // Compare bytes, not Strings: Unicode-equivalent strings must not count as the same chain.
        guard body.chainID.utf8.elementsEqual(chainID.utf8) else { throw .wrongChain(expected: chainID, got: body.chainID) }
        if let expiry = body.expiry, expiry < height { throw .expired(expiry: expiry, height: height) }
        guard body.gasLimit <= params.maxBlockGas else { throw .gasLimitTooHigh(limit: body.gasLimit, max: params.maxBlockGas) }
        // A limit below the intrinsic gas can only fail, yet would still pay its (tiny-limit) fee and
        // fill a block with bytes: such a transaction is not includable at all.
        let intrinsic = GasSchedule.intrinsic(transactionBytes: tx.wire.count)
        guard body.gasLimit >= intrinsic else { throw .gasLimitTooLow(limit: body.gasLimit, intrinsic: intrinsic) }
        // maxBlockGas fits in u64, so with gas price ≤ its governance cap the minimum always exists;
        // a nil (overflowing) minimum can still not be paid by any u64 fee.
        guard let minimum = params.minimumFee(gasLimit: body.gasLimit) else { throw .insufficientFee(minimum: .max, got: body.fee) }
        guard body.fee >= minimum else { throw .insufficientFee(minimum: minimum, got: body.fee) }
    }

    /// Applies one transaction. Returns `.failure` (and changes nothing) when the transaction may not
    /// be included; otherwise its receipt, which may itself record a failed execution.
    ///
    /// Errors: a `StateReadFault` (storage failed) propagates, a node fault. Every other error is
    /// deterministic: a rule's refusal gives a failed receipt with its code; anything else (a stored
    /// record that fails to decode, a broken invariant) a failed receipt with code `INTERNAL`.
    ///
    /// `gasCap` lowers the gas the actions may use below the transaction's own limit (`POST
    /// /simulate` bounds its free work with it; blocks never pass it).
    public static func apply(_ tx: Transaction, block: BlockContext, state: StateOverlay, verifySignature: Bool,
                             gasCap: UInt64 = .max) throws -> Result<Receipt, RuleError> {
        let senderAddress = tx.senderAddress
        let sender: Account
        do { sender = try BankContract.account(senderAddress, in: state) } catch let fault as StateReadFault { throw fault } catch {
            // The fee cannot be taken from an account that does not decode: the transaction is not includable.
            return .failure(.internalError(error))
        }
        do {
            try precheck(tx, block: block, sender: sender, verifySignature: verifySignature)
        } catch {
            return .failure(error)
        }

        // Fee and nonce: paid whatever the actions do.
        var payer = sender
        payer.balance -= tx.body.fee
        payer.nonce += 1
        var proposerAccount: Account?
        if tx.body.fee > 0, block.proposer == senderAddress {
            proposerAccount = payer
        } else if tx.body.fee > 0 {
            do { proposerAccount = try BankContract.account(block.proposer, in: state) } catch let fault as StateReadFault { throw fault } catch {
                return .failure(.internalError(error))
            }
        }
        state.write(StateKey.account(senderAddress), payer.canonicalBytes)
        if var proposer = proposerAccount {
            // Total supply fits in u64, so a fee credit cannot overflow; check anyway.
            proposer.balance = proposer.balance.addingReportingOverflow(tx.body.fee).overflow ? .max : proposer.balance + tx.body.fee
            state.write(StateKey.account(block.proposer), proposer.canonicalBytes)
        }

        let child = StateOverlay(base: state)
        var ctx = ExecutionContext(block: block, sender: senderAddress, transactionID: tx.id, state: child, gasLimit: min(tx.body.gasLimit, gasCap), gasUsed: 0)
        do {
            try ctx.charge(GasSchedule.intrinsic(transactionBytes: tx.wire.count))
            for (i, action) in tx.body.actions.enumerated() {
                ctx.actionIndex = UInt16(i)
                try Contracts.apply(action, ctx: &ctx)
            }
            // Bounded so every receipt can be decoded again (values are clamped below).
            guard ctx.events.count <= GasSchedule.maxEventsPerTransaction else {
                throw RuleError.rejected(code: "TOO_MANY_EVENTS",
                                         message: "the transaction emits \(ctx.events.count) events; at most \(GasSchedule.maxEventsPerTransaction) are allowed")
            }
        } catch let fault as StateReadFault {
            throw fault
        } catch {
            let failure = error as? RuleError ?? .internalError(error)
            return .success(Receipt(transactionID: tx.id, status: .failed, gasUsed: ctx.gasUsed, feePaid: tx.body.fee,
                                    code: failure.code, message: failure.description.truncatedUTF8(maxBytes: ProtocolLimits.maxStringBytes)))
        }
        state.absorb(child)
        return .success(Receipt(transactionID: tx.id, status: .success, gasUsed: ctx.gasUsed, feePaid: tx.body.fee,
                                events: ctx.events.map(\.clamped)))
    }
}
