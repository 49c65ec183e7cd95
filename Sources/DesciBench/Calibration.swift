import Foundation
import JsonLogic
import LedgerCore
import LedgerCrypto
import LedgerRules

/// `desci-bench --calibrate`: for each metered path inside execution, builds the worst input the
/// protocol limits allow, measures nanoseconds per gas (minimum over repetitions: the machine is
/// shared) and compares it with a plain transfer's. A ratio above 3 means that path's gas price
/// is too low for the block gas limit to bound execution time (Docs/BENCHMARKS.md, "Gas calibration").
enum Calibration {
    struct Row {
        var name: String
        var gas: UInt64
        var seconds: Double
        var nsPerGas: Double { seconds * 1e9 / Double(max(gas, 1)) }
    }

    static let repetitions = 7

    static func run() throws -> String {
        let load = SystemLoad.sample()
        var rows: [Row] = []
        rows.append(try best("transfer (baseline)", transfers))
        rows.append(try best("policy: hostile nested map, 1M gas", hostilePolicy))
        rows.append(try best("policy: fails after work (charged)", failingPolicy))
        rows.append(try best("policy: 16 KiB stored rule (array literal), decoded and evaluated", bigStoredRule))
        rows.append(try best("licence check: 512-byte OR input × 512-byte AND of id+ derived", licenceCheck))
        rows.append(try best("ctx.scan over a block buffer of 20,000 writes", scanOverBigBuffer))
        rows.append(try best("events: 256 x 64 attributes of 64 bytes", maxEvents))
        rows += actionRows()
        let base = rows[0].nsPerGas
        var lines = ["| path | gas | time (ms) | ns/gas | × transfer |", "|---|---:|---:|---:|---:|"]
        for r in rows {
            lines.append("| \(r.name) | \(r.gas) | \(String(format: "%.2f", r.seconds * 1e3)) | \(String(format: "%.3f", r.nsPerGas)) | \(String(format: "%.2f", r.nsPerGas / base)) |")
        }
        // The devnet genesis (Genesis/) allows 2·10^8 gas per block.
        let blockGas: Double = 2e8
        let worst = rows.filter { $0.gas > 0 }.map(\.nsPerGas).max() ?? 0
        lines.append("")
        lines.append("worst ns/gas \(String(format: "%.3f", worst)) (\(String(format: "%.2f", worst / base))× transfer): a block of \(String(format: "%.0e", blockGas)) gas of the worst kind executes in about \(String(format: "%.2f", worst * blockGas / 1e9)) s; 2 s holds up to \(String(format: "%.0f", 2e9 / worst)) gas per block")
        if let share = SystemLoad.othersShare(since: load) {
            lines.append("other processes used \(String(format: "%.0f", share * 100))% of the machine during calibration")
        }
        return lines.joined(separator: "\n")
    }

    /// The fastest of `repetitions` runs of `body` (each returns the gas it charged and its time).
    static func best(_ name: String, _ body: () throws -> (gas: UInt64, seconds: Double)) throws -> Row {
        var rows: [Row] = []
        for _ in 0..<repetitions {
            let (gas, seconds) = try body()
            rows.append(Row(name: name, gas: gas, seconds: seconds))
        }
        Progress.say("calibrated \(name)")
        return rows.min { $0.nsPerGas < $1.nsPerGas }!
    }

    static let params = AppParams(minFee: 1, maxBlockGas: 100_000_000, maxBlockBytes: 4_000_000)
    static let block = BlockContext(chainID: "desci-calibrate", genesisHash: SHA256.hash(Array("desci-calibrate".utf8)), height: 10, timeMillis: 1_700_000_000_000,
                                    proposer: try! Address(bytes: [UInt8](repeating: 0xB0, count: 20)), params: params)

    static func context(_ state: StateOverlay, gas: UInt64 = 50_000_000) -> ExecutionContext {
        ExecutionContext(block: block, sender: block.proposer, transactionID: .zero, state: state, gasLimit: gas, gasUsed: 0)
    }

    nonisolated(unsafe) static var signed: [Transaction] = []

    /// 2,000 transfers from distinct senders to fresh recipients, as block execution runs them.
    static func transfers() throws -> (gas: UInt64, seconds: Double) {
        if signed.isEmpty {
            signed = try (0..<2_000).map { i in
                let key = try SigningKey(seed: SHA256.hash(Array("calibrate-\(i)".utf8)).bytes)
                let body = TransactionBody(chainID: block.chainID, sender: key.publicKey, nonce: 0, gasLimit: 100_000, fee: 1, expiry: nil,
                                           actions: [.transfer(TransferAction(to: try Address(bytes: Array(SHA256.hash(Array("to-\(i)".utf8)).bytes.prefix(20))), amount: 1))])
                return try Transaction.sign(body, with: key, genesisHash: block.genesisHash)
            }
        }
        let state = StateOverlay(base: EmptyState())
        for tx in signed { state.write(StateKey.account(tx.senderAddress), Account(balance: 1_000_000, nonce: 0).canonicalBytes) }
        var gas: UInt64 = 0
        let (_, seconds) = try Clock.time {
            for tx in signed {
                if case let .success(r) = try TransactionExecutor.apply(tx, block: block, state: state, verifySignature: false) { gas += r.gasUsed }
            }
        }
        return (gas, seconds)
    }

    static func policy(_ text: String, data: JSONValue = .null) throws -> (gas: UInt64, seconds: Double) {
        let state = StateOverlay(base: EmptyState())
        Policies.store(PolicyName.contributionAdmit.rawValue, rule: try Policies.validate(rule: Array(text.utf8)), in: state)
        var ctx = context(state)
        let (_, seconds) = Clock.time { _ = try? Policies.evaluate(.contributionAdmit, data: data, ctx: &ctx) }
        return (ctx.gasUsed, seconds)
    }

    static func hostilePolicy() throws -> (gas: UInt64, seconds: Double) {
        let list = "[" + (1...100).map(String.init).joined(separator: ",") + "]"
        return try policy(#"{"map": [\#(list), {"map": [\#(list), {"map": [\#(list), {"var": ""}]}]}]}"#)
    }

    /// The largest rule governance can store, nearly all of it one array literal: the cost is in
    /// decoding the stored bytes, not in evaluation.
    static func bigStoredRule() throws -> (gas: UInt64, seconds: Double) {
        var items: [String] = []
        while (items.count + 1) * 6 < RecordLimits.policyRule - 64 { items.append(String(10_000 + items.count)) }
        return try policy(#"{"some": [[\#(items.joined(separator: ","))], false]}"#)
    }

    static func failingPolicy() throws -> (gas: UInt64, seconds: Double) {
        let list = "[" + (1...1_000).map(String.init).joined(separator: ",") + "]"
        return try policy(#"{"and": [{"map": [\#(list), {"+": [{"var": ""}, 1]}]}, {"-": ["abc", 1]}]}"#)
    }

    /// The compatibility check of one registration input at the licence field's byte limit, charged
    /// as `contribution.register` charges it.
    static func licenceCheck() throws -> (gas: UInt64, seconds: Double) {
        func fill(_ part: String, _ op: String) -> String {
            var parts = [part]
            while (parts + [part]).joined(separator: op).utf8.count <= RecordLimits.license { parts.append(part) }
            return parts.joined(separator: op)
        }
        let inputText = fill("CC-BY-SA-4.0", " OR ")
        let derivedText = fill("CC-BY-SA-2.0+", " AND ")
        let input = try SPDXExpression(parsing: inputText), derived = try SPDXExpression(parsing: derivedText)
        let gas = GasSchedule.licenceCheck(derivedBytes: derivedText.utf8.count, inputBytes: inputText.utf8.count,
                                           derivedLeaves: ContributionContract.licenceLeaves(derived),
                                           inputLeaves: ContributionContract.licenceLeaves(input))
        let (_, seconds) = try Clock.time {
            _ = try SPDXExpression(parsing: inputText)
            _ = LicenseCompatibility.check(input: input, derived: derived)
        }
        return (gas, seconds)
    }

    /// A block that already buffered 20,000 writes, then 1,000 scans of an empty prefix.
    static func scanOverBigBuffer() throws -> (gas: UInt64, seconds: Double) {
        let blockState = StateOverlay(base: EmptyState())
        for i in 0..<20_000 { blockState.write([0x09] + Array(SHA256.hash(Array("k\(i)".utf8)).bytes), [1]) }
        let child = StateOverlay(base: blockState)
        var ctx = context(child)
        let (_, seconds) = try Clock.time {
            for i in 0..<1_000 { try ctx.scan(prefix: [0x09, UInt8(i % 256), 0xFF, 0xFE]) { _, _ in true } }
        }
        return (ctx.gasUsed, seconds)
    }

    /// The most event bytes a receipt carries, emitted and encoded as a receipt.
    static func maxEvents() throws -> (gas: UInt64, seconds: Double) {
        var ctx = context(StateOverlay(base: EmptyState()))
        let value = String(repeating: "v", count: 64)
        let event = Event(kind: "calibrate", attributes: (0..<64).map { ("key\($0)", value) })
        let (_, seconds) = try Clock.time {
            for _ in 0..<GasSchedule.maxEventsPerTransaction { try ctx.emit(event) }
            let receipt = Receipt(transactionID: .zero, status: .success, gasUsed: ctx.gasUsed, feePaid: 1, events: ctx.events.map(\.clamped))
            _ = SHA256.hash(receipt.commitmentBytes)
        }
        return (ctx.gasUsed, seconds)
    }
}
