#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte strings ordered by their bytes, shorter first on a common prefix: the
/// order the summary cache keeps a folder's file names in. Unlike `<` on
/// `String` it does not depend on Unicode normalization, and it is several
/// times cheaper on the thousands of names in a province's folder.
enum ByteOrder {
    /// Negative, zero or positive as `x` sorts before, with or after `y`.
    static func compare(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
        let length = min(x.count, y.count)
        if length > 0 {
            let c = memcmp(x.baseAddress!, y.baseAddress!, length)
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    static func compare(_ a: String, _ b: String) -> Int {
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in compare(x, y) } }
    }

    /// Bytes `start..<start + 8` as a big-endian integer, zeros past the end. Two
    /// of these (from 0 and from 8) settle almost every comparison of file names
    /// without touching the names: where they differ, they differ as `compare`
    /// does (a shorter name reads as zeros, never higher); where they are equal,
    /// `compare` decides.
    static func prefix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt64 {
        var value: UInt64 = 0
        for offset in start..<start + 8 {
            value <<= 8
            if offset < bytes.count { value |= UInt64(bytes[offset]) }
        }
        return value
    }
}
