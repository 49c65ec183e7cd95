import Foundation
import Hummingbird
import LedgerAPI
import LedgerCore
import Logging
import NIOCore

/// RPC settings (config.toml `[rpc]`).
public struct RPCConfig: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 26657
    public var maxBodyBytes: Int = 16 << 20
    public var maxBlocksPerRequest: UInt64 = 100
    public var commitTimeoutMillis: UInt64 = 30_000
    public var maxBatch: Int = 20_000
    /// Requests handled at once (`max_in_flight`); more get 503 `BUSY` without being read.
    public var maxInFlight: Int = 64
    /// The longest `timeout_ms` a `mode=commit` request may ask for (`max_commit_wait_ms`).
    public var maxCommitWaitMillis: UInt64 = 30_000
    /// Requests waiting at once for their transactions' block (`max_commit_waiters`); they do not
    /// hold an in-flight slot while they wait. More get 503 `BUSY` before anything is admitted.
    public var maxCommitWaiters: Int = 1024
    /// Transactions accepted with `mode=async` whose admission has not run yet
    /// (`max_async_pending`); a request that would exceed it gets 503 `BUSY`.
    public var maxAsyncPending: Int = 100_000
    /// Most gas one `POST /simulate` may execute (`max_simulate_gas`), below the transaction's own limit.
    public var maxSimulateGas: UInt64 = 10_000_000
    /// `GET /events` subscribers served at once (`max_event_subscribers`); more get 503 `TOO_MANY_SUBSCRIBERS`.
    public var maxEventSubscribers: Int = 100
    /// Events queued for one subscriber (`event_queue_size`); one that falls further behind is dropped.
    public var eventQueueSize: Int = 1024
    /// How many heights back `from_height` / `Last-Event-ID` may reach (`max_event_replay_heights`).
    public var maxEventReplayHeights: UInt64 = 1000
    /// Interval of the SSE heartbeat comment (`event_heartbeat_ms`).
    public var eventHeartbeatMillis: UInt64 = 15_000

    public init() {}
}

/// The HTTP/JSON API (Docs/RPC.md), written against `NodeAPI` so it holds no node logic.
public enum RPCServer {
    /// Builds the Hummingbird application. `onListening` receives the bound port (useful with port 0).
    public static func application(api: any NodeAPI, config: RPCConfig, logger: Logger,
                                   onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = logger
        // The `[log.modules] rpc` level applies to what the server logs (LedgerNode `LogModule.rpc`).
        logger[metadataKey: "module"] = "rpc"
        return Application(
            router: router(api: api, config: config),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "desci-node"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? config.port) },
            logger: logger)
    }
}

extension RPCServer {
    /// The routes with their error middleware, without a server (the application's router; the
    /// RPC fuzz target drives it in-process).
    public static func router(api: any NodeAPI, config: RPCConfig) -> Router<BasicRequestContext> {
        let router = Router()
        // Outermost, so errors are counted with the status JSONErrorMiddleware gives them.
        router.add(middleware: RPCMetricsMiddleware())
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: InFlightLimitMiddleware(limit: config.maxInFlight))
        Routes(api: api, config: config).register(on: router)
        return router
    }
}

/// Turns every error into `{"error": {"code", "message"}}` with a fitting status.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as APIError {
            return JSONResponse.error(code: e.code, message: e.message)
        } catch let e as HTTPError {
            let code: ErrorCode = switch e.status.code {
            case 404: .notFound
            case 405: .methodNotAllowed
            case 413: .bodyTooLarge
            default: ErrorCode("HTTP_\(e.status.code)")
            }
            return JSONResponse.error(status: Int(e.status.code), code: code, message: e.body ?? e.status.reasonPhrase)
        } catch {
            context.logger.error("RPC handler failed: \(error)")
            return JSONResponse.error(code: .internal, message: "internal error")
        }
    }
}

enum JSONResponse {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    static func ok<T: Encodable>(_ value: T, status: Int = 200) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func raw(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An error answer whose status comes from the code table (`ErrorStatus`).
    static func error(code: ErrorCode, message: String) -> Response {
        error(status: ErrorStatus.status(for: code), code: code, message: message)
    }

    static func error(status: Int, code: ErrorCode, message: String) -> Response {
        let data = (try? encoder.encode(ErrorBody(code: code.rawValue, message: message))) ?? Data()
        return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
