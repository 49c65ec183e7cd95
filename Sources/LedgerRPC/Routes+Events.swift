import Hummingbird
import LedgerAPI
import LedgerCore
import NIOCore

/// `GET /events`: Server-Sent Events of committed blocks and transactions (Docs/RPC.md, "Events").
/// The subscription is made before the response starts, so a refused one (too many subscribers,
/// resume too far back, bad filter) is a plain JSON error; the stream itself never holds an
/// in-flight slot.
extension Routes {
    func registerEventRoutes(on router: Router<BasicRequestContext>) {
        router.get("events") { req, _ in
            let filter = try EventParams.filter(req)
            let stream = try api.subscribeEvents(filter: filter, resume: try EventParams.resume(req))
            let body = ResponseBody { writer in
                defer { stream.close() }
                // An opening comment so clients (and curl -N) see the stream is up at once.
                try await writer.write(ByteBuffer(string: ": desci-node events\n\n"))
                while let item = await stream.next() {
                    try await writer.write(ByteBuffer(bytes: SSE.encode(item)))
                    if case .dropped = item { break }
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }
}

enum EventParams {
    static func filter(_ req: Request) throws -> EventFilter {
        let q = req.uri.queryParameters
        var f = EventFilter()
        if let s = q["sender"] {
            do { f.sender = try Address(bech32: String(s)) } catch { throw APIError.badRequest(.badAddress, "'sender' is not an address: \(error)") }
        }
        f.action = try text(q["action"], "action")
        f.subject = try text(q["subject"], "subject")
        f.event = try text(q["event"], "event")
        if let types = q["types"] {
            let parts = Set(types.split(separator: ",").map(String.init))
            guard !parts.isEmpty, parts.isSubset(of: ["block", "tx"]) else {
                throw APIError.badRequest(.badParam, "'types' must be block, tx or block,tx")
            }
            f.blocks = parts.contains("block")
            f.transactions = parts.contains("tx")
        }
        return f
    }

    /// `from_height` wins over `Last-Event-ID` (an explicit request beats the browser's retry).
    static func resume(_ req: Request) throws -> EventCursor? {
        if let h = try Params.uint(req, "from_height") { return .from(height: h) }
        guard let last = req.headers.first(where: { $0.name.canonicalName == "last-event-id" })?.value else { return nil }
        guard let c = EventCursor.after(eventID: last) else {
            throw APIError.badRequest(.badParam, "Last-Event-ID must be an event id this node sent (H or H:i)")
        }
        return c
    }

    private static func text(_ value: Substring?, _ name: String) throws -> String? {
        guard let value else { return nil }
        guard !value.isEmpty, value.utf8.count <= 128 else { throw APIError.badRequest(.badParam, "'\(name)' must be 1 to 128 bytes") }
        return String(value)
    }
}

/// The text/event-stream framing (WHATWG HTML, "Server-sent events"). Data is one line of JSON.
enum SSE {
    static func encode(_ item: EventStreamItem) -> [UInt8] {
        switch item {
        case let .event(id, name, data): Array("id: \(id)\nevent: \(name)\ndata: ".utf8) + data + Array("\n\n".utf8)
        case .heartbeat: Array(": heartbeat\n\n".utf8)
        case let .dropped(reason): Array("event: dropped\ndata: {\"reason\":\"\(reason)\"}\n\n".utf8)
        }
    }
}
