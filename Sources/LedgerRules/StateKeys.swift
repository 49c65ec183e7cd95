import LedgerCore

/// State keys: `contract prefix (u8) | record kind (u8) | fixed-width ids`, so each contract's
/// records sort together and range scans serve queries. Documented in Docs/PROTOCOL.md.
public enum StateKey {
    public enum Contract: UInt8 {
        case system = 0x00
        case bank = 0x01
        case contributions = 0x02
        case attestations = 0x03
        case governance = 0x04
    }

    /// `00 01`: the application parameters (`AppParams`).
    public static let params: [UInt8] = [Contract.system.rawValue, 0x01]

    /// `01 01 | address(20)`: an account (`Account`).
    public static func account(_ address: Address) -> [UInt8] {
        [Contract.bank.rawValue, 0x01] + address.bytes
    }

    /// `01 02`: total supply of the native token (u64 BE).
    public static let supply: [UInt8] = [Contract.bank.rawValue, 0x02]
}
