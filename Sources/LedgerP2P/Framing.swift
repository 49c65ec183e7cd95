/// `u32 big-endian length || payload`. The length is checked against `max_frame_bytes` before
/// any byte of the payload is buffered, so a hostile length cannot make us allocate.
public struct FrameReader {
    public let maxFrameBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0

    public init(maxFrameBytes: Int) { self.maxFrameBytes = maxFrameBytes }

    public static func frame(_ payload: [UInt8]) -> [UInt8] {
        let n = UInt32(payload.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + payload
    }

    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 { buffer.append(contentsOf: bytes) }

    /// The next complete frame's payload, nil if more bytes are needed.
    public mutating func next() throws(P2PError) -> [UInt8]? {
        guard buffer.count - start >= 4 else { return nil }
        let b = buffer[start..<start + 4].map(Int.init)
        let length = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
        guard length <= maxFrameBytes else { throw .frameTooLarge(length: length, limit: maxFrameBytes) }
        guard buffer.count - start - 4 >= length else { return nil }
        let payload = Array(buffer[start + 4..<start + 4 + length])
        start += 4 + length
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
        return payload
    }
}
