import Crypto

public enum SHA256Digest {
    /// `sha256:<64 hex digits>`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        var out = "sha256:"
        out.reserveCapacity(71)
        let digits = Array("0123456789abcdef")
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return out
    }

    public static func hex(_ text: String) -> String { hex(Array(text.utf8)) }
}
