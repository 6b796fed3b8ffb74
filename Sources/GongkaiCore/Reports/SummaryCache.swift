import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cache of attempt summaries, so that a report over records that have not
/// changed does not read and parse them again. It lives in `<results>/.cache/`
/// (hidden folders are never read as records) and can be deleted at any time.
///
/// An entry is used as it is when its file's size, modification time, status-change
/// time (ctime) and inode all still match: any write to a record changes its ctime,
/// which cannot be set back by hand, and a copied file has a new inode.
///
/// When only the ctime moved (a chmod, chown or hard link, or a write with the
/// mtime set back by hand) the file is read, not parsed: if its bytes still have the
/// 64-bit checksum stored in the entry, the entry is kept (with the new ctime, so
/// the next run is warm again), else the record is parsed afresh. So an
/// attribute-only change over a whole province costs one read of every record,
/// never a parse and never a wrong answer.
///
/// The file is a run of **segments**, each `magic | body length (u64) | checksum of the body (u64) | body`,
/// read in place (mapped, see `MappedBytes`) with no limit on the whole. A run that found something new
/// **appends** one segment with only the new entries (one `O_APPEND` write, earlier bytes never touched);
/// a later entry for the same file wins. The file is rewritten (**compacted**: a temporary file, then a
/// rename) only when that pays: dead entries outweigh live ones, there are more than `Limits.segments`
/// segments, or a segment was damaged. A segment whose checksum fails (a torn tail after a crash, two
/// writers interleaved) is skipped, the next one found by its magic, and the report says so once; the
/// rewrite then drops it. There is no lock: two reports appending at once each write whole segments,
/// and a segment that does not fit the string table before it (`base`) is ignored, never misread.
///
/// A segment's body: `base` (strings before it, u32), new strings (u32 count, then each), then blocks
/// of one folder each (path, entry count, entries). Question ids and responses of items are numbers
/// into the table of strings all segments so far added (`strings`), so an attempt's items cost a few
/// bytes each.
public enum SummaryCache {
    static let directory = ".cache"
    static let fileName = "attempt-summaries.bin"
    /// Bump when the summary or the encoding changes: a cache of another version is reported and rebuilt.
    // 006: summaries read by the scanner that refuses duplicate keys and out-of-range figures.
    // 007: each entry keeps the fingerprint of its record's content (copies that disagree are conflicts).
    // 008: entries hold a checksum of the record's bytes (attribute-only changes keep them).
    // 009: segments, appended; items kept compactly (questions and responses by number).
    static let magic = Array("GKSEG009".utf8)
    /// How earlier versions (one whole checksummed file) began: another version, not damage.
    static let formerMagics = [Array("GKSUM".utf8), Array("GKSEG".utf8)]
    static let headerLength = 8 + 8 + 8
    /// The fewest bytes an entry takes (length, name length, key, flags, checksum, items offset).
    static let entryHeaderLength = 4 + 4 + 32 + 1 + 8 + 4
    /// At most this many distinct strings are numbered; later ones are written out in each item.
    static let maximumStrings = 1 << 16

    static func path(root: String) -> String { PathJoin.join(root, directory, fileName) }

    /// When the file is rewritten rather than appended to, and how large a piece a rewrite holds.
    public struct Limits: Sendable {
        /// More segments than this: rewritten as one.
        public var segments: Int
        /// Bytes of one segment a rewrite builds before writing it (the memory a rewrite costs).
        public var segmentBytes: Int

        public init(segments: Int = 128, segmentBytes: Int = 64 << 20) {
            self.segments = segments
            self.segmentBytes = segmentBytes
        }

        public static let standard = Limits()
    }

    struct Key: Equatable {
        var size: Int64
        var modified: Int64
        var changed: Int64
        var inode: UInt64

        init(_ info: FileInfo) {
            size = info.size
            modified = info.modified
            changed = info.changed
            inode = info.inode
        }

        init(size: Int64, modified: Int64, changed: Int64, inode: UInt64) {
            self.size = size
            self.modified = modified
            self.changed = changed
            self.inode = inode
        }

        /// Everything but the status-change time matches: the content may be the same (see `Slot.checksum`).
        func onlyChangeTimeDiffers(from other: Key) -> Bool {
            size == other.size && modified == other.modified && inode == other.inode && changed != other.changed
        }
    }

    /// One cached file: where its entry sits in the cache file, read from the entry's head.
    struct Slot {
        var offset: Int
        var key: Key
        var hasItems: Bool
        /// `FastChecksum` of the record's bytes when the entry was made.
        var checksum: UInt64
        var range: Range<Int>
    }

    /// A piece of the next cache file: `count` entries one after another, kept where they are in the
    /// file read, or new. Entries that follow each other are one piece (`appendMerging`): a run that
    /// changed nothing keeps a few pieces a folder, not one per record (32 bytes each: 160 MB at 5,000,000).
    enum Piece: Sendable, Equatable {
        case kept(Range<Int>, count: Int)
        /// Bytes in the `fresh` buffer of chunk `chunk`: one buffer per chunk, not one array per record.
        case fresh(chunk: Int, range: Range<Int>, count: Int)

        var count: Int {
            switch self {
            case .kept(_, let count), .fresh(_, _, let count): return count
            }
        }

        var bytes: Int {
            switch self {
            case .kept(let range, _), .fresh(_, let range, _): return range.count
            }
        }

        /// The two as one piece, when `next` continues `self`.
        func merged(with next: Piece) -> Piece? {
            switch (self, next) {
            case (.kept(let a, let m), .kept(let b, let n)) where a.upperBound == b.lowerBound:
                return .kept(a.lowerBound..<b.upperBound, count: m + n)
            case (.fresh(let chunk, let a, let m), .fresh(let other, let b, let n)) where chunk == other && a.upperBound == b.lowerBound:
                return .fresh(chunk: chunk, range: a.lowerBound..<b.upperBound, count: m + n)
            default:
                return nil
            }
        }
    }

    /// Entries in `pieces`.
    static func entries(_ pieces: [Piece]) -> Int { pieces.reduce(0) { $0 + $1.count } }

    /// Where each entry of `bytes` (entries one after another, each led by its length) starts.
    static func entryStarts(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        let raw = UnsafeRawBufferPointer(bytes)
        var at = 0
        while at + 4 <= bytes.count {
            body(at)
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            guard length > 0 else { return }
            at += length
        }
    }

    /// The usable entries of a cache file, read in place.
    struct Index: Sendable {
        let file: MappedBytes
        /// Per folder, where its files' entries start, sorted by file name (as the folder is read); the latest entry of each name.
        var folders: [String: Offsets]
        var count: Int
        var segments: Int
        /// Strings of items, by number.
        var strings: [String]
        /// A segment was skipped as damaged: the file is rewritten.
        var damaged = false

        var buffer: UnsafeBufferPointer<UInt8> { file.buffer }
        var length: Int { file.buffer.count }

        /// The slot of the entry at `offset` (checked when the file was read).
        func slot(at offset: Int) -> Slot {
            let raw = UnsafeRawBufferPointer(buffer)
            func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            let nameLength = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
            let at = offset + 8 + nameLength
            let key = Key(
                size: Int64(bitPattern: u64(at)), modified: Int64(bitPattern: u64(at + 8)), changed: Int64(bitPattern: u64(at + 16)), inode: u64(at + 24))
            return Slot(offset: offset, key: key, hasItems: buffer[at + 32] & 1 != 0, checksum: u64(at + 33), range: offset..<offset + length)
        }

        func name(at offset: Int) -> UnsafeBufferPointer<UInt8> {
            SummaryCache.name(in: buffer, at: offset)
        }

        /// The slot for the file named `name` (its bytes) among a folder's entries (`folders[folder]`,
        /// looked up once per chunk); `hint` is where it sits if nothing changed.
        func slot(in slots: Offsets, name wanted: UnsafeBufferPointer<UInt8>, hint: Int) -> Slot? {
            guard !slots.isEmpty else { return nil }
            // Byte order, as the folder listing is sorted (see `ByteOrder`).
            func compare(_ offset: Int) -> Int { ByteOrder.compare(name(at: offset), wanted) }
            if hint < slots.count, compare(slots[hint]) == 0 { return slot(at: slots[hint]) }
            var low = 0
            var high = slots.count - 1
            while low <= high {
                let mid = (low + high) / 2
                let c = compare(slots[mid])
                if c == 0 { return slot(at: slots[mid]) }
                if c < 0 { low = mid + 1 } else { high = mid - 1 }
            }
            return nil
        }
    }

    /// Where a folder's entries start in the file: 4 bytes an entry (from the folder's first), or 8 when
    /// they lie more than 4 GiB apart. An array of exactly their number (at 5,000,000 entries 20 MB, not 40–80).
    struct Offsets: Sendable, RandomAccessCollection {
        private let base: Int
        private let narrow: [UInt32]
        private let wide: [Int]?

        init(_ offsets: [Int]) {
            let low = offsets.min() ?? 0
            base = low
            if let high = offsets.max(), high - low <= Int(UInt32.max) {
                var narrow: [UInt32] = []
                narrow.reserveCapacity(offsets.count)
                for offset in offsets { narrow.append(UInt32(offset - low)) }
                self.narrow = narrow
                wide = nil
            } else {
                narrow = []
                wide = offsets.isEmpty ? nil : Array(offsets)
            }
        }

        var startIndex: Int { 0 }
        var endIndex: Int { wide?.count ?? narrow.count }

        subscript(position: Int) -> Int {
            if let wide { return wide[position] }
            return base + Int(narrow[position])
        }
    }

    static func name(in buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> UnsafeBufferPointer<UInt8> {
        let nameLength = Int(UInt32(littleEndian: UnsafeRawBufferPointer(buffer).loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
        return UnsafeBufferPointer(rebasing: buffer[offset + 8..<offset + 8 + nameLength])
    }

    /// Why a cache file that is there was not used, or not all of it (said once on stderr; the report still runs right).
    public enum Problem: Sendable, Equatable {
        /// Not readable: a FIFO or device, no permission.
        case unreadable(FileSystemError)
        /// Its checksum or layout is wrong: nothing in it could be used.
        case damaged
        /// Some segments were damaged (an interrupted write): the others were used, and the file is rewritten.
        case partlyDamaged
        /// Written by another version of gongkai: rebuilt.
        case otherVersion
        /// What was new could not be kept (a read-only folder, a full disk): the next report reads those records again.
        case notWritten(FileSystemError)
    }

    /// Reads the index of a cache file; nil (never a crash) when it is missing or unusable,
    /// with the reason when it was there but could not be used (or not all of it).
    static func load(root: String, fileSystem: FileSystem) -> (index: Index?, problem: Problem?) {
        let file: MappedBytes
        do {
            file = try fileSystem.mapFile(path(root: root))
        } catch {
            if case .notFound = error { return (nil, nil) }
            return (nil, .unreadable(error))
        }
        // An empty file: a first write that never happened. Nothing to lose.
        if file.buffer.isEmpty { return (nil, nil) }
        guard file.buffer.starts(with: magic) else {
            return (nil, formerMagics.contains { file.buffer.starts(with: $0) } ? .otherVersion : .damaged)
        }
        let index = parse(file)
        if index.count == 0, index.damaged { return (nil, .damaged) }
        return (index, index.damaged ? .partlyDamaged : nil)
    }

    /// Where the next segment's magic is at or after `start`, if anywhere.
    static func nextMagic(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard buffer.count >= magic.count else { return nil }
        var at = start
        let first = magic[0]
        while at <= buffer.count - magic.count {
            if buffer[at] == first, memcmp(buffer.baseAddress! + at, magic, magic.count) == 0 { return at }
            at += 1
        }
        return nil
    }

    static func parse(_ file: MappedBytes) -> Index {
        let buffer = file.buffer
        var index = Index(file: file, folders: [:], count: 0, segments: 0, strings: [])
        var runs: [String: [Int]] = [:]
        var position = 0
        while position < buffer.count {
            if let end = readSegment(buffer, at: position, strings: &index.strings, runs: &runs, release: { file.release($0) }) {
                // A sound segment written against another string table is passed over (its entries are dead).
                if end > 0 { index.segments += 1 }
                position = abs(end)
                // Checked pages leave this process's memory as the reading goes (see `MappedBytes.release`).
                file.release()
                continue
            }
            index.damaged = true
            guard let next = nextMagic(in: buffer, from: position + 1) else { break }
            position = next
        }
        // A folder at a time, its offsets let go as they are narrowed.
        for folder in Array(runs.keys) {
            let merged = latestByName(runs.removeValue(forKey: folder)!, in: buffer, release: { file.release($0) })
            index.count += merged.count
            index.folders[folder] = Offsets(merged)
            file.release()
        }
        return index
    }

    /// Entries in file order → sorted by name, the latest of each name.
    /// `release`: pages read may be given back (names are read from the file, a stretch at a time).
    static func latestByName(_ offsets: [Int], in buffer: UnsafeBufferPointer<UInt8>, release: (Range<Int>) -> Void = { _ in }) -> [Int] {
        var sorted = true
        var low = Int.max
        var high = 0
        for i in offsets.indices.dropFirst() {
            if i % 4096 == 0, high > low {
                release(low..<high)
                (low, high) = (Int.max, 0)
            }
            low = min(low, offsets[i - 1])
            high = max(high, offsets[i] + 64)
            if ByteOrder.compare(name(in: buffer, at: offsets[i - 1]), name(in: buffer, at: offsets[i])) >= 0 {
                sorted = false
                break
            }
        }
        if high > low { release(low..<high) }
        if sorted { return offsets }
        // Sorted by the names' first 40 bytes, read once (a few pages at a time, then given back): record
        // names are shorter, so they are rarely read again, even to find the same name twice.
        struct Key {
            var words: (UInt64, UInt64, UInt64, UInt64, UInt64)
            var count: Int
            var offset: Int
            /// The words hold the whole name.
            var whole: Bool { count <= 40 }

            func order(_ other: Key, _ buffer: UnsafeBufferPointer<UInt8>) -> Int {
                let (x, y) = (words, other.words)
                if x.0 != y.0 { return x.0 < y.0 ? -1 : 1 }
                if x.1 != y.1 { return x.1 < y.1 ? -1 : 1 }
                if x.2 != y.2 { return x.2 < y.2 ? -1 : 1 }
                if x.3 != y.3 { return x.3 < y.3 ? -1 : 1 }
                if x.4 != y.4 { return x.4 < y.4 ? -1 : 1 }
                if whole && other.whole { return count == other.count ? 0 : (count < other.count ? -1 : 1) }
                return ByteOrder.compare(SummaryCache.name(in: buffer, at: offset), SummaryCache.name(in: buffer, at: other.offset))
            }
        }
        var keys: [Key] = []
        keys.reserveCapacity(offsets.count)
        (low, high) = (Int.max, 0)
        for (i, offset) in offsets.enumerated() {
            let name = name(in: buffer, at: offset)
            keys.append(
                Key(
                    words: (
                        ByteOrder.prefix(name, from: 0), ByteOrder.prefix(name, from: 8), ByteOrder.prefix(name, from: 16), ByteOrder.prefix(name, from: 24),
                        ByteOrder.prefix(name, from: 32)
                    ), count: name.count, offset: offset))
            low = min(low, offset)
            high = max(high, offset + 8 + name.count)
            if i % 4096 == 4095 {
                release(low..<high)
                (low, high) = (Int.max, 0)
            }
        }
        if high > low { release(low..<high) }
        keys.sort { x, y in
            let c = x.order(y, buffer)
            return c < 0 || (c == 0 && x.offset < y.offset)
        }
        var kept: [Int] = []
        kept.reserveCapacity(keys.count)
        for (i, key) in keys.enumerated() {
            if i > 0, keys[i - 1].order(key, buffer) == 0 {
                kept[kept.count - 1] = key.offset
            } else {
                kept.append(key.offset)
            }
            if i % 4096 == 4095 { release(0..<buffer.count) }
        }
        release(0..<buffer.count)
        return kept
    }

    /// Reads the segment at `start` into `strings` and `runs`, all or nothing. Returns where it ends (negative:
    /// sound but not usable, as one written against another string table); nil when it is damaged.
    /// The pages read are given back (`release`) a stretch at a time: a segment can be gigabytes.
    static func readSegment(
        _ buffer: UnsafeBufferPointer<UInt8>, at start: Int, strings: inout [String], runs: inout [String: [Int]],
        release: (Range<Int>) -> Void = { _ in }
    ) -> Int? {
        guard buffer.count - start >= headerLength, memcmp(buffer.baseAddress! + start, magic, magic.count) == 0 else { return nil }
        let raw = UnsafeRawBufferPointer(buffer)
        let length = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self))
        let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 16, as: UInt64.self))
        let bodyStart = start + headerLength
        guard length <= UInt64(buffer.count - bodyStart) else { return nil }
        let end = bodyStart + Int(length)
        let body = UnsafeBufferPointer(rebasing: buffer[bodyStart..<end])
        let stretch = 32 << 20
        let sum = FastChecksum.of(UnsafeRawBufferPointer(body), stretch: stretch) { read in release(bodyStart + read - stretch..<bodyStart + read) }
        guard sum == stored else { return nil }
        var released = bodyStart
        var reader = ByteReader(UnsafeBufferPointer(rebasing: buffer[0..<end]))
        reader.index = bodyStart
        do throws(ByteReader.Failure) {
            let base = Int(try reader.u32())
            let added = Int(try reader.u32())
            guard added <= (end - reader.index) / 4 else { return nil }
            var newStrings: [String] = []
            newStrings.reserveCapacity(added)
            for _ in 0..<added { newStrings.append(try reader.string()) }
            var found: [(String, [Int])] = []
            let folderCount = try reader.u32()
            for _ in 0..<folderCount {
                let folder = try reader.string()
                let count = Int(try reader.u32())
                guard count <= (end - reader.index) / entryHeaderLength else { return nil }
                var offsets: [Int] = []
                offsets.reserveCapacity(count)
                for _ in 0..<count {
                    let entry = reader.index
                    let entryLength = Int(try reader.u32())
                    let nameLength = Int(try reader.u32())
                    guard entryLength >= entryHeaderLength, nameLength <= entryLength - entryHeaderLength, entryLength <= end - entry else { return nil }
                    offsets.append(entry)
                    reader.index = entry + entryLength
                    if reader.index - released >= stretch {
                        release(released..<reader.index)
                        released = reader.index
                    }
                }
                found.append((folder, offsets))
            }
            guard reader.index == end else { return nil }
            // Written against another table of strings (two reports appended at once): its numbers would mislead.
            guard base == strings.count, strings.count + added <= maximumStrings else { return -end }
            strings += newStrings
            for (folder, offsets) in found { runs[folder, default: []] += offsets }
            return end
        } catch {
            return nil
        }
    }

    /// Encodes one entry: length, name, key, flags, checksum of the record's bytes, where its items start,
    /// integrity, content fingerprint, the summary, and (with `withItems`) its items by number in `strings`.
    static func encode(
        name: String, key: Key, checksum: UInt64, integrity: Integrity, content: UInt64, summary: AttemptSummary, withItems: Bool,
        strings: StringTable, into out: inout [UInt8]
    ) {
        let start = out.count
        var body = ByteWriter()
        swap(&body.bytes, &out)
        defer { swap(&body.bytes, &out) }
        body.u32(0)
        body.string(name)
        body.i64(key.size)
        body.i64(key.modified)
        body.i64(key.changed)
        body.u64(key.inode)
        body.u8(withItems ? 1 : 0)
        body.u64(checksum)
        let itemsAt = body.bytes.count
        body.u32(0)
        body.u8(integrity == .verified ? 0 : integrity == .mismatch ? 1 : 2)
        body.u64(content)
        body.string(summary.id)
        body.optionalString(summary.supersedes)
        body.string(summary.trainee.name)
        body.string(summary.trainee.unit)
        body.string(summary.course)
        body.i64(Int64(summary.courseVersion))
        body.optionalString(summary.session)
        body.u8(summary.kind == .quiz ? 0 : 1)
        body.i64(summary.finishedAt.seconds)
        body.i64(Int64(summary.finishedAt.offset))
        body.f64(summary.points)
        body.f64(summary.max)
        body.f64(summary.percent)
        body.u8(summary.passed ? 1 : 0)
        if withItems {
            body.bytes.replaceSubrange(itemsAt..<itemsAt + 4, with: UInt32(body.bytes.count - start).littleEndianBytes)
            body.varint(UInt64(summary.items.count))
            for item in summary.items {
                if let number = strings.number(item.question) {
                    body.varint(UInt64(number) + 1)
                } else {
                    body.varint(0)
                    body.string(item.question)
                }
                // 0: none; 1: written out; n ≥ 2: string n - 2.
                if let response = item.response {
                    if let number = strings.number(response) {
                        body.varint(UInt64(number) + 2)
                    } else {
                        body.varint(1)
                        body.string(response)
                    }
                } else {
                    body.varint(0)
                }
                // Whole points up to 255 (nearly all): a byte each.
                if let points = UInt8(exactly: item.points), let max = UInt8(exactly: item.max), item.points.sign == .plus, item.max.sign == .plus {
                    body.u8(0)
                    body.u8(points)
                    body.u8(max)
                } else {
                    body.u8(1)
                    body.f64(item.points)
                    body.f64(item.max)
                }
            }
        }
        body.bytes.replaceSubrange(start..<start + 4, with: UInt32(body.bytes.count - start).littleEndianBytes)
    }

    /// The entry of `slot` again with a new key (only its ctime moved): its items keep their numbers.
    static func rekeyed(_ index: Index, slot: Slot, key: Key, into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: index.buffer[slot.range])
        let at = start + 8 + index.name(at: slot.offset).count
        out.replaceSubrange(at..<at + 32, with: key.size.littleEndianBytes + key.modified.littleEndianBytes + key.changed.littleEndianBytes + key.inode.littleEndianBytes)
    }

    /// Decodes an entry found by `load`; nil if it is damaged. Course, unit and session
    /// names repeat across thousands of entries: `shared` hands out one copy of each.
    static func decode(
        _ index: Index, slot: Slot, withItems: Bool, shared: inout RecentStrings
    ) -> (AttemptSummary, Integrity, content: UInt64)? {
        var reader = ByteReader(UnsafeBufferPointer(rebasing: index.buffer[..<slot.range.upperBound]))
        reader.index = slot.offset + 4
        do throws(ByteReader.Failure) {
            reader.index += 4 + index.name(at: slot.offset).count + 8 * 4 + 1 + 8 + 4
            let integrity: Integrity
            switch try reader.u8() {
            case 0: integrity = .verified
            case 1: integrity = .mismatch
            default: integrity = .missing
            }
            let content = try reader.u64()
            let id = try reader.text()
            let supersedes = try reader.optionalString()
            let name = try reader.text()
            let unit = try reader.text()
            let course = shared.string(try reader.take(Int(try reader.u32())))
            let version = Int(try reader.i64())
            let sessionLength = try reader.u32()
            let session = sessionLength == UInt32.max ? nil : shared.string(try reader.take(Int(sessionLength)))
            let kind: AttemptKind = try reader.u8() == 0 ? .quiz : .review
            let seconds = try reader.i64()
            let offset = Int(try reader.i64())
            let points = try reader.f64()
            let max = try reader.f64()
            let percent = try reader.f64()
            let passed = try reader.u8() == 1
            var items: [AttemptSummary.Item] = []
            if withItems {
                guard slot.hasItems, let decoded = self.items(index, at: slot.offset) else { return nil }
                items = decoded
            }
            return (
                AttemptSummary(
                    id: id, supersedes: supersedes, trainee: Trainee(name: name, unit: unit), course: course, courseVersion: version,
                    session: session, kind: kind, finishedAt: Timestamp(seconds: seconds, offset: offset), points: points, max: max,
                    percent: percent, passed: passed, items: items),
                integrity, content
            )
        } catch {
            return nil
        }
    }

    /// The items of the entry at `offset`, nil when it has none or they are damaged. Question ids
    /// and responses are the table's strings, shared, not copies.
    static func items(_ index: Index, at offset: Int) -> [AttemptSummary.Item]? {
        let slot = index.slot(at: offset)
        guard slot.hasItems else { return nil }
        let buffer = UnsafeBufferPointer(rebasing: index.buffer[..<slot.range.upperBound])
        var reader = ByteReader(buffer)
        reader.index = offset + 8 + index.name(at: offset).count + 32 + 1 + 8
        do throws(ByteReader.Failure) {
            let itemsAt = Int(try reader.u32())
            guard itemsAt >= entryHeaderLength, itemsAt < slot.range.count else { return nil }
            reader.index = offset + itemsAt
            let count = Int(try reader.varint())
            guard count <= slot.range.upperBound - reader.index else { return nil }
            var items: [AttemptSummary.Item] = []
            items.reserveCapacity(count)
            let strings = index.strings
            for _ in 0..<count {
                let question: String
                let q = Int(try reader.varint())
                if q == 0 {
                    question = try reader.string()
                } else {
                    guard q - 1 < strings.count else { return nil }
                    question = strings[q - 1]
                }
                let response: String?
                switch Int(try reader.varint()) {
                case 0: response = nil
                case 1: response = try reader.string()
                case let n:
                    guard n - 2 < strings.count else { return nil }
                    response = strings[n - 2]
                }
                let points: Double, max: Double
                if try reader.u8() == 0 {
                    points = Double(try reader.u8())
                    max = Double(try reader.u8())
                } else {
                    points = try reader.f64()
                    max = try reader.f64()
                }
                items.append(AttemptSummary.Item(question: question, response: response, points: points, max: max))
            }
            return items
        } catch {
            return nil
        }
    }

    /// Keeps what a report found: appends one segment with the new entries, or rewrites the file when that
    /// pays (see the type's comment). Returns why nothing could be kept, if so.
    /// Where `save` put every entry (in the order of its pieces), so that they can be read from the file just written.
    struct Placement {
        var offsets: [Int] = []
        /// The head (magic, length, checksum) of each segment written, and where it starts.
        var heads: [(start: Int, bytes: [UInt8])] = []
        var strings: [String] = []
    }

    /// The cache file again, after `save` wrote `placement`: nil unless every segment written is where
    /// it was put (another report may have appended or rewritten it since).
    static func reopen(root: String, fileSystem: FileSystem, placement: Placement) -> Index? {
        guard let file = try? fileSystem.mapFile(path(root: root)) else { return nil }
        let buffer = file.buffer
        for head in placement.heads {
            guard head.start + head.bytes.count <= buffer.count, buffer[head.start..<head.start + head.bytes.count].elementsEqual(head.bytes) else { return nil }
        }
        return Index(file: file, folders: [:], count: 0, segments: 0, strings: placement.strings)
    }

    static func save(
        root: String, fileSystem: FileSystem, old: Index?, folders: [(folder: String, pieces: [Piece])], fresh: [[UInt8]], strings: StringTable,
        limits: Limits, placing: Bool = true
    ) -> (problem: Problem?, placement: Placement?) {
        var keptBytes = 0
        var freshBytes = 0
        var live = 0
        for (_, pieces) in folders {
            for piece in pieces {
                switch piece {
                case .kept(let range, _): keptBytes += range.count
                case .fresh(_, let range, _): freshBytes += range.count
                }
                live += piece.count
            }
        }
        let added = strings.added
        let oldLength = old?.length ?? 0
        // Nothing new, nothing gone: the file stays as it is.
        if let old, !old.damaged, freshBytes == 0, added.isEmpty, live == old.count { return (nil, nil) }
        let appended = freshBytes + added.reduce(0) { $0 + $1.utf8.count + 4 } + headerLength + 12 + folders.count * 64
        let dead = oldLength + appended - keptBytes - freshBytes
        let rewrite = old == nil || old!.damaged || dead > keptBytes + freshBytes || old!.segments + 1 > limits.segments
        if !rewrite, freshBytes == 0, added.isEmpty { return (nil, nil) }
        let cachePath = path(root: root)
        var placement = Placement()
        placement.strings = (old?.strings ?? []) + added
        if placing { placement.offsets.reserveCapacity(live) }
        // Where the segment being built starts in the file.
        var segmentStart = 0
        func finish(_ segment: inout SegmentWriter) -> [UInt8] {
            let bytes = segment.finish()
            placement.heads.append((segmentStart, Array(bytes[0..<headerLength])))
            segmentStart += bytes.count
            return bytes
        }
        do throws(FileSystemError) {
            try fileSystem.createDirectories(PathJoin.join(root, directory))
            // Where each entry of `bytes` will be, when asked.
            func place(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) {
                guard placing else { return }
                entryStarts(bytes) { placement.offsets.append(start + $0) }
            }
            func write(_ piece: Piece, into segment: inout SegmentWriter) {
                switch piece {
                case .kept(let range, _):
                    let bytes = UnsafeBufferPointer(rebasing: old!.buffer[range])
                    place(bytes, at: segmentStart + segment.count)
                    segment.append(bytes)
                case .fresh(let chunk, let range, _):
                    fresh[chunk].withUnsafeBufferPointer { place(UnsafeBufferPointer(rebasing: $0[range]), at: segmentStart + segment.count) }
                    segment.append(fresh[chunk][range])
                }
            }
            /// The pieces one entry each (a rewrite cuts segments between entries).
            func split(_ pieces: [Piece]) -> [Piece] {
                var single: [Piece] = []
                single.reserveCapacity(entries(pieces))
                for piece in pieces {
                    switch piece {
                    case .kept(let range, let count):
                        if count == 1 {
                            single.append(piece)
                            continue
                        }
                        entryStarts(UnsafeBufferPointer(rebasing: old!.buffer[range])) { at in
                            let start = range.lowerBound + at
                            single.append(.kept(start..<start + old!.slot(at: start).range.count, count: 1))
                        }
                    case .fresh(let chunk, let range, let count):
                        if count == 1 {
                            single.append(piece)
                            continue
                        }
                        fresh[chunk].withUnsafeBufferPointer { buffer in
                            let bytes = UnsafeBufferPointer(rebasing: buffer[range])
                            let raw = UnsafeRawBufferPointer(bytes)
                            entryStarts(bytes) { at in
                                let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
                                single.append(.fresh(chunk: chunk, range: range.lowerBound + at..<range.lowerBound + at + length, count: 1))
                            }
                        }
                    }
                }
                return single
            }
            if !rewrite, let old {
                segmentStart = old.length
                var segment = SegmentWriter(base: old.strings.count, strings: added)
                for (folder, pieces) in folders {
                    let new = pieces.reduce(0) { if case .fresh = $1 { return $0 + $1.count } else { return $0 } }
                    guard new > 0 else {
                        for case .kept(let range, _) in pieces { place(UnsafeBufferPointer(rebasing: old.buffer[range]), at: range.lowerBound) }
                        continue
                    }
                    segment.block(folder: folder, count: new)
                    // Kept entries stay where they are; the fresh ones go to the segment in the same order.
                    for piece in pieces {
                        if case .kept(let range, _) = piece {
                            place(UnsafeBufferPointer(rebasing: old.buffer[range]), at: range.lowerBound)
                        } else {
                            write(piece, into: &segment)
                        }
                    }
                }
                try fileSystem.appendFile(finish(&segment), to: cachePath)
                return (nil, placement)
            }
            // A rewrite: segments of at most `segmentBytes` into a temporary file, then renamed over the cache.
            let temporary = PathJoin.join(root, directory, ".\(fileName).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
            do throws(FileSystemError) {
                // Each segment made room for at once (at most the segment size and a block more), not grown by doubling.
                let room = min(limits.segmentBytes, keptBytes + freshBytes) + (1 << 20)
                var segment = SegmentWriter(base: 0, strings: (old?.strings ?? []) + added, room: room)
                for (folder, runs) in folders {
                    let pieces = split(runs)
                    var start = 0
                    var runBytes = 0
                    for (position, piece) in pieces.enumerated() {
                        runBytes += piece.bytes
                        if segment.count + runBytes >= limits.segmentBytes || position == pieces.count - 1 {
                            segment.block(folder: folder, count: position + 1 - start)
                            for piece in pieces[start...position] { write(piece, into: &segment) }
                            start = position + 1
                            runBytes = 0
                            if segment.count >= limits.segmentBytes {
                                try fileSystem.appendFile(finish(&segment), to: temporary)
                                // The old entries copied are written: their pages leave this process.
                                old?.file.release()
                                segment = SegmentWriter(base: segment.total, strings: [], room: room)
                            }
                        }
                    }
                }
                try fileSystem.appendFile(finish(&segment), to: temporary)
                try fileSystem.moveFile(temporary, to: cachePath)
            } catch {
                try? fileSystem.remove(temporary)
                throw error
            }
            return (nil, placement)
        } catch {
            return (.notWritten(error), nil)
        }
    }
}

/// One segment being written: header, strings, then folder blocks.
struct SegmentWriter {
    private var body = ByteWriter()
    private var folders: UInt32 = 0
    private let foldersAt: Int
    /// Strings in the table once this segment is read.
    let total: Int

    /// `room`: bytes of entries and folder blocks to come (made room for at once, not grown by doubling).
    init(base: Int, strings: [String], room: Int = 0) {
        body.bytes.reserveCapacity(SummaryCache.headerLength + 12 + strings.reduce(0) { $0 + $1.utf8.count + 4 } + room)
        body.bytes.append(contentsOf: SummaryCache.magic)
        body.u64(0)
        body.u64(0)
        body.u32(UInt32(base))
        body.u32(UInt32(strings.count))
        for string in strings { body.string(string) }
        foldersAt = body.bytes.count
        body.u32(0)
        total = base + strings.count
    }

    var count: Int { body.bytes.count }

    /// Starts a folder's block of `count` entries (then `append` each).
    mutating func block(folder: String, count: Int) {
        body.string(folder)
        body.u32(UInt32(count))
        folders += 1
    }

    mutating func append(_ entry: UnsafeBufferPointer<UInt8>) { body.bytes.append(contentsOf: entry) }
    mutating func append(_ entry: ArraySlice<UInt8>) { body.bytes.append(contentsOf: entry) }

    mutating func finish() -> [UInt8] {
        body.bytes.replaceSubrange(foldersAt..<foldersAt + 4, with: folders.littleEndianBytes)
        let bodyStart = SummaryCache.headerLength
        let checksum = FastChecksum.of(body.bytes[bodyStart...])
        body.bytes.replaceSubrange(8..<24, with: UInt64(body.bytes.count - bodyStart).littleEndianBytes + checksum.littleEndianBytes)
        return body.bytes
    }
}

/// The strings of items, numbered: those of the cache read, then those this run added (shared by the workers).
final class StringTable: @unchecked Sendable {
    private let lock = NSLock()
    private var numbers: [String: UInt32] = [:]
    private var new: [String] = []
    private let base: Int

    init(_ strings: [String]) {
        base = strings.count
        for (number, string) in strings.enumerated() where numbers[string] == nil { numbers[string] = UInt32(number) }
    }

    /// The number of `string`, given one if there is room; nil when the table is full.
    func number(_ string: String) -> UInt32? {
        lock.lock()
        defer { lock.unlock() }
        if let number = numbers[string] { return number }
        guard base + new.count < SummaryCache.maximumStrings else { return nil }
        let number = UInt32(base + new.count)
        numbers[string] = number
        new.append(string)
        return number
    }

    var added: [String] { lock.withLock { new } }
}

/// The last few distinct strings decoded, handed out again when the same bytes come back.
/// Strings of up to 15 bytes are stored inline and are simply made.
struct RecentStrings {
    private var values: [String] = []
    private var next = 0
    static let capacity = 8

    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.count <= 15 { return String(decoding: bytes, as: UTF8.self) }
        for index in values.indices {
            var value = values[index]
            let same = value.withUTF8 { stored in
                stored.count == bytes.count && memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            if same { return value }
        }
        let made = String(decoding: bytes, as: UTF8.self)
        if values.count < Self.capacity {
            values.append(made)
        } else {
            values[next] = made
            next = (next + 1) % Self.capacity
        }
        return made
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { bytes.append(contentsOf: v.littleEndianBytes) }
    mutating func u64(_ v: UInt64) { bytes.append(contentsOf: v.littleEndianBytes) }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }

    /// LEB128: seven bits a byte, low first.
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func string(_ s: String) {
        let utf8 = s.utf8
        u32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    mutating func optionalString(_ s: String?) {
        guard let s else {
            u32(UInt32.max)
            return
        }
        string(s)
    }
}

struct ByteReader {
    struct Failure: Error {}

    let buffer: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    mutating func take(_ count: Int) throws(Failure) -> UnsafeBufferPointer<UInt8> {
        guard count >= 0, index + count <= buffer.count else { throw Failure() }
        defer { index += count }
        return UnsafeBufferPointer(rebasing: buffer[index..<index + count])
    }

    mutating func expect(_ bytes: [UInt8]) throws(Failure) {
        guard try take(bytes.count).elementsEqual(bytes) else { throw Failure() }
    }

    mutating func u8() throws(Failure) -> UInt8 { try take(1)[0] }

    mutating func u32() throws(Failure) -> UInt32 {
        let b = try take(4)
        return UInt32(littleEndian: UnsafeRawBufferPointer(b).loadUnaligned(as: UInt32.self))
    }

    mutating func u64() throws(Failure) -> UInt64 {
        let b = try take(8)
        return UInt64(littleEndian: UnsafeRawBufferPointer(b).loadUnaligned(as: UInt64.self))
    }

    mutating func i64() throws(Failure) -> Int64 { Int64(bitPattern: try u64()) }

    mutating func varint() throws(Failure) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try u8()
            guard shift < 64 else { throw Failure() }
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }
    mutating func f64() throws(Failure) -> Double { Double(bitPattern: try u64()) }

    mutating func string() throws(Failure) -> String {
        let count = Int(try u32())
        guard let s = String(validating: try take(count), as: UTF8.self) else { throw Failure() }
        return s
    }

    /// Like `string()` but repairs rather than rejects bad UTF-8 (cheaper; the
    /// cache is ours, and a damaged entry can at worst show a replacement character).
    mutating func text() throws(Failure) -> String {
        let count = Int(try u32())
        return String(decoding: try take(count), as: UTF8.self)
    }

    mutating func optionalString() throws(Failure) -> String? {
        let count = try u32()
        if count == UInt32.max { return nil }
        guard let s = String(validating: try take(Int(count)), as: UTF8.self) else { throw Failure() }
        return s
    }
}

extension FixedWidthInteger {
    var littleEndianBytes: [UInt8] {
        withUnsafeBytes(of: self.littleEndian) { Array($0) }
    }
}

extension Array where Element == SummaryCache.Piece {
    /// Appends `piece`, as part of the last piece when it continues it.
    mutating func appendMerging(_ piece: Element) {
        if let last, let merged = last.merged(with: piece) {
            self[count - 1] = merged
        } else {
            append(piece)
        }
    }

    mutating func appendMerging(contentsOf pieces: [Element]) {
        for piece in pieces { appendMerging(piece) }
    }
}
