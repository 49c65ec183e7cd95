import Hummingbird
import LedgerAPI
import LedgerCore

extension Routes {
    /// Attestation queries (Docs/RPC.md, "Attestations").
    func registerAttestationRoutes(on router: Router<BasicRequestContext>) {
        router.get("attestation") { req, _ in
            guard let id = try Self.hashParam(req, "id") else { throw APIError.badRequest(.missingParam, "query parameter 'id' is required") }
            return try JSONResponse.ok(try await api.attestation(id: id))
        }
        router.get("attestations") { req, _ in
            let after = try Self.hashParam(req, "after")
            let limit = try Params.uint(req, "limit") ?? UInt64(AttestationPaging.defaultLimit)
            guard limit >= 1, limit <= UInt64(AttestationPaging.maxLimit) else {
                throw APIError.badRequest(.badParam, "'limit' must be between 1 and \(AttestationPaging.maxLimit)")
            }
            if let subject = try Self.hashParam(req, "subject") {
                return try JSONResponse.ok(try await api.attestations(subject: subject, after: after, limit: Int(limit)))
            }
            if let text = req.uri.queryParameters["attester"] {
                let attester: Address
                do { attester = try Address(bech32: String(text)) } catch {
                    throw APIError.badRequest(.badAddress, "invalid address: \(error)")
                }
                return try JSONResponse.ok(try await api.attestations(attester: attester, after: after, limit: Int(limit)))
            }
            throw APIError.badRequest(.missingParam, "query parameter 'subject' or 'attester' is required")
        }
    }

    static func hashParam(_ req: Request, _ name: String) throws -> Hash? {
        guard let text = req.uri.queryParameters[Substring(name)] else { return nil }
        guard let h = try? Hash(hex: String(text)) else { throw APIError.badRequest(.badHash, "'\(name)' must be 64 hex characters") }
        return h
    }
}
