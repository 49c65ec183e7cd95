import Hummingbird
import LedgerAPI
import LedgerCore

extension Routes {
    /// Attestation queries (Docs/RPC.md).
    func registerAttestationRoutes(on router: Router<BasicRequestContext>) {}
}
