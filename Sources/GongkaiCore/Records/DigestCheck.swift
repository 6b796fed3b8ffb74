/// Checks a record's digest straight from its bytes. A file we wrote is
/// canonical JSON plus whitespace, so removing whitespace outside strings and
/// the top-level `digest` member gives exactly the bytes that were hashed. Any
/// other layout (reformatted by an editor, keys reordered) falls back to full
/// canonicalisation in `RecordCodec.parse`.
enum DigestCheck {
    enum Outcome: Equatable {
        case verified
        case missing
        /// The fast path could not decide; parse and canonicalise.
        case undecided
    }

    static func fast(_ bytes: UnsafeBufferPointer<UInt8>) -> Outcome { fastWithDigest(bytes).outcome }

    /// Also the stored digest, which is the digest of the content when the outcome is `.verified`.
    static func fastWithDigest(_ bytes: UnsafeBufferPointer<UInt8>) -> (outcome: Outcome, digest: String) {
        let count = bytes.count
        guard count > 0, let source = bytes.baseAddress else { return (.undecided, "") }
        var outcome = Outcome.undecided
        var stored = ""
        let compact = [UInt8](unsafeUninitializedCapacity: count) { out, written in
            var n = 0
            var index = 0
            var depth = 0
            var expectingKey = false
            var keyStart = -1
            var digestLower = -1
            var digestUpper = -1
            @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
            while index < count {
                let byte = source[index]
                index += 1
                if byte == 0x22 {
                    // Copy a whole string, honouring escapes.
                    if depth == 1 && expectingKey { keyStart = n }
                    out[n] = byte
                    n += 1
                    while index < count {
                        let b = source[index]
                        out[n] = b
                        n += 1
                        index += 1
                        if b == 0x5C {
                            guard index < count else { written = n; return }
                            out[n] = source[index]
                            n += 1
                            index += 1
                        } else if b == 0x22 {
                            break
                        }
                    }
                    continue
                }
                if isSpace(byte) { continue }
                switch byte {
                case 0x7B, 0x5B:
                    depth += 1
                    expectingKey = byte == 0x7B && depth == 1
                case 0x7D, 0x5D:
                    depth -= 1
                case 0x2C:
                    if depth == 1 { expectingKey = true }
                case 0x3A where depth == 1 && expectingKey:
                    expectingKey = false
                    // Is the key just copied `"digest"` (8 bytes with quotes)?
                    if keyStart >= 0, n - keyStart == 8, out[keyStart + 1] == UInt8(ascii: "d"),
                        out[keyStart + 2] == UInt8(ascii: "i"), out[keyStart + 3] == UInt8(ascii: "g"),
                        out[keyStart + 4] == UInt8(ascii: "e"), out[keyStart + 5] == UInt8(ascii: "s"),
                        out[keyStart + 6] == UInt8(ascii: "t")
                    {
                        while index < count, isSpace(source[index]) { index += 1 }
                        guard index < count, source[index] == 0x22 else { written = n; return }
                        index += 1
                        let valueStart = index
                        while index < count, source[index] != 0x22 {
                            guard source[index] != 0x5C else { written = n; return }
                            index += 1
                        }
                        guard index < count else { written = n; return }
                        stored = String(decoding: UnsafeBufferPointer(start: source + valueStart, count: index - valueStart), as: UTF8.self)
                        index += 1
                        // Drop the key (already copied) and one adjacent comma.
                        digestLower = keyStart
                        n = keyStart
                        if n > 0, out[n - 1] == 0x2C {
                            n -= 1
                            digestUpper = -1
                        } else {
                            digestUpper = n
                        }
                        continue
                    }
                default:
                    break
                }
                if byte == 0x2C, digestUpper >= 0, n == digestUpper {
                    // The digest was the first member: skip the comma after it.
                    digestUpper = -1
                    continue
                }
                out[n] = byte
                n += 1
            }
            written = n
            outcome = digestLower >= 0 ? .verified : .missing
        }
        guard outcome == .verified else { return (outcome, "") }
        return SHA256Digest.hex(compact) == stored ? (.verified, stored) : (.undecided, "")
    }
}
