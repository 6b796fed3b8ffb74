/// Serialises `JSONValue` deterministically: keys sorted by their UTF-8 bytes,
/// integers without a fraction, non-ASCII text unescaped. The compact form is
/// the canonical form that record digests are computed over.
public enum JSONWriter {
    public enum Style: Sendable { case compact, pretty }

    public static func bytes(_ value: JSONValue, style: Style = .compact) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(value, into: &out, style: style, indent: 0)
        if style == .pretty { out.append(0x0A) }
        return out
    }

    /// `object` as `bytes(object, style: .pretty)` writes it, with the array under `stream.key` made and
    /// written an element at a time into `sink` (a province's people are never held as one value).
    static func writePretty(_ object: [String: JSONValue], streaming stream: Report.JSONStream, into sink: ByteSink) throws {
        var members = object
        members[stream.key] = .array([])
        let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        sink.buffer.append(UInt8(ascii: "{"))
        for (offset, key) in keys.enumerated() {
            if offset > 0 { sink.buffer.append(UInt8(ascii: ",")) }
            newline(into: &sink.buffer, style: .pretty, indent: 1)
            writeString(key, into: &sink.buffer)
            sink.buffer.append(contentsOf: [UInt8(ascii: ":"), 0x20])
            guard key == stream.key else {
                write(members[key]!, into: &sink.buffer, style: .pretty, indent: 1)
                continue
            }
            var first = true
            try stream.each { element in
                sink.buffer.append(first ? UInt8(ascii: "[") : UInt8(ascii: ","))
                first = false
                newline(into: &sink.buffer, style: .pretty, indent: 2)
                write(element, into: &sink.buffer, style: .pretty, indent: 2)
                try sink.rowEnd()
            }
            if first {
                sink.buffer.append(contentsOf: "[]".utf8)
            } else {
                newline(into: &sink.buffer, style: .pretty, indent: 1)
                sink.buffer.append(UInt8(ascii: "]"))
            }
        }
        newline(into: &sink.buffer, style: .pretty, indent: 0)
        sink.buffer.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
    }

    public static func string(_ value: JSONValue, style: Style = .compact) -> String {
        String(decoding: bytes(value, style: style), as: UTF8.self)
    }

    static func write(_ value: JSONValue, into out: inout [UInt8], style: Style, indent: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: formatNumber(n).utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, style: style, indent: indent + 1)
                write(element, into: &out, style: style, indent: indent + 1)
            }
            newline(into: &out, style: style, indent: indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (offset, key) in keys.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, style: style, indent: indent + 1)
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if style == .pretty { out.append(0x20) }
                write(members[key]!, into: &out, style: style, indent: indent + 1)
            }
            newline(into: &out, style: style, indent: indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    static func newline(into out: inout [UInt8], style: Style, indent: Int) {
        guard style == .pretty else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    /// Integers print without a fraction; everything else uses Swift's shortest round-trip form.
    public static func formatNumber(_ n: Double) -> String {
        guard n.isFinite else { return "null" }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return "\(n)"
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20, 0x7F:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
