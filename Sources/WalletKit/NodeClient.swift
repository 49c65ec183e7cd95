import AsyncHTTPClient
import Foundation
import LedgerCore
import NIOCore
import NIOHTTP1
import NIOFoundationCompat

/// A failure reported by the wallet: one clear sentence, the node's code when it gave one, and
/// what to do next (`hint`, else the advice for the code in `ErrorAdvice`).
public struct WalletError: Error, CustomStringConvertible, Sendable {
    public var code: String?
    public var message: String
    public var hint: String?

    public init(_ message: String, code: String? = nil, hint: String? = nil) {
        self.message = message
        self.code = code
        self.hint = hint
    }

    public var description: String { code.map { "\($0): \(message)" } ?? message }
}

/// Talks to a node's HTTP/JSON API.
public struct NodeClient: Sendable {
    public let base: String
    public var timeout: TimeAmount = .seconds(60)

    public init(base: String) {
        var b = base
        while b.hasSuffix("/") { b.removeLast() }
        self.base = b
    }

    private struct ErrorEnvelope: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
        }

        var error: Detail
    }

    /// GET `path` and decode the JSON answer.
    public func get<T: Decodable>(_ path: String, as: T.Type = T.self) async throws -> T {
        let (status, data) = try await send(method: .GET, path: path, body: nil)
        return try decode(status: status, data: data)
    }

    /// POST JSON to `path`. Answers with a JSON body of type `T` are decoded whatever the status
    /// (submission results carry their own codes); other errors become `WalletError`.
    public func post<B: Encodable, T: Decodable>(_ path: String, body: B, as: T.Type = T.self) async throws -> T {
        let payload = try JSONEncoder().encode(body)
        let (status, data) = try await send(method: .POST, path: path, body: payload)
        if status >= 400, let decoded = try? JSONDecoder().decode(T.self, from: data), (try? JSONDecoder().decode(ErrorEnvelope.self, from: data)) == nil {
            return decoded
        }
        return try decode(status: status, data: data)
    }

    private func decode<T: Decodable>(status: Int, data: Data) throws -> T {
        if status >= 400 {
            if let e = try? JSONDecoder().decode(ErrorEnvelope.self, from: data) { throw WalletError(e.error.message, code: e.error.code) }
            throw WalletError("the node answered HTTP \(status)",
                              hint: "is --node the RPC address of a DeSci Ledger node (not its P2P port or another service)? Now \(base)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw WalletError("unexpected answer from the node: \(error)",
                              hint: "the wallet and the node may be different versions: compare `desci --version` with `desci query status`")
        }
    }

    /// Sends raw bytes and returns the status and body undecoded (for tools and tests).
    public func raw(method: String, path: String, body: Data?) async throws -> (status: Int, body: Data) {
        try await send(method: HTTPMethod(rawValue: method), path: path, body: body)
    }

    private func send(method: HTTPMethod, path: String, body: Data?) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        // A short connect timeout: an unreachable node should fail in seconds, not after the
        // whole request timeout.
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .seconds(5), read: timeout)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        defer { Task { try? await http.shutdown() } }
        do {
            let response = try await http.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: 64 << 20)
            try? await http.shutdown()
            return (Int(response.status.code), Data(buffer: buffer))
        } catch let e as WalletError {
            throw e
        } catch {
            throw WalletError("cannot reach the node at \(base): \(error)", code: ErrorAdvice.unreachable,
                              hint: "is the node running? Start one with `desci-node dev`, or check --node URL (or DESCI_NODE; now \(base))")
        }
    }
}
