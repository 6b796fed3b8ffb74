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
public enum SummaryCache {
    static let directory = ".cache"
    static let fileName = "attempt-summaries.bin"
    /// Bump when the summary or the encoding changes: old caches are then ignored.
    /// The file is framed by `ChecksummedFile`: a damaged cache is ignored, never believed.
    // 006: summaries read by the scanner that refuses duplicate keys and out-of-range figures.
    // 007: each entry keeps the fingerprint of its record's content (copies that disagree are conflicts).
    // 007 (in parallel): entries hold a checksum of the record's bytes (attribute-only changes keep them);
    //      `report items` streams items from the records, so entries are written without them.
    // 008: both of the above in one entry.
    static let magic = Array("GKSUM008".utf8)

    static func path(root: String) -> String { PathJoin.join(root, directory, fileName) }

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

    /// One cached file: where its encoded entry sits in the cache bytes.
    struct Slot {
        /// The file name's bytes inside the cache buffer.
        var name: Range<Int>
        var key: Key
        var hasItems: Bool
        /// `FastChecksum` of the record's bytes when the entry was made.
        var checksum: UInt64
        var range: Range<Int>
    }

    /// The cached files of one folder, sorted by name (as the folder is read).
    struct Folder {
        var slots: [Slot]
    }

    struct Index: Sendable {
        var bytes: [UInt8]
        var folders: [String: Folder]
        var count: Int

        /// The slot for the file named `name` (its bytes) among a folder's slots (`folders[folder]`,
        /// looked up once per chunk); `hint` is where it sits if nothing changed.
        func slot(in slots: [Slot], name wanted: UnsafeBufferPointer<UInt8>, hint: Int) -> Slot? {
            guard !slots.isEmpty else { return nil }
            return bytes.withUnsafeBufferPointer { buffer -> Slot? in
                // Byte order, as the folder listing is sorted (see `ByteOrder`).
                func compare(_ slot: Slot) -> Int {
                    ByteOrder.compare(UnsafeBufferPointer(rebasing: buffer[slot.name]), wanted)
                }
                if hint < slots.count, compare(slots[hint]) == 0 { return slots[hint] }
                var low = 0
                var high = slots.count - 1
                while low <= high {
                    let mid = (low + high) / 2
                    let c = compare(slots[mid])
                    if c == 0 { return slots[mid] }
                    if c < 0 { low = mid + 1 } else { high = mid - 1 }
                }
                return nil
            }
        }
    }

    /// Why a cache file that is there was not used (said once on stderr; the report still runs, uncached).
    public enum Problem: Sendable, Equatable {
        /// Not readable: a FIFO or device, no permission, larger than this version reads.
        case unreadable(FileSystemError)
        /// Its checksum or layout is wrong.
        case damaged
    }

    /// Reads the index of a cache file; nil (never a crash) when it is missing or unusable,
    /// with the reason when it was there but could not be used. A cache written by another
    /// version (another magic) is rebuilt without a word.
    static func load(root: String, fileSystem: FileSystem) -> (index: Index?, problem: Problem?) {
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(path(root: root), limit: 1 << 30)
        } catch {
            if case .notFound = error { return (nil, nil) }
            return (nil, .unreadable(error))
        }
        guard bytes.starts(with: magic) else { return (nil, nil) }
        guard let index = parse(bytes) else { return (nil, .damaged) }
        return (index, nil)
    }

    /// Layout: magic, folder count, then per folder its path, entry count and entries.
    static func parse(_ bytes: [UInt8]) -> Index? {
        guard let bodyStart = ChecksummedFile.bodyStart(of: bytes, magic: magic) else { return nil }
        var folders: [String: Folder] = [:]
        var total = 0
        let ok = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var reader = ByteReader(buffer)
            reader.index = bodyStart
            do throws(ByteReader.Failure) {
                let folderCount = try reader.u32()
                for _ in 0..<folderCount {
                    let folder = try reader.string()
                    let count = Int(try reader.u32())
                    // Every entry takes more than 40 bytes: a larger count cannot be true.
                    guard count <= (buffer.count - reader.index) / 40 else { return false }
                    var slots: [Slot] = []
                    slots.reserveCapacity(count)
                    for _ in 0..<count {
                        let start = reader.index
                        let length = Int(try reader.u32())
                        let end = start + length
                        guard end <= buffer.count, length > 4 else { return false }
                        let nameLength = Int(try reader.u32())
                        let nameStart = reader.index
                        _ = try reader.take(nameLength)
                        let key = Key(size: try reader.i64(), modified: try reader.i64(), changed: try reader.i64(), inode: try reader.u64())
                        let flags = try reader.u8()
                        let checksum = try reader.u64()
                        slots.append(
                            Slot(name: nameStart..<nameStart + nameLength, key: key, hasItems: flags & 1 != 0, checksum: checksum, range: start..<end))
                        reader.index = end
                    }
                    total += count
                    folders[folder] = Folder(slots: slots)
                }
                return reader.index == buffer.count
            } catch {
                return false
            }
        }
        return ok ? Index(bytes: bytes, folders: folders, count: total) : nil
    }

    /// Encodes one entry: length, path, key, flags, checksum of the record's bytes, integrity, content fingerprint and the summary.
    static func encode(
        name: String, key: Key, checksum: UInt64, integrity: Integrity, content: UInt64, summary: AttemptSummary, withItems: Bool,
        into out: inout [UInt8]
    ) {
        var body = ByteWriter()
        body.string(name)
        body.i64(key.size)
        body.i64(key.modified)
        body.i64(key.changed)
        body.u64(key.inode)
        body.u8(withItems ? 1 : 0)
        body.u64(checksum)
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
            body.u32(UInt32(summary.items.count))
            for item in summary.items {
                body.string(item.question)
                body.optionalString(item.response)
                body.f64(item.points)
                body.f64(item.max)
            }
        }
        out.append(contentsOf: UInt32(body.bytes.count + 4).littleEndianBytes)
        out.append(contentsOf: body.bytes)
    }

    /// Decodes an entry found by `load`; nil if it is damaged. Course, unit and session
    /// names repeat across thousands of entries: `shared` hands out one copy of each.
    static func decode(
        _ buffer: UnsafeBufferPointer<UInt8>, slot: Slot, withItems: Bool, shared: inout RecentStrings
    ) -> (AttemptSummary, Integrity, content: UInt64)? {
        var reader = ByteReader(buffer)
        reader.index = slot.range.lowerBound + 4
        do throws(ByteReader.Failure) {
            _ = try reader.string()
            reader.index += 8 * 4 + 1 + 8
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
                guard slot.hasItems else { return nil }
                let count = Int(try reader.u32())
                guard count <= (slot.range.upperBound - reader.index) / 16 else { return nil }
                items.reserveCapacity(count)
                for _ in 0..<count {
                    items.append(AttemptSummary.Item(question: try reader.string(), response: try reader.optionalString(), points: try reader.f64(), max: try reader.f64()))
                }
            }
            guard reader.index <= slot.range.upperBound else { return nil }
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
