import Foundation
import Testing

/// No Docker engine runs where the tests run, so docker-compose.yml is checked for what would
/// silently break it: each validator runs its own home, publishes the RPC port `desci-node testnet`
/// gives that node (P+2i+1 from 26656), is reachable at the host name the init step wrote into
/// every peer list, and has a health check on that same address.
@Suite("docker-compose.yml")
struct ComposeFileTests {
    @Test("four validators: home, host name, published RPC port and health check agree with the testnet layout")
    func validatorsAgree() throws {
        let text = try readDoc("docker-compose.yml")
        #expect(text.contains("--hosts validator-0,validator-1,validator-2,validator-3 --starting-port 26656"))
        for i in 0..<4 {
            let rpc = 26656 + 2 * i + 1
            let block = try #require(serviceBlock("validator-\(i)", in: text), "service validator-\(i) exists")
            #expect(block.contains("hostname: validator-\(i)"))
            #expect(block.contains(#"command: ["start", "--home", "/net/node\#(i)"]"#))
            #expect(block.contains(#"ports: ["127.0.0.1:\#(rpc):\#(rpc)"]"#))
            #expect(block.contains("/dev/tcp/validator-\(i)/\(rpc)"))
            #expect(block.contains("<<: *validator"))
        }
        #expect(serviceBlock("validator-4", in: text) == nil)
    }

    @Test("the Dockerfile builds both binaries with the toolchain major.minor the project uses")
    func dockerfile() throws {
        let text = try readDoc("Dockerfile")
        #expect(text.contains("FROM swift:6.3-bookworm AS build"))
        #expect(text.contains("--product desci-node") && text.contains("--product desci "))
    }

    /// The lines of one top-level service, up to the next service at the same indentation.
    private func serviceBlock(_ name: String, in text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "  \(name):") else { return nil }
        var end = start + 1
        while end < lines.count, lines[end].isEmpty || lines[end].hasPrefix("    ") { end += 1 }
        return lines[start..<end].joined(separator: "\n")
    }
}
