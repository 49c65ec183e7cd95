import Hummingbird
import LedgerAPI
import LedgerCore

extension Routes {
    /// Contribution, dataset and lineage queries (Docs/RPC.md).
    func registerContributionRoutes(on router: Router<BasicRequestContext>) {}
}
