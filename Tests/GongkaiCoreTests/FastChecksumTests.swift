import Testing
@testable import GongkaiCore

@Suite struct FastChecksumTests {
    static func sample(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    @Test func sameBytesSameChecksum() {
        let bytes = Self.sample(1000, seed: 7)
        #expect(FastChecksum.of(bytes[...]) == FastChecksum.of(Array(bytes)[...]))
        // A slice is checksummed by its content, not its position in the array.
        let padded = [0xAA] + bytes
        #expect(FastChecksum.of(padded[1...]) == FastChecksum.of(bytes[...]))
    }

    /// Every single-bit flip, in the 32-byte lanes and in the tail, changes the checksum.
    @Test(arguments: [0, 1, 7, 31, 32, 33, 63, 64, 100])
    func everyBitFlipIsNoticed(length: Int) {
        let bytes = Self.sample(length, seed: UInt64(length) + 1)
        let reference = FastChecksum.of(bytes[...])
        var unnoticed: [(byte: Int, bit: Int)] = []
        for byte in 0..<length {
            for bit in 0..<8 {
                var changed = bytes
                changed[byte] ^= UInt8(1) << UInt8(bit)
                if FastChecksum.of(changed[...]) == reference { unnoticed.append((byte, bit)) }
            }
        }
        #expect(unnoticed.isEmpty, "unnoticed flips: \(unnoticed.prefix(5))")
    }

    /// Truncating or extending with zero bytes changes the checksum (the length is mixed in).
    @Test func lengthMatters() {
        let bytes = Self.sample(96, seed: 3)
        var seen = Set<UInt64>()
        for length in 0...bytes.count { seen.insert(FastChecksum.of(bytes.prefix(length))) }
        #expect(seen.count == bytes.count + 1)
        let zeros = [UInt8](repeating: 0, count: 64)
        #expect(FastChecksum.of(zeros.prefix(32)) != FastChecksum.of(zeros[...]))
        #expect(FastChecksum.of(zeros.prefix(0)) != FastChecksum.of(zeros.prefix(1)))
    }
}
