import Foundation
import Hummingbird
import LedgerAPI
import LedgerCore
import NIOCore

/// The route table. Each handler parses its input, calls the node, and encodes the answer.
struct Routes: Sendable {
    let api: any NodeAPI
    let config: RPCConfig

    func register(on router: Router<BasicRequestContext>) {
        registerContributionRoutes(on: router)
        registerAttestationRoutes(on: router)
        registerGovernanceRoutes(on: router)
        registerLogRoutes(on: router)
        registerValidatorRoutes(on: router)
        registerEventRoutes(on: router)
        router.get("health") { _, _ in try JSONResponse.ok(["status": "ok"]) }
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"],
                     body: .init(byteBuffer: ByteBuffer(bytes: Array(OpenAPIDocument.yaml.utf8))))
        }
        router.get("status") { _, _ in try JSONResponse.ok(try await api.status()) }
        router.get("genesis") { _, _ in JSONResponse.raw(try await api.genesisJSON()) }
        router.get("block") { req, _ in
            let height = try Params.uint(req, "height")
            return try JSONResponse.ok(try await api.block(height: height))
        }
        router.get("blocks") { req, _ in
            guard let from = try Params.uint(req, "from") else { throw APIError.badRequest(.missingParam, "query parameter 'from' is required") }
            let to = try Params.uint(req, "to") ?? from.addingReportingOverflow(config.maxBlocksPerRequest - 1).partialValue.clamped(min: from)
            guard to >= from else { throw APIError.badRequest(.badRange, "'to' must not be below 'from'") }
            guard to - from < config.maxBlocksPerRequest else {
                throw APIError.badRequest(.badRange, "at most \(config.maxBlocksPerRequest) blocks per request")
            }
            return try JSONResponse.ok(try await api.blocks(from: from, to: to))
        }
        router.get("tx") { req, _ in
            guard let text = req.uri.queryParameters["hash"] else { throw APIError.badRequest(.missingParam, "query parameter 'hash' is required") }
            guard let id = try? Hash(hex: String(text)) else { throw APIError.badRequest(.badHash, "'hash' must be 64 hex characters") }
            return try JSONResponse.ok(try await api.transaction(id: id))
        }
        router.get("account") { req, _ in
            guard let text = req.uri.queryParameters["address"] else {
                throw APIError.badRequest(.missingParam, "query parameter 'address' is required")
            }
            let address: Address
            do { address = try Address(bech32: String(text)) } catch {
                throw APIError.badRequest(.badAddress, "invalid address: \(error)")
            }
            return try JSONResponse.ok(try await api.account(address: address))
        }
        router.get("proof/state") { req, _ in
            guard let text = req.uri.queryParameters["key"] else { throw APIError.badRequest("MISSING_PARAM", "query parameter 'key' is required") }
            guard text.utf8.count <= 2048, let key = Hex.decode(String(text)), !key.isEmpty else {
                throw APIError.badRequest("BAD_KEY", "'key' must be 1 to 1024 bytes of hex")
            }
            return try JSONResponse.ok(try await api.stateProof(key: key, height: try Params.uint(req, "height")))
        }
        router.get("mempool") { _, _ in try JSONResponse.ok(try await api.mempool()) }

        router.post("tx") { req, _ in
            let body: SubmitRequest = try await Params.json(req, limit: config.maxBodyBytes)
            let mode = try Params.mode(req) ?? body.mode ?? .sync
            let raw = try Params.transactionBytes(body.tx)
            let result = try await api.submit(raw, mode: mode, timeoutMillis: try Params.timeout(req, default: config.commitTimeoutMillis, max: config.maxCommitWaitMillis))
            if !result.accepted {
                return try JSONResponse.ok(result, status: ErrorStatus.status(for: ErrorCode(result.code)))
            }
            return try JSONResponse.ok(result)
        }
        router.post("simulate") { req, _ in
            // Same body and size limit as POST /tx; `mode` is accepted and ignored.
            let body: SubmitRequest = try await Params.json(req, limit: config.maxBodyBytes)
            let result = try await api.simulate(try Params.transactionBytes(body.tx))
            return try JSONResponse.ok(result, status: result.includable ? 200 : 400)
        }
        router.post("txs") { req, _ in
            let body: SubmitBatchRequest = try await Params.json(req, limit: config.maxBodyBytes)
            guard body.txs.count <= config.maxBatch else {
                throw APIError.badRequest(.batchTooLarge, "at most \(config.maxBatch) transactions per batch")
            }
            let mode = try Params.mode(req) ?? body.mode ?? .sync
            let raws = try body.txs.map(Params.transactionBytes)
            let results = try await api.submitBatch(raws, mode: mode, timeoutMillis: try Params.timeout(req, default: config.commitTimeoutMillis, max: config.maxCommitWaitMillis))
            return try JSONResponse.ok(SubmitBatchResponse(results: results))
        }
    }
}

/// Query and body parsing with precise errors.
enum Params {
    static func uint(_ req: Request, _ name: String) throws -> UInt64? {
        guard let text = req.uri.queryParameters[Substring(name)] else { return nil }
        guard let v = UInt64(text) else { throw APIError.badRequest(.badParam, "'\(name)' must be a non-negative integer") }
        return v
    }

    /// `timeout_ms` for mode=commit: at most `[rpc] max_commit_wait_ms` (a waiter holds memory
    /// and a waiter slot for as long as it asks).
    static func timeout(_ req: Request, default value: UInt64, max: UInt64) throws -> UInt64 {
        guard let t = try uint(req, "timeout_ms") else { return min(value, max) }
        guard t >= 1, t <= max else {
            throw APIError.badRequest(.badParam, "'timeout_ms' must be between 1 and \(max) (this node's max_commit_wait_ms)")
        }
        return t
    }

    static func mode(_ req: Request) throws -> SubmitMode? {
        guard let text = req.uri.queryParameters["mode"] else { return nil }
        guard let m = SubmitMode(rawValue: String(text)) else { throw APIError.badRequest(.badParam, "'mode' must be async, sync or commit") }
        return m
    }

    static func json<T: Decodable>(_ req: Request, limit: Int) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await req.body.collect(upTo: limit)
        } catch {
            throw APIError(code: .bodyTooLarge, message: "the request body exceeds \(limit) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest(.malformedJSON, "the request body is not the expected JSON: \(Self.describe(error))")
        }
    }

    /// Signed transactions arrive as hex (optionally 0x-prefixed) or standard base64.
    static func transactionBytes(_ text: String) throws -> [UInt8] {
        if let raw = Hex.decode(text) { return raw }
        if let data = Data(base64Encoded: text) { return Array(data) }
        throw APIError.badRequest(.badEncoding, "the transaction must be hex or base64")
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(k, _): "missing field '\(k.stringValue)'"
        case let DecodingError.typeMismatch(_, c): "wrong type at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        case let DecodingError.dataCorrupted(c): c.debugDescription
        case let DecodingError.valueNotFound(_, c): "missing value at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: "\(error)"
        }
    }
}

extension UInt64 {
    /// Overflowed sums wrap below `min`; this restores them to the largest value.
    fileprivate func clamped(min lower: UInt64) -> UInt64 { self < lower ? .max : self }
}
