import Hummingbird
import LedgerAPI
import LedgerCore

extension Routes {
    /// Governance, policy, parameter and treasury queries (Docs/RPC.md).
    func registerGovernanceRoutes(on router: Router<BasicRequestContext>) {}
}
