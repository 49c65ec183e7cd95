import Foundation
import Hummingbird
import JsonLogic
import LedgerRPC
import Logging
import NIOCore
import NIOEmbedded

/// The RPC routes, driven in-process (no socket) through the router's responder against
/// `FakeNode`. Input: a first line `METHOD /path?query`, then the request body.
///
/// Properties: no request ends in a 500 (an unexpected error inside a handler); the node is only
/// called within the limits the routes promise; every response is JSON, and errors carry
/// `{"error": {"code", "message"}}` (or, for a rejected submission, its result) with a
/// non-empty string code.
enum RPCProperties {
    static let config: RPCConfig = {
        var c = RPCConfig()
        c.maxBodyBytes = 64 << 10
        c.maxBatch = 64
        return c
    }()
    static let node = FakeNode(config: config)
    static let responder = RPCServer.router(api: node, config: config).buildResponder()
    static let logger = Logger(label: "desci.fuzz.rpc", factory: { _ in SwiftLogNoOpLogHandler() })
    /// One channel for every request's context: a fresh `EmbeddedChannel` per input is never
    /// closed and kept its pipeline alive (the long run ran out of memory after 740,000 inputs).
    /// The routes never touch the channel.
    static let channel = EmbeddedChannel()

    /// For libFuzzer's thread, which is not part of the concurrency pool.
    static func rpc(_ bytes: [UInt8]) throws(PropertyViolation) {
        guard let (method, path, body) = parse(bytes) else { return }
        try verify(method, path, blockingRespond(method: method, path: path, body: body))
    }

    /// For callers already in async code (the regression tests): blocking a pool thread there
    /// could starve the task it waits for.
    static func rpcAsync(_ bytes: [UInt8]) async throws(PropertyViolation) {
        guard let (method, path, body) = parse(bytes) else { return }
        try verify(method, path, await respond(method: method, path: path, body: body))
    }

    static func parse(_ bytes: [UInt8]) -> (HTTPRequest.Method, String, [UInt8])? {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        let line = bytes[..<newline]
        let body = newline < bytes.endIndex ? Array(bytes[(newline + 1)...]) : []
        let space = line.firstIndex(of: UInt8(ascii: " ")) ?? line.endIndex
        guard let method = HTTPRequest.Method(String(decoding: line[..<space], as: UTF8.self)) else { return nil }
        var target = Array(space < line.endIndex ? line[(space + 1)...] : [])
        // An HTTP parser only hands the router visible ASCII in the request target.
        guard target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        if target.first != UInt8(ascii: "/") { target.insert(UInt8(ascii: "/"), at: 0) }
        return (method, String(decoding: target, as: UTF8.self), body)
    }

    static func verify(_ method: HTTPRequest.Method, _ path: String, _ answer: (Int, String?, [UInt8])) throws(PropertyViolation) {
        let (status, contentType, responseBody) = answer
        let fail = { (m: String) in PropertyViolation("rpc", "\(method) \(path): \(m)") }
        if let broken = node.takeBrokenPromise() { throw fail("the route called the node outside its limits: \(broken)") }
        guard status != 500 else { throw fail("internal error: \(String(decoding: responseBody, as: UTF8.self))") }
        guard method != .head else { return }
        guard contentType == "application/json" else { throw fail("content type \(contentType ?? "none"), status \(status)") }
        guard let json = try? JSONValue(parsing: responseBody) else { throw fail("response body is not JSON, status \(status)") }
        if status >= 400 {
            // A rejected submission answers with its submit result, whose `code` says why (Docs/RPC.md).
            let code = json.objectValue?["error"]?.objectValue?["code"] ?? json.objectValue?["code"]
            guard case .string(let code)? = code, !code.isEmpty else {
                throw fail("error response \(status) without an error code")
            }
        }
    }

    /// libFuzzer calls in synchronously; the responder is async. The calling thread waits while
    /// the request runs on the concurrency pool (never on this thread, so it cannot deadlock).
    static func blockingRespond(method: HTTPRequest.Method, path: String, body: [UInt8]) -> (Int, String?, [UInt8]) {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await respond(method: method, path: path, body: body)
            done.signal()
        }
        done.wait()
        return box.value
    }

    static func respond(method: HTTPRequest.Method, path: String, body: [UInt8]) async -> (Int, String?, [UInt8]) {
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "127.0.0.1", path: path),
            body: RequestBody(buffer: ByteBuffer(bytes: body)))
        let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        do {
            let response = try await responder.respond(to: request, context: context)
            let collected = BytesBox()
            try await response.body.write(BodyCollector(box: collected))
            return (Int(response.status.code), response.headers[.contentType], collected.bytes)
        } catch {
            // The error middleware turns every error into a response; one escaping it is a 500.
            return (500, nil, Array("\(error)".utf8))
        }
    }
}

private final class ResultBox: @unchecked Sendable {
    var value: (Int, String?, [UInt8]) = (0, nil, [])
}

private final class BytesBox: @unchecked Sendable {
    var bytes: [UInt8] = []
}

/// Gathers a response body in memory.
private struct BodyCollector: ResponseBodyWriter {
    let box: BytesBox
    mutating func write(_ buffer: ByteBuffer) async throws { box.bytes.append(contentsOf: buffer.readableBytesView) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
