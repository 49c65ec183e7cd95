import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

let testChainID = "desci-test"
/// The genesis hash the rules tests' network is bound to (any fixed value: no genesis file here).
let testGenesisHash = SHA256.hash(Array("rules-test-genesis".utf8))
let testParams = AppParams(minFee: 1, maxBlockGas: 10_000_000, maxBlockBytes: 1_000_000)

/// A deterministic key: the seed is 32 copies of `n`.
func testKey(_ n: UInt8) -> SigningKey {
    try! SigningKey(seed: [UInt8](repeating: n, count: 32))
}

func address(_ key: SigningKey) -> Address { Address(publicKey: key.publicKey) }

/// An address no key is needed for (a recipient only).
func plainAddress(_ n: UInt8) -> Address { try! Address(bytes: [UInt8](repeating: n, count: 20)) }

func testBlock(height: UInt64 = 10, proposer: Address = plainAddress(0xB0), params: AppParams = testParams) -> BlockContext {
    BlockContext(chainID: testChainID, genesisHash: testGenesisHash, height: height, timeMillis: 1_700_000_000_000, proposer: proposer, params: params)
}

/// A block overlay over an empty base with the given accounts.
func stateWith(_ accounts: [(Address, Account)]) -> StateOverlay {
    let state = StateOverlay(base: EmptyState())
    for (a, acct) in accounts { state.write(StateKey.account(a), acct.canonicalBytes) }
    return state
}

func account(_ a: Address, _ state: StateOverlay) throws -> Account {
    try BankContract.account(a, in: state)
}

func signedTransfer(
    from key: SigningKey, to: Address, amount: UInt64, nonce: UInt64 = 0, fee: UInt64 = 10,
    gasLimit: UInt64 = 100_000, expiry: UInt64? = nil, chainID: String = testChainID, genesisHash: Hash = testGenesisHash
) throws -> Transaction {
    try signedTransaction(from: key, actions: [.transfer(TransferAction(to: to, amount: amount))],
                      nonce: nonce, fee: fee, gasLimit: gasLimit, expiry: expiry, chainID: chainID, genesisHash: genesisHash)
}

func signedTransaction(
    from key: SigningKey, actions: [Action], nonce: UInt64 = 0, fee: UInt64 = 10,
    gasLimit: UInt64 = 100_000, expiry: UInt64? = nil, chainID: String = testChainID, genesisHash: Hash = testGenesisHash
) throws -> Transaction {
    let body = TransactionBody(chainID: chainID, sender: key.publicKey, nonce: nonce, gasLimit: gasLimit,
                               fee: fee, expiry: expiry, actions: actions)
    return try Transaction.sign(body, with: key, genesisHash: genesisHash)
}

/// The receipt of a transaction that must be admitted to the block.
func applyAdmitted(_ tx: Transaction, _ state: StateOverlay, block: BlockContext = testBlock(),
                   verifySignature: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws -> Receipt {
    switch try TransactionExecutor.apply(tx, block: block, state: state, verifySignature: verifySignature) {
    case let .success(receipt): return receipt
    case let .failure(error):
        Issue.record("expected the transaction to be admitted, got \(error.code): \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// Applies a transaction that must be refused: checks the code and that the state did not change at all.
@discardableResult
func expectRejected(_ tx: Transaction, _ state: StateOverlay, code: String, block: BlockContext = testBlock(),
                    verifySignature: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws -> RuleError? {
    let before = state.writes
    let result = try TransactionExecutor.apply(tx, block: block, state: state, verifySignature: verifySignature)
    #expect(state.writes == before, "a refused transaction must leave the state untouched", sourceLocation: sourceLocation)
    switch result {
    case .success(let receipt):
        Issue.record("expected \(code), but the transaction was admitted: \(receipt)", sourceLocation: sourceLocation)
        return nil
    case .failure(let error):
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        // The precheck alone gives the same answer.
        let sender = try BankContract.account(tx.senderAddress, in: state)
        #expect(throws: error, sourceLocation: sourceLocation) {
            try TransactionExecutor.precheck(tx, block: block, sender: sender, verifySignature: verifySignature)
        }
        return error
    }
}

/// Hand-derived transaction size: the canonical layout of a transaction body plus its signature
/// (Docs/PROTOCOL.md): version u8, chain id (u32 length + UTF-8), sender key (32), nonce, gas limit
/// and fee (u64 each), expiry (optional tag + u64), actions (u32 count + per transfer: u16 tag,
/// address 20, amount u64), signature (64).
func expectedWireSize(chainID: String = testChainID, hasExpiry: Bool = false, transfers: Int = 1) -> Int {
    let body = 1 + (4 + chainID.utf8.count) + 32 + 8 + 8 + 8 + (hasExpiry ? 9 : 1) + 4 + transfers * (2 + 20 + 8)
    return body + 64
}

/// Bytes of an account key (`01 01 | address`) and of an encoded `Account` (balance u64, nonce u64).
let accountKeyBytes: UInt64 = 2 + 20
let accountValueBytes: UInt64 = 8 + 8

/// Gas for reading an account through the metered context: the key, then the bytes found.
func readGas(found: Bool) -> UInt64 {
    GasSchedule.readBase + accountKeyBytes * GasSchedule.perByteRead + (found ? accountValueBytes * GasSchedule.perByteRead : 0)
}

/// Gas for writing an account.
let writeAccountGas: UInt64 = GasSchedule.writeBase + (accountKeyBytes + accountValueBytes) * GasSchedule.perByteWritten

/// Gas of a transfer's event: its kind, keys and values (two bech32 addresses and the amount).
func transferEventGas(amount: UInt64) -> UInt64 {
    let bytes = "transfer".utf8.count + "from".utf8.count + "to".utf8.count + "amount".utf8.count
        + 2 * plainAddress(0).bech32.utf8.count + String(amount).utf8.count
    return GasSchedule.eventBase + GasSchedule.perEventByte * UInt64(bytes)
}

/// Gas of one successful transfer action: compute, read and write the sender (who always exists once
/// the fee is paid), read and write the recipient.
func transferGas(recipientExists: Bool) -> UInt64 {
    GasSchedule.transferCompute + readGas(found: true) + writeAccountGas + readGas(found: recipientExists) + writeAccountGas
}
