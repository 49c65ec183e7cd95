import Hummingbird
import LedgerAPI
import LedgerCore

/// Validator sets (Docs/RPC.md, "Validators"): what an offline verifier needs to follow set changes.
extension Routes {
    func registerValidatorRoutes(on router: Router<BasicRequestContext>) {
        router.get("validators") { req, _ in
            try JSONResponse.ok(try await api.validators(height: try Params.uint(req, "height")))
        }
        router.get("validators/changes") { _, _ in try JSONResponse.ok(try await api.validatorChanges()) }
    }
}
