import Foundation
import Testing

@testable import GongkaiCore

/// Folder listings packed into one buffer, and the byte order the summary cache
/// keeps names in: the warm report's listing must agree with the cache exactly.
@Suite struct PackedNamesTests {
    /// The reference: UTF-8 bytes compared one by one, shorter first on a common prefix.
    static func byteSorted(_ names: [String]) -> [String] {
        names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Names as a province's folders hold them, and the awkward cases: common
    /// prefixes longer than 16 bytes, names that are prefixes of others, Chinese.
    static func names(count: Int, seed: UInt64) -> [String] {
        var random = SeededGenerator(seed: seed)
        let pieces = ["20200106T0141", "20200106T014135Z-", "a", "a.json", "记录", "é", "e\u{301}", "Z", "~", "0", "-"]
        return (0..<count).map { _ in
            (0..<(1 + random.below(4))).map { _ in pieces[random.below(pieces.count)] }.joined()
                + (random.below(2) == 0 ? String(random.below(1000)) : "") + ".json"
        }
    }

    @Test(arguments: [1, 2, 3])
    func sortingGivesByteOrder(seed: UInt64) {
        let names = Self.names(count: 3000, seed: seed)
        var packed = PackedNames(names)
        #expect(packed.count == names.count)
        #expect(packed.strings == names, "kept in the order appended")
        packed.sort()
        #expect(packed.strings == Self.byteSorted(names))
    }

    @Test func shorterFirstOnACommonPrefixAndTiesBeyondSixteenBytes() {
        let names = [
            "20200106T014135Z-b.json", "20200106T014135Z-a.json", "20200106T014135Z-", "20200106T014135Z", "2020", "20200106T014135Z-aa.json",
        ]
        var packed = PackedNames(names)
        packed.sort()
        #expect(
            packed.strings == [
                "2020", "20200106T014135Z", "20200106T014135Z-", "20200106T014135Z-a.json", "20200106T014135Z-aa.json", "20200106T014135Z-b.json",
            ])
    }

    /// Byte order is not `String` order where Unicode normalization differs: the two
    /// spellings of "é" are equal strings but different names on disk, and each keeps its place.
    @Test func bytesNotCanonicalEquivalenceDecide() {
        let composed = "caf\u{E9}.json"
        let decomposed = "cafe\u{301}.json"
        #expect(composed == decomposed)
        var packed = PackedNames([composed, decomposed])
        packed.sort()
        #expect(packed.strings.map { Array($0.utf8) } == [Array(decomposed.utf8), Array(composed.utf8)])
        #expect(ByteOrder.compare(decomposed, composed) < 0)
        #expect(ByteOrder.compare(composed, composed) == 0)
    }

    /// Whenever the two 8-byte prefixes of two names differ, they differ in the same
    /// direction as the full comparison: the shortcut never contradicts it.
    @Test func prefixesNeverContradictTheFullComparison() {
        let names = Self.names(count: 400, seed: 9) + ["", "a", "a\u{0}", "a\u{0}b"]
        for x in names {
            for y in names {
                var a = x
                var b = y
                a.withUTF8 { p in
                    b.withUTF8 { q in
                        let full = ByteOrder.compare(p, q)
                        for start in [0, 8] {
                            let (pa, pb) = (ByteOrder.prefix(p, from: start), ByteOrder.prefix(q, from: start))
                            if start == 8, ByteOrder.prefix(p, from: 0) != ByteOrder.prefix(q, from: 0) { continue }
                            if pa < pb { #expect(full < 0, "\(x.debugDescription) \(y.debugDescription)") }
                            if pa > pb { #expect(full > 0, "\(x.debugDescription) \(y.debugDescription)") }
                        }
                    }
                }
            }
        }
    }

    @Test func eachNameIsFollowedByAZeroByte() {
        let packed = PackedNames(["a.json", "记录.json"])
        for index in 0..<packed.count {
            packed.withName(index) { name in
                #expect(name.baseAddress![name.count] == 0)
                #expect(String(cString: UnsafeRawPointer(name.baseAddress!).assumingMemoryBound(to: CChar.self)) == packed.string(index))
            }
        }
    }

    @Test func listingsPackOnlyVisibleRegularFilesWithTheSuffix() {
        let entries = [
            DirectoryEntry(name: "b.json", kind: .file), DirectoryEntry(name: "记录.json", kind: .file),
            DirectoryEntry(name: ".hidden.json", kind: .file), DirectoryEntry(name: ".json", kind: .file),
            DirectoryEntry(name: "notes.txt", kind: .file), DirectoryEntry(name: "a.JSON", kind: .file),
            DirectoryEntry(name: "folder.json", kind: .directory), DirectoryEntry(name: "link.json", kind: .symlink),
            DirectoryEntry(name: "fifo.json", kind: .other),
        ]
        let listing = FolderListing(entries, suffix: ".json")
        #expect(listing.files.strings == ["b.json", "记录.json"])
        #expect(listing.others.map(\.name) == [".hidden.json", ".json", "notes.txt", "a.JSON", "folder.json", "link.json", "fifo.json"])
    }

    /// The shortcut that decides whether ids can be copies of each other.
    @Test func allDistinctFindsEveryRepeat() {
        #expect(AttemptLoader.allDistinct([]))
        #expect(AttemptLoader.allDistinct([42]))
        #expect(AttemptLoader.allDistinct([0, -1, 1, Int.min, Int.max]))
        #expect(!AttemptLoader.allDistinct([0, 0]))
        #expect(!AttemptLoader.allDistinct([Int.min, 5, Int.min]))
        #expect(!AttemptLoader.allDistinct([Int.max, Int.max]))
        var random = SeededGenerator(seed: 3)
        let values = (0..<50_000).map { _ in Int(bitPattern: UInt(random.next())) }
        #expect(AttemptLoader.allDistinct(values))
        for position in [0, 1, 24_999, 49_999] {
            var repeated = values
            repeated.append(values[position])
            #expect(!AttemptLoader.allDistinct(repeated), "a repeat of element \(position)")
            repeated.swapAt(position, repeated.count - 1)
            #expect(!AttemptLoader.allDistinct(repeated))
        }
        // Values that all fall into one neighbourhood of the table still count exactly.
        #expect(AttemptLoader.allDistinct((0..<4096).map { $0 << 40 }))
        #expect(!AttemptLoader.allDistinct((0..<4096).map { $0 << 40 } + [7 << 40]))
    }

    final class Tracked: Sendable {
        let freed: @Sendable () -> Void
        init(freed: @escaping @Sendable () -> Void) { self.freed = freed }
        deinit { freed() }
    }

    @Test func backgroundReleaseFreesTheValue() async {
        await confirmation("freed") { freed in
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                BackgroundRelease.release([Tracked { freed(); done.resume() }])
            }
        }
    }
}
