import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A minimal JSON-over-HTTP client for the in-process node (AsyncHTTPClient's shared client).
struct BenchHTTP: Sendable {
    let base: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends a request and returns the status and the raw body (decoding is left to the caller, so
    /// the timed part of the benchmark does not pay for it).
    func send(_ method: HTTPMethod, _ path: String, body: ByteBuffer? = nil) async throws -> (status: Int, body: ByteBuffer) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), buffer)
    }

    func get<T: Decodable>(_ path: String, as: T.Type) async throws -> T {
        let (status, body) = try await send(.GET, path)
        guard status == 200 else { throw Failure(description: "GET \(path) answered HTTP \(status): \(String(buffer: body))") }
        return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }
}

/// The few fields of the node's answers the benchmark reads.
enum Wire {
    struct Status: Decodable {
        var latestHeight: UInt64
        var mempoolSize: Int
        enum CodingKeys: String, CodingKey { case latestHeight = "latest_height", mempoolSize = "mempool_size" }
    }

    struct Block: Decodable {
        struct Header: Decodable {
            var transactionCount: Int
            enum CodingKeys: String, CodingKey { case transactionCount = "transaction_count" }
        }

        var header: Header
    }

    struct BlockSummary: Decodable {
        struct Header: Decodable {
            var height: UInt64
            enum CodingKeys: String, CodingKey { case height }
        }

        var header: Header
        var transactions: [String]
    }

    struct SubmitOne: Encodable {
        var tx: String
        var mode: String
    }

    struct SubmitBatch: Encodable {
        var txs: [String]
        var mode: String
    }

    struct SubmitBatchResponse: Decodable {
        struct Result: Decodable {
            var accepted: Bool
            var code: String?
            var message: String?
        }

        var results: [Result]
    }
}
