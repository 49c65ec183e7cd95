import LedgerCrypto
import Testing
@testable import WalletKit

@Suite("Error advice")
struct ErrorAdviceTests {
    @Test("node codes map to a next step that names the option or command to use")
    func codesHaveHints() throws {
        let cases: [(String, String)] = [
            ("UNREACHABLE", "--node"), ("INSUFFICIENT_FEE", "--fee"), ("INSUFFICIENT_FUNDS", "desci query account"),
            ("BAD_NONCE", "desci query account"), ("OUT_OF_GAS", "--gas auto"), ("NOT_FOUND", "--wait"),
            ("TIMEOUT", "--timeout"), ("UNKNOWN_PROPOSAL", "desci query proposals"), ("WRONG_CHAIN", "--genesis-hash"),
        ]
        for (code, needle) in cases {
            let hint = try #require(ErrorAdvice.hint(code: code), "no hint for \(code)")
            #expect(hint.contains(needle), "\(code): \(hint)")
        }
        #expect(ErrorAdvice.hint(code: "SOMETHING_NEW") == nil)
        #expect(ErrorAdvice.hint(code: nil) == nil)
    }

    @Test("a WalletError's own hint wins over the code's; its message keeps the code")
    func walletErrorHint() throws {
        let own = try #require(ErrorAdvice.advise(WalletError("x", code: "NOT_FOUND", hint: "do this")))
        #expect(own.message == "NOT_FOUND: x" && own.hint == "do this")
        let byCode = try #require(ErrorAdvice.advise(WalletError("no fee", code: "INSUFFICIENT_FEE")))
        #expect(byCode.hint == ErrorAdvice.hint(code: "INSUFFICIENT_FEE"))
    }

    @Test("wrong passphrase and missing key say what to try")
    func keyErrors() throws {
        let pass = try #require(ErrorAdvice.advise(CryptoError.decryptionFailed))
        #expect(pass.message.contains("wrong passphrase") && pass.hint?.contains("--passphrase-file") == true)
        let missing = try #require(ErrorAdvice.advise(KeyStoreError.notFound("bob")))
        #expect(missing.message.contains("bob") && missing.hint?.contains("desci keys list") == true)
    }

    @Test("errors the wallet does not own are left to ArgumentParser")
    func foreignErrors() {
        struct Other: Error {}
        #expect(ErrorAdvice.advise(Other()) == nil)
    }

    @Test("an unreachable node is reported with the UNREACHABLE code and the URL that was tried")
    func unreachableNode() async throws {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        let client = NodeClient(base: "http://127.0.0.1:1")
        do {
            let _: [String: String] = try await client.get("/status")
            Issue.record("expected a failure")
        } catch let e as WalletError {
            #expect(e.code == ErrorAdvice.unreachable)
            #expect(e.hint?.contains("http://127.0.0.1:1") == true && e.hint?.contains("--node") == true)
        }
    }
}
