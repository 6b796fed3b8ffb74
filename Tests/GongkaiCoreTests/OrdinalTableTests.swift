import Testing

@testable import GongkaiCore

@Suite struct OrdinalTableTests {
    static let names = (0..<200).map { "单位\($0 % 7)/姓名\($0)" }

    /// Whatever the hashes, equal keys get one ordinal and different keys different ones,
    /// numbered in the order first met.
    @Test(arguments: ["real", "constant", "two values"])
    func ordinalsDependOnKeysNotOnHashes(_ hashing: String) {
        func hash(_ key: String) -> Int {
            switch hashing {
            case "constant": return 42
            case "two values": return key.utf8.count % 2
            default: return key.hashValue
            }
        }
        var table = OrdinalTable<String>()
        var firstSeen: [String] = []
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let key = Self.names[Int(generator.next() % UInt64(Self.names.count))]
            let ordinal = table.ordinal(of: key, hash: hash(key))
            if let expected = firstSeen.firstIndex(of: key) {
                #expect(ordinal == expected, "\(key) with \(hashing) hashes")
            } else {
                #expect(ordinal == firstSeen.count, "a new key gets the next ordinal")
                firstSeen.append(key)
            }
        }
        #expect(table.keys == firstSeen)
    }
}
