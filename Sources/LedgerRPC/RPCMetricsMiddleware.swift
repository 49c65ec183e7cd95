import Dispatch
import Hummingbird
import Metrics

/// Counts RPC requests and times them by route (the matched route pattern, so the label set stays
/// bounded: `/log/entry/{index}`, not every index). Without a metrics backend these are no-ops.
struct RPCMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    static var requests: String { "desci_rpc_requests_total" }
    static var duration: String { "desci_rpc_request_duration_seconds" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let method = request.method.rawValue
        let response = try await next(request, context)
        let route = context.endpointPath ?? "unmatched"
        Counter(label: Self.requests, dimensions: [("route", route), ("method", method), ("status", String(response.status.code))]).increment()
        Metrics.Timer(label: Self.duration, dimensions: [("route", route), ("method", method)])
            .recordNanoseconds(Int64(clamping: DispatchTime.now().uptimeNanoseconds - start))
        return response
    }
}
