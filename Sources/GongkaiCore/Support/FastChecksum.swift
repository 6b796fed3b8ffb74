/// A fast 64-bit checksum (four independent multiply–rotate lanes over 8-byte
/// words). For noticing accidental damage to the report cache, not tampering:
/// anyone who can rewrite files under Results/ can rewrite records too.
public enum FastChecksum {
    public static func of(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { of($0) }
    }

    public static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        of(UnsafeRawBufferPointer(bytes))
    }

    /// `done(n)` is called each time another `stretch` bytes (a multiple of 32) have been read: a
    /// caller reading a mapped file gives those pages back as it goes. The checksum is the same.
    public static func of(_ raw: UnsafeRawBufferPointer, stretch: Int = Int.max, done: (Int) -> Void = { _ in }) -> UInt64 {
        do {
            let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
            let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
            var lanes: (UInt64, UInt64, UInt64, UInt64) = (prime1, prime2, 0x1656_67B1_9E37_79F9, 0x85EB_CA77_C2B2_AE63)
            @inline(__always) func round(_ acc: UInt64, _ word: UInt64) -> UInt64 {
                let mixed = acc &+ word &* prime2
                return ((mixed << 31) | (mixed >> 33)) &* prime1
            }
            let count = raw.count
            var offset = 0
            let step = max(32, stretch / 32 * 32)
            var next = stretch == Int.max ? -1 : step
            while offset + 32 <= count {
                lanes.0 = round(lanes.0, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                lanes.1 = round(lanes.1, raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                lanes.2 = round(lanes.2, raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                lanes.3 = round(lanes.3, raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
                offset += 32
                if offset == next {
                    done(offset)
                    next += step
                }
            }
            var hash = lanes.0 ^ ((lanes.1 << 7) | (lanes.1 >> 57)) ^ ((lanes.2 << 12) | (lanes.2 >> 52)) ^ ((lanes.3 << 18) | (lanes.3 >> 46))
            hash = hash &+ UInt64(count)
            while offset < count {
                hash = round(hash, UInt64(raw[offset]))
                offset += 1
            }
            hash ^= hash >> 33
            hash = hash &* prime2
            hash ^= hash >> 29
            return hash
        }
    }
}

/// The frame of gongkai's own binary caches: a magic (format and version), then
/// the checksum of everything after it, then the body. A file whose checksum
/// does not match is ignored, never believed.
enum ChecksummedFile {
    static let checksumLength = 8

    /// A writer holding the magic and room for the checksum; append the body, then `seal`.
    static func writer(magic: [UInt8], reserving capacity: Int = 0) -> ByteWriter {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(magic.count + checksumLength + capacity)
        writer.bytes.append(contentsOf: magic)
        writer.bytes.append(contentsOf: repeatElement(0, count: checksumLength))
        return writer
    }

    /// Fills in the checksum of the body, in place.
    static func seal(_ bytes: inout [UInt8], magic: [UInt8]) {
        let bodyStart = magic.count + checksumLength
        bytes.replaceSubrange(magic.count..<bodyStart, with: FastChecksum.of(bytes[bodyStart...]).littleEndianBytes)
    }

    /// Where the body starts, when the magic and the checksum are right; else nil.
    static func bodyStart(of bytes: [UInt8], magic: [UInt8]) -> Int? {
        let bodyStart = magic.count + checksumLength
        guard bytes.count >= bodyStart, bytes.starts(with: magic),
            bytes[magic.count..<bodyStart].elementsEqual(FastChecksum.of(bytes[bodyStart...]).littleEndianBytes)
        else { return nil }
        return bodyStart
    }
}
