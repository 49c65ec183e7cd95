import ArgumentParser
import Foundation
import LedgerAPI
import LedgerCore

/// `--gas N` or `--gas auto` (simulate first, then multiply the gas used by `--gas-adjustment`).
enum GasSetting: ExpressibleByArgument, CustomStringConvertible {
    case fixed(UInt64)
    case auto(adjustment: Double)

    init?(argument: String) {
        if argument == "auto" { self = .auto(adjustment: 1.3) } else if let n = UInt64(argument) { self = .fixed(n) } else { return nil }
    }

    var description: String {
        switch self {
        case let .fixed(n): "\(n)"
        case .auto: "auto"
        }
    }

    var defaultValueDescription: String { description }

    /// The setting with `--gas-adjustment` applied (it only matters for `auto`).
    func adjusted(by factor: Double) -> GasSetting {
        if case .auto = self { return .auto(adjustment: factor) }
        return self
    }
}

enum FeeRule {
    /// The chain's smallest fee for a gas limit: max(min_fee, ceil(gas × min_gas_price / 1000)),
    /// the rule of Docs/PROTOCOL.md ("Fees"); nil when no u64 fee can pay it.
    static func minimum(gasLimit: UInt64, params: ParamsDTO) -> UInt64? {
        let p = gasLimit.multipliedFullWidth(by: params.minGasPrice)
        guard p.high < 1000 else { return nil }
        let (q, r) = UInt64(1000).dividingFullWidth(p)
        let (fee, o) = q.addingReportingOverflow(r == 0 ? 0 : 1)
        return o ? nil : max(fee, params.minFee)
    }

    /// Gas used × adjustment, rounded up, kept within the block's gas limit.
    static func adjustedGas(_ used: UInt64, by factor: Double, maxBlockGas: UInt64) -> UInt64 {
        let scaled = (Double(used) * max(factor, 1)).rounded(.up)
        return scaled >= Double(maxBlockGas) ? maxBlockGas : max(used, UInt64(scaled))
    }
}
