/// File names of one folder, packed into one buffer: a province's record folder
/// holds thousands of names, and a `String` each would be thousands of
/// allocations to make, sort and free. Each name is followed by a zero byte, so
/// it can be handed to the system's calls as it is.
public struct PackedNames: Sendable, Equatable {
    private var bytes: [UInt8] = []
    private var spans: [Span] = []

    private struct Span: Sendable, Equatable {
        var start: Int
        var count: Int
    }

    public init() {}

    public init(_ names: [String]) {
        for name in names { append(name) }
    }

    public var count: Int { spans.count }
    public var isEmpty: Bool { spans.isEmpty }

    public mutating func append(_ name: UnsafeBufferPointer<UInt8>) {
        spans.append(Span(start: bytes.count, count: name.count))
        bytes.append(contentsOf: name)
        bytes.append(0)
    }

    public mutating func append(_ name: String) {
        var name = name
        name.withUTF8 { append($0) }
    }

    /// The name's bytes (without the zero byte, which follows them in memory).
    public func withName<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let span = spans[index]
        return try bytes.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[span.start..<span.start + span.count]))
        }
    }

    public func string(_ index: Int) -> String {
        withName(index) { String(decoding: $0, as: UTF8.self) }
    }

    public var strings: [String] { spans.indices.map(string) }

    /// Puts the names in byte order (see `ByteOrder`), shorter first on a common prefix.
    public mutating func sort() {
        guard spans.count > 1 else { return }
        struct Key {
            var high: UInt64
            var low: UInt64
            var span: Span
        }
        var keys: [Key] = []
        keys.reserveCapacity(spans.count)
        bytes.withUnsafeBufferPointer { buffer in
            for span in spans {
                let name = UnsafeBufferPointer(rebasing: buffer[span.start..<span.start + span.count])
                keys.append(Key(high: ByteOrder.prefix(name, from: 0), low: ByteOrder.prefix(name, from: 8), span: span))
            }
            keys.sort { x, y in
                if x.high != y.high { return x.high < y.high }
                if x.low != y.low { return x.low < y.low }
                return ByteOrder.compare(
                    UnsafeBufferPointer(rebasing: buffer[x.span.start..<x.span.start + x.span.count]),
                    UnsafeBufferPointer(rebasing: buffer[y.span.start..<y.span.start + y.span.count])) < 0
            }
        }
        spans = keys.map(\.span)
    }
}

/// A folder's entries as the record loader wants them: the regular files it reads
/// packed (see `PackedNames`), everything else as entries.
public struct FolderListing: Sendable, Equatable {
    /// Regular files whose name ends with the suffix asked for and does not start with ".".
    public var files = PackedNames()
    /// Every other entry: folders, links, hidden or differently named files.
    public var others: [DirectoryEntry] = []

    public init(files: PackedNames = PackedNames(), others: [DirectoryEntry] = []) {
        self.files = files
        self.others = others
    }

    /// Sorts `entries` into files and others, as `FileSystem.listFiles` does.
    public init(_ entries: [DirectoryEntry], suffix: String) {
        let suffix = Array(suffix.utf8)
        for entry in entries { add(entry, suffix: suffix) }
    }

    mutating func add(_ entry: DirectoryEntry, suffix: [UInt8]) {
        var name = entry.name
        if entry.kind == .file, name.withUTF8({ Self.packs($0, suffix: suffix) }) {
            files.append(name)
        } else {
            others.append(entry)
        }
    }

    /// Whether a regular file's name is packed: not hidden, and ending with the suffix's bytes.
    static func packs(_ name: UnsafeBufferPointer<UInt8>, suffix: [UInt8]) -> Bool {
        name.count > suffix.count && name[0] != UInt8(ascii: ".") && name.suffix(suffix.count).elementsEqual(suffix)
    }
}
