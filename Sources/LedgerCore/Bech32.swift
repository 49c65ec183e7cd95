/// BIP-173 bech32: the checksummed text form of addresses.
public enum Bech32 {
    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case mixedCase
        case invalidCharacter(Character)
        case missingSeparator
        case invalidLength(Int)
        case invalidHumanReadablePart
        case badChecksum
        case invalidPadding
        case wrongPrefix(expected: String, got: String)

        public var description: String {
            switch self {
            case .mixedCase: "address mixes upper and lower case"
            case let .invalidCharacter(c): "address contains an invalid character '\(c)'"
            case .missingSeparator: "address has no '1' separator"
            case let .invalidLength(n): "address has an invalid length (\(n) characters)"
            case .invalidHumanReadablePart: "address has an invalid prefix"
            case .badChecksum: "address checksum does not match (mistyped?)"
            case .invalidPadding: "address data has invalid padding"
            case let .wrongPrefix(e, g): "address prefix must be '\(e)', got '\(g)'"
            }
        }
    }

    private static let charset: [UInt8] = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (i, c) in charset.enumerated() { table[Int(c)] = Int8(i) }
        return table
    }()

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let gen: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var chk: UInt32 = 1
        for v in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= gen[i] }
        }
        return chk
    }

    private static func hrpExpand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    /// Encodes 5-bit groups under a human-readable part.
    public static func encode(hrp: String, data5: [UInt8]) -> String {
        let h = Array(hrp.lowercased().utf8)
        let mod = polymod(hrpExpand(h) + data5 + [0, 0, 0, 0, 0, 0]) ^ 1
        var out = h + [UInt8(ascii: "1")]
        for d in data5 { out.append(charset[Int(d)]) }
        for i in 0..<6 { out.append(charset[Int((mod >> UInt32(5 * (5 - i))) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes a bech32 string into its human-readable part and 5-bit data (checksum removed).
    public static func decode(_ text: String) throws -> (hrp: String, data5: [UInt8]) {
        let raw = Array(text.utf8)
        guard raw.count >= 8, raw.count <= 90 else { throw Error.invalidLength(raw.count) }
        var hasLower = false, hasUpper = false
        for c in raw {
            guard c >= 33, c <= 126 else { throw Error.invalidCharacter(Character(Unicode.Scalar(c))) }
            if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") { hasLower = true }
            if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") { hasUpper = true }
        }
        if hasLower && hasUpper { throw Error.mixedCase }
        let lower = raw.map { ($0 >= 65 && $0 <= 90) ? $0 + 32 : $0 }
        guard let sep = lower.lastIndex(of: UInt8(ascii: "1")) else { throw Error.missingSeparator }
        guard sep >= 1 else { throw Error.invalidHumanReadablePart }
        guard lower.count - sep - 1 >= 6 else { throw Error.invalidLength(raw.count) }
        let hrp = Array(lower[..<sep])
        var data = [UInt8]()
        for c in lower[(sep + 1)...] {
            let v = c < 128 ? reverse[Int(c)] : -1
            guard v >= 0 else { throw Error.invalidCharacter(Character(Unicode.Scalar(c))) }
            data.append(UInt8(v))
        }
        guard polymod(hrpExpand(hrp) + data) == 1 else { throw Error.badChecksum }
        return (String(decoding: hrp, as: UTF8.self), Array(data.dropLast(6)))
    }

    /// Regroups bits (8 -> 5 when encoding, 5 -> 8 when decoding).
    public static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) throws -> [UInt8] {
        var acc = 0, bits = 0
        var out = [UInt8]()
        let maxv = (1 << to) - 1
        for v in data {
            guard Int(v) >> from == 0 else { throw Error.invalidPadding }
            acc = (acc << from) | Int(v)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((acc >> bits) & maxv))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((acc << (to - bits)) & maxv)) }
        } else if bits >= from || ((acc << (to - bits)) & maxv) != 0 {
            throw Error.invalidPadding
        }
        return out
    }
}
