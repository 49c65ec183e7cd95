import LedgerCore
import LedgerCrypto

/// C2SP signed-note: a text ending in a newline, a blank line, then signature lines
/// `U+2014 U+0020 <key name> U+0020 base64(key id(4) || signature)`. Only Ed25519 keys (signature
/// type 0x01) are produced or checked; the key id is the first four bytes of
/// SHA-256(key name || 0x0A || 0x01 || public key).
public enum SignedNote {
    public static let maxNoteBytes = 1 << 16
    public static let maxSignatureLines = 100
    static let emDash = "\u{2014}"

    /// A key name may not be empty or contain spaces, newlines or `+` (C2SP signed-note).
    public static func isValidKeyName(_ name: String) -> Bool {
        !name.isEmpty && !name.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: "+") || $0 == 0x7F }
    }

    public static func keyID(name: String, publicKey: PublicKey) -> [UInt8] {
        Array(SHA256.hash(Array(name.utf8) + [0x0A, 0x01] + publicKey.bytes).bytes.prefix(4))
    }

    /// The verifier key string `<name>+<hex key id>+<base64(0x01 || public key)>` (Go's note.Verifier).
    public static func verifierKey(name: String, publicKey: PublicKey) -> String {
        name + "+" + Hex.encode(keyID(name: name, publicKey: publicKey)) + "+" + Base64.encode([0x01] + publicKey.bytes)
    }

    /// The signature line for `text` (which must end in a newline), including its final newline.
    public static func signatureLine(text: String, name: String, publicKey: PublicKey, sign: ([UInt8]) -> Signature) -> String {
        let sig = sign(Array(text.utf8))
        return emDash + " " + name + " " + Base64.encode(keyID(name: name, publicKey: publicKey) + sig.bytes) + "\n"
    }

    /// The whole note: text, blank line, one signature line.
    public static func sign(text: String, name: String, publicKey: PublicKey, sign: ([UInt8]) -> Signature) -> String {
        text + "\n" + signatureLine(text: text, name: name, publicKey: publicKey, sign: sign)
    }

    /// Splits a note into its text and signature lines; checks the framing only.
    public static func split(_ note: String) throws -> (text: String, signatures: [(name: String, keyID: [UInt8], signature: [UInt8])]) {
        let bytes = Array(note.utf8)
        guard bytes.count <= maxNoteBytes else { throw LogError.malformedNote("longer than \(maxNoteBytes) bytes") }
        guard bytes.last == 0x0A else { throw LogError.malformedNote("does not end in a newline") }
        guard !bytes.contains(where: { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F }) else { throw LogError.malformedNote("control character") }
        // The signature block starts after the last blank line.
        var cut: Int?
        var i = bytes.count - 2
        while i >= 0 {
            if bytes[i] == 0x0A, i + 1 < bytes.count, bytes[i + 1] == 0x0A { cut = i; break }
            i -= 1
        }
        guard let c = cut, c > 0 else { throw LogError.malformedNote("no blank line before the signatures") }
        let text = String(decoding: bytes[...c], as: UTF8.self)
        let block = bytes[(c + 2)...]
        var sigs: [(String, [UInt8], [UInt8])] = []
        for raw in block.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            let line = String(decoding: raw, as: UTF8.self)
            guard line.hasPrefix(emDash + " ") else { throw LogError.malformedNote("a signature line must start with an em dash and a space") }
            let rest = line.dropFirst(2)
            let parts = rest.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, isValidKeyName(String(parts[0])) else { throw LogError.malformedNote("a signature line is `— <name> <base64>`") }
            guard let sig = Base64.decode(parts[1]), sig.count >= 5 else { throw LogError.malformedNote("bad signature encoding") }
            sigs.append((String(parts[0]), Array(sig.prefix(4)), Array(sig.dropFirst(4))))
            guard sigs.count <= maxSignatureLines else { throw LogError.malformedNote("more than \(maxSignatureLines) signatures") }
        }
        guard !sigs.isEmpty else { throw LogError.malformedNote("no signature lines") }
        return (text, sigs)
    }

    /// Verifies that `note` carries a valid Ed25519 signature by (name, publicKey); returns the text.
    /// Lines by other keys are ignored, as the spec asks.
    public static func verify(_ note: String, name: String, publicKey: PublicKey) throws -> String {
        let (text, sigs) = try split(note)
        let id = keyID(name: name, publicKey: publicKey)
        let mine = sigs.filter { $0.name == name && $0.keyID == id }
        guard !mine.isEmpty else { throw LogError.unknownKey }
        for s in mine {
            guard s.signature.count == Signature.byteCount, let sig = try? Signature(bytes: s.signature),
                  publicKey.isValidSignature(sig, for: Array(text.utf8))
            else { throw LogError.badSignature }
        }
        return text
    }
}
