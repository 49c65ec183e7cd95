import Hummingbird
import Logging
import NIOCore

/// The Prometheus listener: `GET /metrics` in the text exposition format, on its own address.
public enum MetricsServer {
    public static func application(host: String, port: Int, logger: Logger, render: @escaping @Sendable () -> [UInt8],
                                   onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: render())))
        }
        var logger = logger
        logger[metadataKey: "module"] = "metrics"
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "desci-node-metrics"),
                           onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) }, logger: logger)
    }
}
