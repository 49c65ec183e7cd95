import Foundation
import Hummingbird
import LedgerAPI
import LedgerCore

extension Routes {
    /// Governance, policy, parameter and treasury queries (Docs/RPC.md, "Governance").
    func registerGovernanceRoutes(on router: Router<BasicRequestContext>) {
        router.get("proposal") { req, _ in
            guard let id = try Params.uint(req, "id") else { throw APIError.badRequest(.missingParam, "query parameter 'id' is required") }
            return try JSONResponse.ok(try await api.proposal(id: id))
        }
        router.get("proposals") { req, _ in
            let limit = try Params.uint(req, "limit") ?? 50
            guard limit >= 1, limit <= 100 else { throw APIError.badRequest(.badParam, "'limit' must be between 1 and 100") }
            let status = req.uri.queryParameters["status"].map(String.init)
            return try JSONResponse.ok(try await api.proposals(status: status, after: try Params.uint(req, "after") ?? 0, limit: Int(limit)))
        }
        router.get("members") { req, _ in
            let limit = try Params.uint(req, "limit") ?? 50
            guard limit >= 1, limit <= 100 else { throw APIError.badRequest(.badParam, "'limit' must be between 1 and 100") }
            var after: Address?
            if let text = req.uri.queryParameters["after"] {
                guard text.utf8.count <= 128, let a = try? Address(bech32: String(text)) else {
                    throw APIError.badRequest(.badAddress, "'after' must be a desci1… address (the 'next' of the previous page)")
                }
                after = a
            }
            return try JSONResponse.ok(try await api.members(after: after, limit: Int(limit)))
        }
        router.get("params") { _, _ in try JSONResponse.ok(try await api.params()) }
        router.get("policy") { req, _ in
            guard let name = req.uri.queryParameters["name"] else { throw APIError.badRequest(.missingParam, "query parameter 'name' is required") }
            return JSONResponse.raw(Self.policyJSON(try await api.policy(name: String(name))))
        }
        router.get("policies") { _, _ in
            let list = try await api.policies()
            var out: [UInt8] = [0x5B]
            for (i, p) in list.enumerated() {
                if i > 0 { out.append(0x2C) }
                out += Self.policyJSON(p)
            }
            out.append(0x5D)
            return JSONResponse.raw(out)
        }
        router.get("treasury") { _, _ in try JSONResponse.ok(try await api.treasury()) }
    }

    /// `{"name": …, "rule": <the rule as JSON>}`: the rule is embedded as JSON, not as a string.
    static func policyJSON(_ p: PolicyDTO) -> [UInt8] {
        let name: [UInt8] = (try? JSONEncoder().encode(p.name)).map { Array($0) } ?? [0x22, 0x22]
        var out: [UInt8] = Array(#"{"name":"#.utf8)
        out += name
        out += Array(#","rule":"#.utf8)
        out += Array(p.rule.utf8)
        out.append(0x7D)
        return out
    }
}
