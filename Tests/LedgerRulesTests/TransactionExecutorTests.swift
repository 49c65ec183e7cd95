import LedgerCore
import LedgerCrypto
import LedgerRules
import Testing

@Suite("TransactionExecutor: successful transfers")
struct TransferSuccessTests {
    @Test("a transfer moves the amount, pays the fee to the proposer and advances the nonce")
    func happyTransfer() throws {
        let alice = testKey(1), bob = address(testKey(2)), proposer = plainAddress(0xB0)
        let state = stateWith([
            (address(alice), Account(balance: 1_000_000, nonce: 0)),
            (bob, Account(balance: 500, nonce: 3)),
        ])
        let tx = try signedTransfer(from: alice, to: bob, amount: 2_500, nonce: 0, fee: 7)

        let receipt = try applyAdmitted(tx, state, block: testBlock(proposer: proposer))

        #expect(try account(address(alice), state) == Account(balance: 1_000_000 - 2_500 - 7, nonce: 1))
        #expect(try account(bob, state) == Account(balance: 3_000, nonce: 3), "the recipient's nonce is not touched")
        #expect(try account(proposer, state) == Account(balance: 7, nonce: 0))

        #expect(receipt.status == .success)
        #expect(receipt.code == "")
        #expect(receipt.message == "")
        #expect(receipt.transactionID == tx.id)
        #expect(receipt.feePaid == 7)
        #expect(receipt.events == [Event(kind: "transfer", attributes: [
            ("from", address(alice).bech32), ("to", bob.bech32), ("amount", "2500"),
        ])])

        // Gas, derived by hand from GasSchedule:
        // wire = 1 + (4+10) + 32 + 8+8+8 + 1 + 4 + (2+20+8) + 64 = 170 bytes
        // intrinsic = 1000 + 10 * 170 = 2700
        // transfer = compute 500
        //   + read sender (100 + 22 key bytes + 16 value bytes = 138) + write sender (200 + 10 * (22+16) = 580)
        //   + read bob (138) + write bob (580) = 1936
        #expect(tx.wire.count == expectedWireSize())
        #expect(tx.wire.count == 170)
        let intrinsic = GasSchedule.intrinsic(transactionBytes: 170)
        #expect(intrinsic == 2_700)
        #expect(readGas(found: true) == 138)
        #expect(writeAccountGas == 580)
        #expect(transferGas(recipientExists: true) == 1_936)
        #expect(receipt.gasUsed > 0)
        #expect(receipt.gasUsed == intrinsic + transferGas(recipientExists: true) + transferEventGas(amount: 2_500))
        #expect(receipt.gasUsed == 4_636 + transferEventGas(amount: 2_500))
    }

    @Test("a transfer to a new account creates it; reading nothing costs only the key")
    func transferToNewAccount() throws {
        let alice = testKey(1), carol = plainAddress(0xC0)
        let state = stateWith([(address(alice), Account(balance: 100, nonce: 0))])
        let tx = try signedTransfer(from: alice, to: carol, amount: 40, fee: 1, expiry: 10)
        let receipt = try applyAdmitted(tx, state)  // height 10: the last height at which it may be included

        #expect(receipt.status == .success)
        #expect(try account(address(alice), state) == Account(balance: 59, nonce: 1))
        #expect(try account(carol, state) == Account(balance: 40, nonce: 0))
        // With an expiry the body is 8 bytes longer: 178 bytes; the empty recipient read costs 122, not 138.
        #expect(tx.wire.count == expectedWireSize(hasExpiry: true))
        #expect(receipt.gasUsed == GasSchedule.intrinsic(transactionBytes: 178) + transferGas(recipientExists: false) + transferEventGas(amount: 40))
        #expect(receipt.gasUsed == 2_780 + 1_920 + transferEventGas(amount: 40))
    }

    @Test("consecutive transactions of one sender use consecutive nonces")
    func consecutiveNonces() throws {
        let alice = testKey(1), bob = plainAddress(0xB1)
        let state = stateWith([(address(alice), Account(balance: 1_000, nonce: 0))])
        for n in UInt64(0)..<5 {
            let receipt = try applyAdmitted(try signedTransfer(from: alice, to: bob, amount: 10, nonce: n, fee: 2), state)
            #expect(receipt.status == .success)
        }
        #expect(try account(address(alice), state) == Account(balance: 1_000 - 5 * 12, nonce: 5))
        #expect(try account(bob, state).balance == 50)
    }

    @Test("a transfer to oneself only costs the fee")
    func transferToSelf() throws {
        let alice = testKey(1)
        let state = stateWith([(address(alice), Account(balance: 1_000, nonce: 0))])
        let receipt = try applyAdmitted(try signedTransfer(from: alice, to: address(alice), amount: 600, fee: 5), state)
        #expect(receipt.status == .success)
        #expect(try account(address(alice), state) == Account(balance: 995, nonce: 1))
    }

    @Test("gas limit and expiry bounds are inclusive")
    func inclusiveBounds() throws {
        let alice = testKey(1), bob = plainAddress(0xB1)
        let state = stateWith([(address(alice), Account(balance: 1_000, nonce: 0))])
        let tx = try signedTransfer(from: alice, to: bob, amount: 1, nonce: 0, fee: 1, gasLimit: testParams.maxBlockGas, expiry: 10)
        #expect(try applyAdmitted(tx, state, block: testBlock(height: 10)).status == .success)
        // Exactly the gas it needs is enough.
        let exact = GasSchedule.intrinsic(transactionBytes: expectedWireSize(hasExpiry: false)) + transferGas(recipientExists: true) + transferEventGas(amount: 1)
        let tight = try signedTransfer(from: alice, to: bob, amount: 1, nonce: 1, fee: 1, gasLimit: exact)
        let receipt = try applyAdmitted(tight, state)
        #expect(receipt.status == .success, "\(receipt.message)")
        #expect(receipt.gasUsed == exact)
    }

    @Test("a fee of exactly the sender's balance is admitted")
    func feeEqualsBalance() throws {
        let alice = testKey(1)
        let state = stateWith([(address(alice), Account(balance: 10, nonce: 0))])
        let receipt = try applyAdmitted(try signedTransfer(from: alice, to: plainAddress(9), amount: 1, fee: 10), state)
        // Admitted, pays the fee, then has nothing left to transfer.
        #expect(receipt.status == .failed)
        #expect(receipt.code == "INSUFFICIENT_FUNDS")
        #expect(try account(address(alice), state) == Account(balance: 0, nonce: 1))
    }
}

@Suite("TransactionExecutor: refused transactions change nothing")
struct RejectionTests {
    let alice = testKey(1)
    let bob = plainAddress(0xB1)

    func funded(_ balance: UInt64 = 1_000_000, nonce: UInt64 = 0) -> StateOverlay {
        stateWith([(address(alice), Account(balance: balance, nonce: nonce)), (bob, Account(balance: 5, nonce: 0))])
    }

    @Test("another chain's transaction: WRONG_CHAIN")
    func wrongChain() throws {
        let state = funded()
        let error = try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, chainID: "other-chain"), state, code: "WRONG_CHAIN")
        #expect(error == .wrongChain(expected: testChainID, got: "other-chain"))
    }

    @Test("expired transaction: TX_EXPIRED")
    func expired() throws {
        let state = funded()
        let error = try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, expiry: 9), state, code: "TX_EXPIRED",
                                       block: testBlock(height: 10))
        #expect(error == .expired(expiry: 9, height: 10))
    }

    @Test("gas limit above the block's: GAS_LIMIT_TOO_HIGH")
    func gasLimitTooHigh() throws {
        let state = funded()
        try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, gasLimit: 10_000_001), state, code: "GAS_LIMIT_TOO_HIGH")
        try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, gasLimit: .max), state, code: "GAS_LIMIT_TOO_HIGH")
    }

    @Test("fee below the minimum: INSUFFICIENT_FEE")
    func insufficientFee() throws {
        let state = funded()
        let error = try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, fee: 0), state, code: "INSUFFICIENT_FEE")
        #expect(error == .insufficientFee(minimum: 1, got: 0))
        let strict = AppParams(minFee: 50, maxBlockGas: 10_000_000, maxBlockBytes: 1_000_000)
        try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, fee: 49), state, code: "INSUFFICIENT_FEE",
                           block: testBlock(params: strict))
    }

    @Test("fee below gas_limit × min_gas_price / 1000 (rounded up): INSUFFICIENT_FEE")
    func gasPrice() throws {
        let state = funded()
        // 3 per 1,000 gas: 100,001 gas needs ceil(300.003) = 301.
        let priced = AppParams(minFee: 1, maxBlockGas: 10_000_000, maxBlockBytes: 1_000_000, minGasPrice: 3)
        let error = try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, fee: 300, gasLimit: 100_001), state,
                                       code: "INSUFFICIENT_FEE", block: testBlock(params: priced))
        #expect(error == .insufficientFee(minimum: 301, got: 300))
        #expect(try applyAdmitted(try signedTransfer(from: alice, to: bob, amount: 1, fee: 301, gasLimit: 100_001), state,
                                  block: testBlock(params: priced)).status == .success)
    }

    @Test("minimum fee: exact 128-bit arithmetic, min_fee as a floor, nil past u64")
    func minimumFee() {
        let p = AppParams(minFee: 7, maxBlockGas: .max, maxBlockBytes: 1, minGasPrice: 1_000)
        #expect(p.minimumFee(gasLimit: 0) == 7)
        #expect(p.minimumFee(gasLimit: 8) == 8)
        #expect(p.minimumFee(gasLimit: .max) == .max) // .max × 1000 / 1000, no overflow on the way
        #expect(AppParams(minFee: 0, maxBlockGas: .max, maxBlockBytes: 1, minGasPrice: 1_001).minimumFee(gasLimit: .max) == nil)
        #expect(AppParams(minFee: 0, maxBlockGas: 1, maxBlockBytes: 1, minGasPrice: 1).minimumFee(gasLimit: 1) == 1)
        #expect(GasPrice.compare(1, 3, 2, 6) == 0)
        #expect(GasPrice.pays(fee: .max, gas: .max - 1, moreThan: .max - 1, gas: .max - 1))
    }

    @Test("replaying a transaction: BAD_NONCE")
    func replay() throws {
        let state = funded()
        let tx = try signedTransfer(from: alice, to: bob, amount: 100, nonce: 0)
        #expect(try applyAdmitted(tx, state).status == .success)
        let error = try expectRejected(tx, state, code: "BAD_NONCE")
        #expect(error == .wrongNonce(expected: 1, got: 0))
        #expect(try account(bob, state).balance == 105, "the replay did not pay twice")
    }

    @Test("an old nonce: BAD_NONCE")
    func oldNonce() throws {
        let state = funded(nonce: 7)
        let error = try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, nonce: 6), state, code: "BAD_NONCE")
        #expect(error == .wrongNonce(expected: 7, got: 6))
    }

    @Test("a future nonce: BAD_NONCE")
    func futureNonce() throws {
        let state = funded()
        let error = try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, nonce: 1), state, code: "BAD_NONCE")
        #expect(error == .wrongNonce(expected: 0, got: 1))
        try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, nonce: 5), state, code: "BAD_NONCE")
    }

    @Test("cannot pay the fee: INSUFFICIENT_FUNDS")
    func cannotPayFee() throws {
        let state = funded(9)
        let error = try expectRejected(try signedTransfer(from: alice, to: bob, amount: 1, fee: 10), state, code: "INSUFFICIENT_FUNDS")
        #expect(error == .insufficientFunds(needed: 10, available: 9))
        // An account that was never funded cannot pay either.
        let stranger = testKey(3)
        try expectRejected(try signedTransfer(from: stranger, to: bob, amount: 1, fee: 1), state, code: "INSUFFICIENT_FUNDS")
    }

    @Test("a tampered signature: BAD_SIGNATURE")
    func tamperedSignature() throws {
        let state = funded()
        let good = try signedTransfer(from: alice, to: bob, amount: 100)
        var wire = good.wire
        wire[wire.count - 1] ^= 0x01
        let tampered = try Transaction.decode(wire)
        #expect(tampered.body == good.body)
        #expect(!tampered.hasValidSignature(genesisHash: testGenesisHash))
        let error = try expectRejected(tampered, state, code: "BAD_SIGNATURE")
        #expect(error == .invalidSignature)
    }

    @Test("a tampered body (amount changed after signing): BAD_SIGNATURE")
    func tamperedBody() throws {
        let state = funded()
        let good = try signedTransfer(from: alice, to: bob, amount: 100)
        var wire = good.wire
        wire[wire.count - 64 - 1] = 0xFF  // the amount's lowest byte: the last body byte
        let tampered = try Transaction.decode(wire)
        if case let .transfer(t) = tampered.body.actions[0] { #expect(t.amount == 0xFF) }
        try expectRejected(tampered, state, code: "BAD_SIGNATURE")
    }

    @Test("a transaction signed for another network with the same chain id (another genesis): BAD_SIGNATURE")
    func otherGenesis() throws {
        let state = funded()
        let otherNetwork = SHA256.hash(Array("another-devnet-genesis".utf8))
        let replayed = try signedTransfer(from: alice, to: bob, amount: 100, genesisHash: otherNetwork)
        #expect(replayed.body.chainID == testChainID)
        #expect(replayed.hasValidSignature(genesisHash: otherNetwork))
        let error = try expectRejected(replayed, state, code: "BAD_SIGNATURE")
        #expect(error == .invalidSignature)
    }

    @Test("a signature by another key: BAD_SIGNATURE")
    func wrongSigner() throws {
        let state = funded()
        let body = TransactionBody(chainID: testChainID, sender: alice.publicKey, nonce: 0, gasLimit: 100_000, fee: 10,
                                   actions: [.transfer(TransferAction(to: bob, amount: 100))])
        let forged = try Transaction.sign(body, with: testKey(66), genesisHash: testGenesisHash)
        try expectRejected(forged, state, code: "BAD_SIGNATURE")
    }

    @Test("signature checks are skipped only when asked (the mempool verified it already)")
    func skippedSignatureCheck() throws {
        let state = funded()
        var wire = try signedTransfer(from: alice, to: bob, amount: 100).wire
        wire[wire.count - 1] ^= 0x01
        let tampered = try Transaction.decode(wire)
        #expect(try applyAdmitted(tampered, state, verifySignature: false).status == .success)
    }
}

@Suite("TransactionExecutor: failed execution still pays the fee")
struct FailedExecutionTests {
    let alice = testKey(1)
    let bob = plainAddress(0xB1)
    let proposer = plainAddress(0xB0)

    /// Checks the outcome shared by every failed execution: the fee went to the proposer, the nonce
    /// advanced, nothing else changed, and only the sender's and proposer's accounts were written.
    func expectOnlyFeePaid(_ receipt: Receipt, code: String, state: StateOverlay, aliceBefore: Account, bobBefore: Account,
                           fee: UInt64, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(receipt.status == .failed, sourceLocation: sourceLocation)
        #expect(receipt.code == code, "\(receipt.message)", sourceLocation: sourceLocation)
        #expect(!receipt.message.isEmpty, sourceLocation: sourceLocation)
        #expect(receipt.events.isEmpty, sourceLocation: sourceLocation)
        #expect(receipt.feePaid == fee, sourceLocation: sourceLocation)
        #expect(try account(address(alice), state) == Account(balance: aliceBefore.balance - fee, nonce: aliceBefore.nonce + 1),
                sourceLocation: sourceLocation)
        #expect(try account(bob, state) == bobBefore, sourceLocation: sourceLocation)
        #expect(try account(proposer, state).balance == fee, sourceLocation: sourceLocation)
        let written = Set(state.writes.keys)
        #expect(written == [StateKey.account(address(alice)), StateKey.account(bob), StateKey.account(proposer)],
                sourceLocation: sourceLocation)
    }

    @Test("transferring more than the balance: INSUFFICIENT_FUNDS")
    func overdraft() throws {
        let aliceBefore = Account(balance: 1_000, nonce: 4), bobBefore = Account(balance: 5, nonce: 0)
        let state = stateWith([(address(alice), aliceBefore), (bob, bobBefore)])
        // 995 is left after the fee: 996 is one too many.
        let tx = try signedTransfer(from: alice, to: bob, amount: 996, nonce: 4, fee: 5)
        let receipt = try applyAdmitted(tx, state, block: testBlock(proposer: proposer))
        try expectOnlyFeePaid(receipt, code: "INSUFFICIENT_FUNDS", state: state, aliceBefore: aliceBefore, bobBefore: bobBefore, fee: 5)
        #expect(receipt.message == RuleError.insufficientFunds(needed: 996, available: 995).description)
        // Gas until the failure: intrinsic, compute, reading the sender.
        #expect(receipt.gasUsed == GasSchedule.intrinsic(transactionBytes: tx.wire.count) + GasSchedule.transferCompute + readGas(found: true))
    }

    @Test("a gas limit below the intrinsic cost is not includable: GAS_LIMIT_TOO_LOW, nothing changes")
    func belowIntrinsic() throws {
        let state = stateWith([(address(alice), Account(balance: 1_000, nonce: 0)), (bob, Account(balance: 5, nonce: 0))])
        let intrinsic = GasSchedule.intrinsic(transactionBytes: expectedWireSize())
        // Before this rule a zero-gas transaction paid only min_fee, carried its bytes into the block
        // and ranked first by fee per gas.
        for limit in [intrinsic - 1, 1, 0] {
            let tx = try signedTransfer(from: alice, to: bob, amount: 10, fee: 3, gasLimit: limit)
            let e = try expectRejected(tx, state, code: "GAS_LIMIT_TOO_LOW", block: testBlock(proposer: proposer))
            #expect(e == .gasLimitTooLow(limit: limit, intrinsic: intrinsic))
        }
        let exact = try signedTransfer(from: alice, to: bob, amount: 10, fee: 3, gasLimit: intrinsic)
        #expect(try applyAdmitted(exact, state, block: testBlock(proposer: proposer)).code == "OUT_OF_GAS", "exactly the intrinsic gas is includable")
    }

    @Test("enough gas for the intrinsic cost but not the transfer: OUT_OF_GAS, nothing moves", arguments: [
        UInt64(0),  // exactly the intrinsic
        GasSchedule.transferCompute + readGas(found: true),  // compute and the sender read, not the sender write
        GasSchedule.transferCompute + readGas(found: true) + writeAccountGas + readGas(found: true),  // all but the recipient write
        transferGas(recipientExists: true) - 1,  // one short
    ])
    func outOfGasDuringTransfer(extra: UInt64) throws {
        let aliceBefore = Account(balance: 1_000, nonce: 0), bobBefore = Account(balance: 5, nonce: 0)
        let state = stateWith([(address(alice), aliceBefore), (bob, bobBefore)])
        let limit = GasSchedule.intrinsic(transactionBytes: expectedWireSize()) + extra
        let tx = try signedTransfer(from: alice, to: bob, amount: 10, fee: 3, gasLimit: limit)
        let receipt = try applyAdmitted(tx, state, block: testBlock(proposer: proposer))
        try expectOnlyFeePaid(receipt, code: "OUT_OF_GAS", state: state, aliceBefore: aliceBefore, bobBefore: bobBefore, fee: 3)
        #expect(receipt.gasUsed == limit)
    }

    @Test("a zero amount: INVALID_AMOUNT")
    func zeroAmount() throws {
        let aliceBefore = Account(balance: 1_000, nonce: 0), bobBefore = Account(balance: 5, nonce: 0)
        let state = stateWith([(address(alice), aliceBefore), (bob, bobBefore)])
        let receipt = try applyAdmitted(try signedTransfer(from: alice, to: bob, amount: 0, fee: 2), state, block: testBlock(proposer: proposer))
        try expectOnlyFeePaid(receipt, code: "INVALID_AMOUNT", state: state, aliceBefore: aliceBefore, bobBefore: bobBefore, fee: 2)
    }

    @Test("when the second action fails, the first is reverted too")
    func secondActionFails() throws {
        let carol = plainAddress(0xC0)
        let aliceBefore = Account(balance: 1_000, nonce: 0), bobBefore = Account(balance: 5, nonce: 0)
        let state = stateWith([(address(alice), aliceBefore), (bob, bobBefore)])
        let tx = try signedTransaction(from: alice, actions: [
            .transfer(TransferAction(to: bob, amount: 100)),  // fine on its own
            .transfer(TransferAction(to: carol, amount: 900)),  // 1000 - 4 - 100 = 896 left: fails
        ], fee: 4)
        let receipt = try applyAdmitted(tx, state, block: testBlock(proposer: proposer))
        try expectOnlyFeePaid(receipt, code: "INSUFFICIENT_FUNDS", state: state, aliceBefore: aliceBefore, bobBefore: bobBefore, fee: 4)
        #expect(try account(carol, state) == Account())
        #expect(try state.read(StateKey.account(carol)) == nil)
    }

    @Test("a recipient balance that would overflow: BALANCE_OVERFLOW")
    func recipientOverflow() throws {
        let aliceBefore = Account(balance: 1_000, nonce: 0), bobBefore = Account(balance: .max - 5, nonce: 0)
        let state = stateWith([(address(alice), aliceBefore), (bob, bobBefore)])
        let receipt = try applyAdmitted(try signedTransfer(from: alice, to: bob, amount: 6, fee: 2), state, block: testBlock(proposer: proposer))
        try expectOnlyFeePaid(receipt, code: "BALANCE_OVERFLOW", state: state, aliceBefore: aliceBefore, bobBefore: bobBefore, fee: 2)

        // One less fits exactly.
        let ok = try applyAdmitted(try signedTransfer(from: alice, to: bob, amount: 5, nonce: 1, fee: 2), state, block: testBlock(proposer: proposer))
        #expect(ok.status == .success)
        #expect(try account(bob, state).balance == .max)
    }
}
