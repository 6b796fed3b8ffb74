/// Turns any text (a trainee's name, a unit or session id from a record) into
/// one safe path component: no `/`, no `..`, no control characters, bounded length.
public enum PathEscaping {
    /// Components longer than this are cut and made unique with a hash.
    static let maximumBytes = 96

    public static func component(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "."):
                // Dots are escaped too, so "." and ".." can never appear.
                out += "%2E"
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        // "~" is never produced for any other input ("~" itself is escaped).
        if out.isEmpty { return "~" }
        if out.utf8.count > maximumBytes {
            let hash = SHA256Digest.hex(text).dropFirst("sha256:".count).prefix(16)
            var cut = String(out.prefix(maximumBytes - 17))
            // Never end in the middle of a %XX escape.
            while let percent = cut.lastIndex(of: "%"), cut.distance(from: percent, to: cut.endIndex) < 3 {
                cut = String(cut[..<percent])
            }
            out = cut + "~" + hash
        }
        return out
    }

    /// Reverses `component` for display (long components stay cut).
    public static func decode(_ component: String) -> String {
        var bytes: [UInt8] = []
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let h = iterator.next(), let l = iterator.next(),
                let value = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
