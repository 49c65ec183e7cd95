import LedgerAPI
import LedgerCore
import LedgerRules

extension NodeCore {
    /// POST /simulate: decodes the transaction as POST /tx does, then applies it (signature checked)
    /// to a throwaway overlay of the latest committed state, as if it were the next block's only
    /// transaction. Nothing reaches the pool or the store.
    ///
    /// A nonce ahead of the committed one is simulated as if the sender's pending transactions had
    /// run first (the account's nonce is set to the transaction's), so a wallet can estimate gas
    /// for its next transaction while earlier ones wait; their fees are not deducted.
    ///
    /// The work is free for the caller, so it is bounded: the actions run with at most
    /// `[rpc] max_simulate_gas` (and at most the transaction's own gas limit); a simulation that
    /// needs more ends OUT_OF_GAS at the cap and says so.
    public func simulate(_ raw: [UInt8]) async throws -> SimulateResultDTO {
        let tx: Transaction
        do throws(SubmitError) { tx = try mempool.decode(raw) } catch {
            throw APIError.badRequest(error.code, error.message)
        }
        let tip = try chain.tip
        let params = try chain.params()
        let minimum = params.minimumFee(gasLimit: tx.body.gasLimit)
        let block = BlockContext(chainID: genesis.chainID, genesisHash: mempool.identity.genesisHash, height: tip.height + 1, timeMillis: tip.timeMillis + 1,
                                 proposer: validator?.address ?? tx.senderAddress, params: params)
        let overlay = StateOverlay(base: chain.stateReader)
        var account = try BankContract.account(tx.senderAddress, in: overlay)
        if tx.body.nonce > account.nonce {
            account.nonce = tx.body.nonce
            overlay.write(StateKey.account(tx.senderAddress), account.canonicalBytes)
        }
        let cap = rpc.maxSimulateGas
        switch try TransactionExecutor.apply(tx, block: block, state: overlay, verifySignature: true, gasCap: cap) {
        case let .success(receipt):
            let capped = receipt.status == .failed && receipt.code == "OUT_OF_GAS" && tx.body.gasLimit > cap
            return SimulateResultDTO(hash: tx.id, includable: true,
                                     message: capped ? "simulation stopped at this node's max_simulate_gas (\(cap) gas); the transaction needs more" : "",
                                     gasUsed: receipt.gasUsed, minimumFee: minimum, receipt: ReceiptDTO(receipt))
        case let .failure(error):
            return SimulateResultDTO(hash: tx.id, includable: false, code: error.code, message: error.description, minimumFee: minimum)
        }
    }
}
