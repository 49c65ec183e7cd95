import Hummingbird
import LedgerAPI
import LedgerCore

extension Routes {
    /// Contribution, dataset and lineage queries (Docs/RPC.md, "Contributions").
    func registerContributionRoutes(on router: Router<BasicRequestContext>) {
        router.get("contribution") { req, _ in
            try JSONResponse.ok(try await api.contribution(id: try ContributionParams.id(req)))
        }
        router.get("contribution/by-digest") { req, _ in
            guard let text = req.uri.queryParameters["digest"] else { throw APIError.badRequest(.missingParam, "query parameter 'digest' is required") }
            // A multihash is a few dozen bytes: refuse anything longer before decoding it.
            guard text.utf8.count <= Self.maxDigestHexChars, let raw = Hex.decode(String(text)), !raw.isEmpty else {
                throw APIError.badRequest(.badParam, "'digest' must be a hex multihash of at most \(Self.maxDigestHexChars) hex digits (SHA-256: 1220 + 64)")
            }
            return try JSONResponse.ok(try await api.contribution(digest: raw))
        }
        router.get("contributions") { req, _ in
            guard let text = req.uri.queryParameters["contributor"] else {
                throw APIError.badRequest(.missingParam, "query parameter 'contributor' is required")
            }
            let address: Address
            do { address = try Address(bech32: String(text)) } catch { throw APIError.badRequest(.badAddress, "invalid address: \(error)") }
            return try JSONResponse.ok(try await api.contributions(contributor: address, limit: try ContributionParams.limit(req),
                                                                   after: try ContributionParams.after(req)))
        }
        router.get("lineage") { req, _ in
            try JSONResponse.ok(try await api.lineage(id: try ContributionParams.id(req), depth: try ContributionParams.depth(req)))
        }
        router.get("descendants") { req, _ in
            try JSONResponse.ok(try await api.descendants(id: try ContributionParams.id(req), depth: try ContributionParams.depth(req)))
        }
        router.get("versions") { req, _ in
            try JSONResponse.ok(try await api.versions(id: try ContributionParams.id(req), after: try ContributionParams.after(req),
                                                       limit: try ContributionParams.limit(req)))
        }
        router.get("citations") { req, _ in
            try JSONResponse.ok(try await api.citations(id: try ContributionParams.id(req), limit: try ContributionParams.limit(req),
                                                        after: try ContributionParams.after(req)))
        }
    }
}

extension Routes {
    /// The longest `digest` accepted by `GET /contribution/by-digest`: 64 bytes of multihash.
    static let maxDigestHexChars = 128
}

enum ContributionParams {
    static func hash(_ req: Request, _ name: String) throws -> Hash? {
        guard let text = req.uri.queryParameters[Substring(name)] else { return nil }
        guard let h = try? Hash(hex: String(text)) else { throw APIError.badRequest(.badHash, "'\(name)' must be 64 hex characters") }
        return h
    }

    static func id(_ req: Request) throws -> Hash {
        guard let id = try hash(req, "id") else { throw APIError.badRequest(.missingParam, "query parameter 'id' is required") }
        return id
    }

    /// `depth`: 0…1000, default 10.
    static func depth(_ req: Request) throws -> Int {
        guard let d = try Params.uint(req, "depth") else { return 10 }
        guard d <= 1000 else { throw APIError.badRequest(.badParam, "'depth' must be at most 1000") }
        return Int(d)
    }

    /// `limit`: 1…100, default 50.
    static func limit(_ req: Request) throws -> Int {
        guard let l = try Params.uint(req, "limit") else { return 50 }
        guard l >= 1, l <= 100 else { throw APIError.badRequest(.badParam, "'limit' must be between 1 and 100") }
        return Int(l)
    }

    /// `after` (or its alias `cursor`): the `next_cursor` of the previous page.
    static func after(_ req: Request) throws -> Hash? {
        try hash(req, "after") ?? hash(req, "cursor")
    }
}
