import Hummingbird
import LedgerAPI
import LedgerCore
import NIOCore

/// The record log (Docs/RPC.md, "Record log"): checkpoint, proofs, entries, and the static
/// tlog-tiles layout under `/tile/` so any tlog client (or a mirror) can read it.
extension Routes {
    func registerLogRoutes(on router: Router<BasicRequestContext>) {
        router.get("log/checkpoint") { _, _ in
            Self.bytes(Array(try await api.logCheckpoint().utf8), type: "text/plain; charset=utf-8", cache: "no-cache")
        }
        router.get("log/proof/inclusion") { req, _ in
            guard let index = try Params.uint(req, "index") else { throw APIError.badRequest("MISSING_PARAM", "query parameter 'index' is required") }
            return try JSONResponse.ok(try await api.logInclusionProof(index: index, size: try Params.uint(req, "size")))
        }
        router.get("log/proof/consistency") { req, _ in
            guard let from = try Params.uint(req, "from") else { throw APIError.badRequest("MISSING_PARAM", "query parameter 'from' is required") }
            return try JSONResponse.ok(try await api.logConsistencyProof(from: from, to: try Params.uint(req, "to")))
        }
        router.get("log/entry/:index") { _, context in
            guard let text = context.parameters.get("index"), let index = UInt64(text) else {
                throw APIError.badRequest("BAD_PARAM", "the entry index must be a non-negative integer")
            }
            return try JSONResponse.ok(try await api.logEntry(index: index))
        }
        router.get("audit/bundle") { req, _ in
            guard let text = req.uri.queryParameters["id"], let raw = Hex.decode(String(text)), let id = try? Hash(bytes: raw) else {
                throw APIError.badRequest("BAD_PARAM", "query parameter 'id' must be a record id (64 hex digits)")
            }
            return Self.bytes(try await api.auditBundle(id: id), type: "application/octet-stream", cache: "no-cache")
        }
        router.get("tile/**") { req, _ in
            let path = req.uri.path
            guard path.hasPrefix("/tile/"), path.utf8.count <= 128 else { throw APIError.notFound("no such tile") }
            let tile = try await api.logTile(path: String(path.dropFirst("/tile/".count)))
            return Self.bytes(tile.bytes, type: "application/octet-stream",
                              cache: tile.full ? "public, max-age=31536000, immutable" : "no-cache")
        }
    }

    static func bytes(_ bytes: [UInt8], type: String, cache: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: cache], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
