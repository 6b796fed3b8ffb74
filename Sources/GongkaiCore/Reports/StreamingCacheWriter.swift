#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The summary cache written while a streamed report reads the records, for a run that finds no
/// usable cache (the first run, or one after damage) or one that finds much new (more than
/// `switchBytes` of new entries: items asked of a cache made by `report scores`): the entries go to a temporary file a segment
/// at a time (16 MiB, or `SummaryCache.Limits.segmentBytes` when smaller) and the file is renamed over the cache
/// at the end. Such a run never holds every new entry in memory (at 1,000,000 records 240–330 MB
/// of them); the file is the one `SummaryCache.save` would have written, in more segments.
struct StreamingCacheWriter {
    let root: String
    let fileSystem: FileSystem
    let strings: StringTable
    /// Strings of the damaged cache being replaced (numbered first), or none.
    let oldStrings: [String]
    let limits: SummaryCache.Limits
    /// The damaged cache whose sound entries are carried over, or nil.
    let old: SummaryCache.Index?
    let temporary: String

    /// The entries of the next segment, one buffer (its room made once, kept between segments),
    /// and its folder blocks as stretches of it.
    private var pending: [UInt8] = []
    private var blocks: [(folder: String, count: Int, end: Int)] = []
    private var pendingBytes: Int { pending.count }
    /// Strings already declared by a written segment.
    private var declared = 0
    private var problem: FileSystemError?
    private var started = false

    init(root: String, fileSystem: FileSystem, strings: StringTable, old: SummaryCache.Index?, limits: SummaryCache.Limits) {
        self.root = root
        self.fileSystem = fileSystem
        self.strings = strings
        self.old = old
        oldStrings = old?.strings ?? []
        self.limits = limits
        temporary = PathJoin.join(
            root, SummaryCache.directory, ".\(SummaryCache.fileName).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    /// A chunk's entries, in the chunk's order: fresh ones from `fresh`, kept ones from the old cache.
    mutating func add(folder: String, pieces: [AttemptLoader.CachePiece], fresh: [UInt8]) {
        guard problem == nil, !pieces.isEmpty else { return }
        if pending.capacity == 0 { pending.reserveCapacity(min(limits.segmentBytes, Self.segmentBytes) + Self.slack) }
        if blocks.last?.folder != folder { blocks.append((folder, 0, pending.count)) }
        let last = blocks.count - 1
        blocks[last].count += SummaryCache.entries(pieces)
        for piece in pieces {
            switch piece {
            case .fresh(_, let range, _):
                pending.append(contentsOf: fresh[range])
            case .kept(let range, _):
                guard let old else { continue }
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: old.buffer[range]))
            }
        }
        blocks[last].end = pending.count
    }

    /// Writes what is pending as a segment once it reaches the segment size.
    mutating func flushIfLarge() {
        if pendingBytes >= min(limits.segmentBytes, Self.segmentBytes) { flush() }
    }

    /// What a segment holds before it is written: the memory a cold run spends on the new cache.
    static let segmentBytes = 16 << 20
    /// Room past the segment size for the chunk that crosses it (a chunk's entries are far fewer bytes).
    static let slack = 1 << 20
    /// New entries a streamed run with a cache holds before it rewrites the cache as it reads instead.
    static let switchBytes = 32 << 20

    private mutating func flush() {
        guard problem == nil else { return }
        let all = oldStrings + strings.added
        // Nothing to say: no segment (but a file with no records still gets one, so it exists).
        if blocks.isEmpty, all.count == declared, started { return }
        let names = blocks.reduce(0) { $0 + $1.folder.utf8.count + 8 }
        var segment = SegmentWriter(base: declared, strings: Array(all[declared...]), room: pending.count + names)
        var start = 0
        pending.withUnsafeBufferPointer { bytes in
            for block in blocks {
                segment.block(folder: block.folder, count: block.count)
                segment.append(UnsafeBufferPointer(rebasing: bytes[start..<block.end]))
                start = block.end
            }
        }
        do throws(FileSystemError) {
            if !started {
                try fileSystem.createDirectories(PathJoin.join(root, SummaryCache.directory))
                started = true
            }
            try fileSystem.appendFile(segment.finish(), to: temporary)
            declared = all.count
            // The old entries copied into it are written: their pages leave this process.
            old?.file.release()
        } catch {
            problem = error
        }
        pending.removeAll(keepingCapacity: true)
        blocks = []
    }

    /// The last segment, then the file renamed over the cache; the problem when it could not be written.
    mutating func finish() -> SummaryCache.Problem? {
        flush()
        if problem == nil {
            do throws(FileSystemError) {
                try fileSystem.moveFile(temporary, to: SummaryCache.path(root: root))
            } catch {
                problem = error
            }
        }
        guard let problem else { return nil }
        try? fileSystem.remove(temporary)
        return .notWritten(problem)
    }
}
