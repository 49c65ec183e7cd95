import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a key's passphrase comes from, in order: `--passphrase-file`, `DESCI_PASSPHRASE`, then a
/// prompt on the terminal with echo off.
public struct PassphraseSource: Sendable {
    public var file: String?
    public var environment: [String: String]

    public init(file: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.file = file
        self.environment = environment
    }

    public func read(prompt: String, confirm: Bool = false) throws -> String {
        if let file {
            guard let data = FileManager.default.contents(atPath: (file as NSString).expandingTildeInPath),
                  var text = String(data: data, encoding: .utf8) else {
                throw WalletError("cannot read the passphrase file \(file)", hint: "check the path and that it is readable UTF-8 text")
            }
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return text
        }
        if let env = environment["DESCI_PASSPHRASE"] { return env }
        guard isatty(STDIN_FILENO) == 1 else {
            throw WalletError("a passphrase is needed: use --passphrase-file, set DESCI_PASSPHRASE, or run in a terminal")
        }
        let first = try Self.prompt(prompt)
        if confirm {
            let second = try Self.prompt("Repeat the passphrase: ")
            guard first == second else { throw WalletError("the passphrases do not match") }
        }
        return first
    }

    /// Reads one line from the terminal without echoing it.
    static func prompt(_ text: String) throws -> String {
        FileHandle.standardError.write(Data(text.utf8))
        var old = termios()
        tcgetattr(STDIN_FILENO, &old)
        var quiet = old
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &old)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw WalletError("no passphrase entered") }
        return line
    }
}
