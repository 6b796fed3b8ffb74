#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which attempt records belong to a trainee or a unit, kept under `Results/.cache/attempt-index/`, so
/// that the shell reads a person's own records instead of every attempt of every course.
///
/// Derived data, always safe to delete. Two kinds of file, each whole in itself and replaced atomically:
/// - a *folder file* per month folder (`attempts/<course>/<YYYY-MM>/`): every record name in it with its
///   trainee and unit, and the folder's signature (mtime, ctime, inode) as it was *before* it was listed;
///   trainee and unit, and the record's summary (the fields the unit view counts, and its integrity verdict)
///   taken at that same read;
/// - a *shard* (one of `shardCount`, by a hash of the trainee): for each folder, the signature its postings
///   were taken at, and the record names of the shard's trainees in that folder;
/// - a *unit file* per unit: the same, with each record's summary, so that the unit view opens no record;
/// - *views*: the last answer about a person (their record names) and about a unit (the unit file's lines
///   of the people the unit view asked about: a session's attendees), with the signatures of every month
///   folder it was true at. While no folder changes, the answer is this small file, not the shard's or
///   the unit's whole history.
/// Every lookup stats the month folders (one listing and one `infos` per course); a folder whose signature
/// differs from the one a file holds is listed again and only its new names are read. A file that is
/// missing, damaged or stale is rebuilt; one that cannot be written is bypassed (the answer is the same,
/// only slower). Several shells may write at once: each file states the signature its content matches, so a
/// lost update leaves an older but consistent file, which costs a re-list, never a wrong answer.
public struct AttemptIndex: Sendable {
    /// Who an index entry belongs to.
    public enum Key: Sendable, Hashable {
        case trainee(Trainee)
        case unit(String)

        var text: String {
            switch self {
            case .trainee(let trainee): return "p:" + trainee.key
            case .unit(let unit): return "u:" + PathEscaping.component(unit)
            }
        }
    }

    /// A month folder's state as `lstat` gives it; any entry added or removed changes it.
    struct Signature: Sendable, Equatable {
        var modified: Int64
        var changed: Int64
        var inode: UInt64

        init(modified: Int64, changed: Int64, inode: UInt64) {
            self.modified = modified
            self.changed = changed
            self.inode = inode
        }

        init(_ info: FileInfo) { self.init(modified: info.modified, changed: info.changed, inode: info.inode) }

        /// Matches no folder: written when some record could not be read, so the folder is read again.
        static let unfinished = Signature(modified: -1, changed: -1, inode: 0)
    }

    /// At 1,000,000 records (about 90,000 people) a shard holds about 3,500 people's names (0.4 MB).
    public static let shardCount = 256
    /// A folder changed less than this long before it was looked at may change again within the same
    /// timestamp tick (2 s on FAT) without its mtime moving: such a folder is listed again next time.
    static let settleNanoseconds: Int64 = 3_000_000_000
    static let folderHeader = "gongkai.attempt-index.folder/2"
    /// Names the shard count too: a shard of another count holds other people.
    static let shardHeader = "gongkai.attempt-index.shard/2 \(shardCount)"
    static let unitHeader = "gongkai.attempt-index.unit/1"
    static let viewHeader = "gongkai.attempt-index.view/1"
    /// No index file is anywhere near this size; a larger one is treated as damaged.
    static let maximumFileBytes = 64 << 20

    public let root: String
    public let fileSystem: FileSystem
    public let clock: WallClock

    public init(root: String, fileSystem: FileSystem, clock: WallClock) {
        self.root = root
        self.fileSystem = fileSystem
        self.clock = clock
    }

    public static func folder(root: String) -> String { PathJoin.join(root, ".cache", "attempt-index") }

    var attemptsRoot: String { PathJoin.join(root, "attempts") }
    var indexRoot: String { Self.folder(root: root) }

    // MARK: Lookup

    /// Paths of the records of `key` in the given course folders (escaped course ids; nil: every course),
    /// in no particular order. nil when the folders cannot be listed: the caller then reads every record.
    /// Records outside the layout (`attempts/<course>/<YYYY-MM>/<id>.json`) are not indexed.
    public func paths(for key: Key, courseFolders: [String]?) -> [String]? {
        if case .unit(let unit) = key {
            return unitRecords(unit, courseFolders: courseFolders)?.map(\.path)
        }
        let keyText = key.text
        // A person's own records, as last answered, while no folder of any course changes.
        // A folder's names depend on that folder alone: the courses asked about must be as they were.
        let viewPath = personViewPath(keyText)
        guard let current = signatures(courseFolders: courseFolders) else { return nil }
        if let view = loadView(viewPath), view.asked == [keyText], view.folders.filter({ covers(courseFolders, $0.key) }) == current {
            return view.lines.filter { covers(courseFolders, $0.folder) }.map { PathJoin.join(attemptsRoot, $0.folder, Self.unescape(String(decoding: $0.line, as: UTF8.self))) }
        }
        let observed = clock.now().seconds * 1_000_000_000
        let shardNumber = Self.shard(of: keyText)
        let shardPath = self.shardPath(shardNumber)
        var shard = loadShard(shardPath) ?? Shard()
        var changed = false
        // Folders of the courses looked at that are gone.
        for folder in shard.folders.keys where current[folder] == nil && covers(courseFolders, folder) {
            shard.remove(folder)
            changed = true
        }
        for (folder, signature) in current.sorted(by: { $0.key < $1.key }) {
            if let state = shard.folders[folder], state.settled, state.signature == signature { continue }
            guard let segment = folderFile(folder, signature: signature, observed: observed) else { return nil }
            shard.replace(folder, with: segment, shard: shardNumber)
            changed = true
        }
        if changed { try? write(shard.encoded(), to: shardPath) }
        var paths: [String] = []
        var view = View(folders: current, asked: [keyText])
        for folder in current.keys.sorted() {
            for name in shard.names(of: keyText, in: folder) {
                paths.append(PathJoin.join(attemptsRoot, folder, name))
                view.lines.append((folder, Array(Self.escape(name).utf8)[...]))
            }
        }
        if courseFolders == nil, current.keys.allSatisfy({ shard.folders[$0]?.settled == true }) { try? write(view.encoded(), to: viewPath) }
        return paths
    }

    /// A record of a unit as the index holds it: its path, and its summary as read when its folder was
    /// last listed (nil when it could not be summarized: the caller reads the file).
    public struct UnitRecord: Sendable {
        public var path: String
        public var summary: IndexedSummary?
    }

    /// The records of `unit` in the given course folders (nil: every course), each with the summary the
    /// index took when it first read it, in no particular order. nil when the folders cannot be listed.
    ///
    /// `people`: only the records of these trainees (by name) are wanted; the others are passed over
    /// without decoding their summaries. Kept as well, so that the caller decides about copies and
    /// regrades exactly as over every record: any record that shares its id with a wanted one or
    /// supersedes one, and every record the index could not summarize.
    public func unitRecords(_ unit: String, courseFolders: [String]?, people: Set<String>? = nil) -> [UnitRecord]? {
        guard let current = signatures(courseFolders: courseFolders) else { return nil }
        // The unit view asks again and again about the same attendees while no folder changes.
        let viewPath = courseFolders == nil ? people.map { _ in unitViewPath(unit) } : nil
        let asked = people.map { $0.sorted() }
        if let viewPath, let asked, let view = loadView(viewPath), view.asked == asked, view.folders == current {
            return view.records(root: attemptsRoot)
        }
        let observed = clock.now().seconds * 1_000_000_000
        let keyText = Key.unit(unit).text
        let path = unitPath(unit)
        var file = loadUnitFile(path) ?? UnitFile()
        var changed = false
        for folder in file.folders.keys where current[folder] == nil && covers(courseFolders, folder) {
            file.remove(folder)
            changed = true
        }
        for (folder, signature) in current.sorted(by: { $0.key < $1.key }) {
            if let state = file.folders[folder], state.settled, state.signature == signature { continue }
            guard let segment = folderFile(folder, signature: signature, observed: observed) else { return nil }
            file.replace(folder, with: segment, unit: keyText)
            changed = true
        }
        if changed { try? write(file.encoded(), to: path) }
        let wanted = people.map { Self.wantedLines(file.stored, people: $0) }
        var view = View(folders: current, asked: asked ?? [])
        for folder in current.keys.sorted() {
            for (position, line) in (file.stored[folder] ?? []).enumerated() {
                if let wanted, wanted[folder]?[position] != true { continue }
                view.lines.append((folder, line))
            }
        }
        let records = view.records(root: attemptsRoot)
        // Kept for next time when it can be trusted as long as no folder changes: every folder settled. (A
        // record kept without a summary stays so: the caller reads it each time, as from the unit file.)
        if let viewPath, current.keys.allSatisfy({ file.folders[$0]?.settled == true }) {
            try? write(view.encoded(), to: viewPath)
        }
        return records
    }

    /// The last answer to a question about a person (`paths(for:courseFolders:)`: their record names) or a
    /// unit (`unitRecords(_:courseFolders: nil, people:)`: the unit file's lines it kept): the signatures
    /// of the month folders it was true at, what was asked, and the answer's lines by folder. Derived from
    /// the shard or unit file, as those are from the folders: any folder that changes makes it stale.
    struct View {
        var folders: [String: Signature]
        var asked: [String]
        var lines: [(folder: String, line: ArraySlice<UInt8>)] = []

        func records(root: String) -> [UnitRecord] {
            var records: [UnitRecord] = []
            records.reserveCapacity(lines.count)
            var strings = IndexedSummary.Strings()
            for (folder, line) in lines {
                let tab = line.firstIndex(of: UInt8(ascii: "\t"))
                let name = AttemptIndex.unescape(String(decoding: line[..<(tab ?? line.endIndex)], as: UTF8.self))
                let summary = tab.flatMap { IndexedSummary(fields: line[($0 + 1)...], strings: &strings) }
                records.append(UnitRecord(path: PathJoin.join(root, folder) + "/" + name, summary: summary))
            }
            return records
        }

        func encoded() -> [UInt8] {
            var bytes = Array((AttemptIndex.viewHeader + "\n").utf8)
            for (folder, s) in folders.sorted(by: { $0.key < $1.key }) {
                bytes += Array("F\t\(AttemptIndex.escape(folder))\t\(s.modified)\t\(s.changed)\t\(s.inode)\n".utf8)
            }
            for question in asked { bytes += Array("P\t\(AttemptIndex.escape(question))\n".utf8) }
            for (folder, line) in lines {
                bytes += Array("R\t\(AttemptIndex.escape(folder))\t".utf8)
                bytes += line
                bytes.append(UInt8(ascii: "\n"))
            }
            return AttemptIndex.sealed(bytes)
        }
    }

    func unitViewPath(_ unit: String) -> String { PathJoin.join(indexRoot, "views", "units", PathEscaping.component(unit) + ".txt") }

    /// One file per person asked about (the file names the person inside): 64 folders by the key's hash.
    func personViewPath(_ keyText: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in keyText.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return PathJoin.join(indexRoot, "views", "people", String(hash % 64), String(hash, radix: 16) + ".txt")
    }

    /// nil when missing, damaged or of another version.
    func loadView(_ path: String) -> View? {
        guard let lines = Self.checkedLines(path, header: Self.viewHeader, fileSystem: fileSystem) else { return nil }
        var view = View(folders: [:], asked: [])
        for line in lines {
            let fields = Self.leadingFields(line, count: 2)
            guard fields.count == 2 else { return nil }
            let second = Self.unescape(String(decoding: fields[1], as: UTF8.self))
            switch line.first {
            case UInt8(ascii: "F"):
                let all = Self.fields(line).map { String(decoding: $0, as: UTF8.self) }
                guard all.count == 5, let signature = Self.signature(all[2], all[3], all[4]) else { return nil }
                view.folders[second] = signature
            case UInt8(ascii: "P"):
                view.asked.append(second)
            case UInt8(ascii: "R"):
                guard view.folders[second] != nil, fields[1].endIndex < line.endIndex else { return nil }
                view.lines.append((second, line[(fields[1].endIndex + 1)...]))
            default:
                return nil
            }
        }
        return view
    }

    /// Which of a unit file's lines `unitRecords(_:courseFolders:people:)` keeps for `people`, per folder
    /// and line. Two passes over the raw fields (record name, then the summary's id, supersedes, trainee
    /// name…): the wanted people's lines and their ids, then every line that shares such an id or
    /// supersedes one.
    static func wantedLines(_ stored: [String: [ArraySlice<UInt8>]], people: Set<String>) -> [String: [Bool]] {
        // A handful of names, compared by length then bytes; ids by a 64-bit hash, then exactly.
        let names = people.map { Array(escape($0).utf8) }
        var idHashes: Set<UInt64> = []
        var ids: Set<ArraySlice<UInt8>> = []
        var kept: [String: [Bool]] = [:]
        for (folder, lines) in stored {
            kept[folder] = lines.map { line in
                let fields = leadingFields(line, count: 4)
                // A line with no summary: the caller reads the record itself.
                guard fields.count == 4 else { return true }
                guard names.contains(where: { sameBytes($0, fields[3]) }) else { return false }
                ids.insert(fields[1])
                idHashes.insert(FastChecksum.of(fields[1]))
                return true
            }
        }
        guard !ids.isEmpty else { return kept }
        func known(_ id: ArraySlice<UInt8>) -> Bool { idHashes.contains(FastChecksum.of(id)) && ids.contains(id) }
        for (folder, lines) in stored {
            for (position, line) in lines.enumerated() where kept[folder]?[position] == false {
                let fields = leadingFields(line, count: 3)
                // The supersedes field is empty, or "=" and the id it replaces (escaped as ids are).
                if known(fields[1]) || (fields[2].first == UInt8(ascii: "=") && known(fields[2].dropFirst())) {
                    kept[folder]?[position] = true
                }
            }
        }
        return kept
    }

    static func sameBytes<A: Collection<UInt8>>(_ a: A, _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return b.withUnsafeBufferPointer { y in
            a.withContiguousStorageIfAvailable { x in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } ?? a.elementsEqual(b)
        }
    }

    /// The first `count` tab-separated fields of `line` (fewer when it has fewer).
    static func leadingFields(_ line: ArraySlice<UInt8>, count: Int) -> [ArraySlice<UInt8>] {
        var fields: [ArraySlice<UInt8>] = []
        fields.reserveCapacity(count)
        let base = line.startIndex
        line.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            var from = 0
            while fields.count < count {
                guard from < buffer.count, let hit = memchr(start + from, 9, buffer.count - from) else {
                    fields.append(line[(base + from)..<(base + buffer.count)])
                    return
                }
                let at = start.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                fields.append(line[(base + from)..<(base + at)])
                from = at + 1
            }
        }
        if fields.isEmpty { fields.append(line) }
        return fields
    }

    func covers(_ courseFolders: [String]?, _ folder: String) -> Bool {
        guard let courseFolders else { return true }
        return courseFolders.contains(String(folder.prefix { $0 != "/" }))
    }

    /// Every month folder of the courses with its signature; nil when a folder cannot be listed.
    func signatures(courseFolders: [String]?) -> [String: Signature]? {
        let courses: [String]
        if let courseFolders {
            courses = courseFolders
        } else {
            guard let entries = try? fileSystem.list(attemptsRoot) else { return nil }
            courses = entries.filter { $0.kind == .directory && !$0.name.hasPrefix(".") }.map(\.name)
        }
        var result: [String: Signature] = [:]
        for course in courses {
            let directory = PathJoin.join(attemptsRoot, course)
            guard let entries = try? fileSystem.list(directory) else { return nil }
            let months = PackedNames(entries.filter { $0.kind == .directory && !$0.name.hasPrefix(".") }.map(\.name))
            guard !months.isEmpty else { continue }
            for (position, info) in fileSystem.infos(in: directory, names: months, range: 0..<months.count).enumerated() {
                guard let info, info.kind == .directory else { continue }
                result[course + "/" + months.string(position)] = Signature(info)
            }
        }
        return result
    }

    // MARK: Folder files

    struct FolderFile: Sendable {
        var signature: Signature
        /// Whether the folder had been still for `settleNanoseconds` when it was looked at.
        var settled: Bool
        /// Record name → its owner; "-" keys for a file that is no attempt record.
        var entries: [String: Owner] = [:]
    }

    /// The folder file of `folder`, brought up to date with the folder as it is at `signature` (taken
    /// before this call lists anything). nil when the folder cannot be listed.
    func folderFile(_ folder: String, signature: Signature, observed: Int64) -> FolderFile? {
        let path = folderPath(folder)
        let old = loadFolderFile(path)
        if let old, old.settled, old.signature == signature { return old }
        let directory = PathJoin.join(attemptsRoot, folder)
        guard let listing = try? fileSystem.listFiles(directory, suffix: ".json") else { return nil }
        var file = FolderFile(signature: signature, settled: observed - signature.modified >= Self.settleNanoseconds)
        var fresh: [String] = []
        for name in listing.files.strings {
            if let known = old?.entries[name] { file.entries[name] = known } else { fresh.append(name) }
        }
        let owners = ParallelMap.map(fresh, chunk: 64) { name in owner(of: PathJoin.join(directory, name)) }
        for (name, owner) in zip(fresh, owners) {
            if let owner {
                file.entries[name] = owner
            } else {
                // The machine failed to read it: not known, and the folder is looked at again next time.
                file.signature = .unfinished
                file.settled = false
            }
        }
        try? write(file.encoded(), to: path)
        return file
    }

    /// Who a record belongs to, and its summary (encoded) when it has one.
    struct Owner: Sendable {
        var trainee: String
        var unit: String
        /// `IndexedSummary.encoded()`; empty when the record could not be summarized (the unit view then
        /// reads the file, and says what is wrong with it as a full read does).
        var summary: ArraySlice<UInt8>

        static let none = Owner(trainee: "-", unit: "-", summary: [])
    }

    /// Trainee and unit keys of a record file, with its summary; `.none` for a file that is no attempt
    /// record; nil when it could not be read for a reason of the machine (worth trying again).
    func owner(of path: String) -> Owner? {
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(path, limit: RecordScanner.maximumRecordBytes)
        } catch {
            return error.isReadFailure ? nil : Owner.none
        }
        guard let trainee = Self.trainee(scanning: bytes) ?? Self.trainee(parsing: bytes) else { return Owner.none }
        var summary: ArraySlice<UInt8> = []
        if case .success(let read) = AttemptLoader.summary(of: bytes, withItems: false) {
            summary = IndexedSummary(summary: read.summary, integrity: read.integrity).encoded()[...]
        }
        return Owner(trainee: Key.trainee(trainee).text, unit: Key.unit(trainee.unit).text, summary: summary)
    }

    /// The trainee of an attempt record, read without building the document (nil: not sure, parse it).
    static func trainee(scanning bytes: [UInt8]) -> Trainee? {
        bytes.withUnsafeBufferPointer { buffer -> Trainee? in
            var scanner = JSONScanner(buffer)
            var schema = false
            var name: String?
            var unit: String?
            do throws(JSONScanner.Failure) {
                try scanner.object { s, key throws(JSONScanner.Failure) in
                    if key.equals("schema") {
                        schema = AttemptRecord.schema.utf8.elementsEqual(try s.rawStringBytes())
                    } else if key.equals("trainee") {
                        try s.object { t, key throws(JSONScanner.Failure) in
                            if key.equals("name") { name = try t.string() } else if key.equals("unit") { unit = try t.string() } else { try t.skipValue() }
                        }
                    } else {
                        try s.skipValue()
                    }
                }
                try scanner.end()
            } catch {
                return nil
            }
            guard schema, let name, let unit else { return nil }
            return Trainee(name: name, unit: unit)
        }
    }

    static func trainee(parsing bytes: [UInt8]) -> Trainee? {
        guard let json = try? JSONParser.parse(bytes), json["schema"]?.stringValue == AttemptRecord.schema,
            let name = json["trainee"]?["name"]?.stringValue, let unit = json["trainee"]?["unit"]?.stringValue
        else { return nil }
        return Trainee(name: name, unit: unit)
    }

    // MARK: Shards

    struct Shard: Sendable {
        var folders: [String: (signature: Signature, settled: Bool)] = [:]
        /// Folder → its `K` lines as read (without the newline): only the asked key's are ever decoded.
        var stored: [String: [ArraySlice<UInt8>]] = [:]
        /// Folder → key → record names, for folders brought up to date by this process.
        var fresh: [String: [String: [String]]] = [:]

        mutating func remove(_ folder: String) {
            folders[folder] = nil
            stored[folder] = nil
            fresh[folder] = nil
        }

        mutating func replace(_ folder: String, with file: FolderFile, shard: Int) {
            folders[folder] = (file.signature, file.settled)
            var keys: [String: [String]] = [:]
            for (name, owner) in file.entries where owner.trainee != "-" && AttemptIndex.shard(of: owner.trainee) == shard {
                keys[owner.trainee, default: []].append(name)
            }
            stored[folder] = nil
            fresh[folder] = keys
        }

        func names(of key: String, in folder: String) -> [String] {
            if let keys = fresh[folder] { return keys[key] ?? [] }
            let wanted = Array(key.utf8) + [UInt8(ascii: "\t")]
            for line in stored[folder] ?? [] {
                // "K", the folder, then the key: compared in place, and only the asked key's line is split.
                guard let first = line.firstIndex(of: UInt8(ascii: "\t")),
                    let second = line[(first + 1)...].firstIndex(of: UInt8(ascii: "\t")),
                    line[(second + 1)...].starts(with: wanted)
                else { continue }
                let fields = AttemptIndex.fields(line)
                if fields.count >= 4 { return fields[3...].map { AttemptIndex.unescape(String(decoding: $0, as: UTF8.self)) } }
            }
            return []
        }
    }

    /// The tab-separated fields of a line, as slices of it.
    static func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        split(line, on: UInt8(ascii: "\t"))
    }

    /// `split(separator:omittingEmptySubsequences: false)`, by `memchr` (the generic one is several times
    /// slower, and the index files of a province hold millions of lines).
    static func split(_ bytes: ArraySlice<UInt8>, on separator: UInt8) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        let base = bytes.startIndex
        bytes.withUnsafeBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            var from = 0
            while from < buffer.count, let hit = memchr(start + from, Int32(separator), buffer.count - from) {
                let at = start.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                parts.append(bytes[(base + from)..<(base + at)])
                from = at + 1
            }
            parts.append(bytes[(base + from)..<(base + buffer.count)])
        }
        if parts.isEmpty { parts.append(bytes) }
        return parts
    }

    static func shard(of key: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % UInt64(shardCount))
    }

    func shardPath(_ number: Int) -> String { PathJoin.join(indexRoot, "shards", "\(number).txt") }

    func folderPath(_ folder: String) -> String { PathJoin.join(indexRoot, "folders", folder + ".txt") }

    func unitPath(_ unit: String) -> String { PathJoin.join(indexRoot, "units", PathEscaping.component(unit) + ".txt") }

    func write(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        try fileSystem.createDirectories(PathJoin.directory(of: path))
        try fileSystem.writeFileAtomically(bytes, to: path, replace: true)
    }

    func loadShard(_ path: String) -> Shard? {
        guard let (folders, stored) = loadGrouped(path, header: Self.shardHeader, tag: "K", keepFolderField: true) else { return nil }
        var shard = Shard()
        (shard.folders, shard.stored) = (folders, stored)
        return shard
    }

    /// A shard or unit file: `F` lines (a month folder, its signature, settled), then entry lines tagged
    /// `tag`, grouped by their folder (the second field), each stored by folder — whole, or from the
    /// field after the folder on. nil when the file is missing, damaged or names a folder it does not list.
    func loadGrouped(
        _ path: String, header: String, tag: Unicode.Scalar, keepFolderField: Bool
    ) -> (folders: [String: (signature: Signature, settled: Bool)], stored: [String: [ArraySlice<UInt8>]])? {
        guard let lines = Self.checkedLines(path, header: header, fileSystem: fileSystem) else { return nil }
        var folders: [String: (signature: Signature, settled: Bool)] = [:]
        var stored: [String: [ArraySlice<UInt8>]] = [:]
        var folder = ""
        var folderBytes: ArraySlice<UInt8> = []
        // The current folder's lines, stored when the next folder starts.
        var group: [ArraySlice<UInt8>] = []
        for line in lines {
            switch line.first {
            case UInt8(ascii: "F"):
                let fields = Self.fields(line).map { String(decoding: $0, as: UTF8.self) }
                guard fields.count == 6, let signature = Self.signature(fields[2], fields[3], fields[4]) else { return nil }
                folders[Self.unescape(fields[1])] = (signature, fields[5] == "1")
            case UInt8(ascii: tag):
                // Lines come grouped by folder: the folder's name is decoded once per group.
                guard line.count > 2, let end = line[(line.startIndex + 2)...].firstIndex(of: UInt8(ascii: "\t")) else { return nil }
                let bytes = line[(line.startIndex + 2)..<end]
                if !Self.sameBytes(bytes, folderBytes) {
                    if !group.isEmpty { stored[folder, default: []] += group }
                    group.removeAll(keepingCapacity: true)
                    folderBytes = bytes
                    folder = Self.unescape(String(decoding: bytes, as: UTF8.self))
                    guard folders[folder] != nil else { return nil }
                }
                group.append(keepFolderField ? line : line[(end + 1)...])
            default:
                return nil
            }
        }
        if !group.isEmpty { stored[folder, default: []] += group }
        return (folders, stored)
    }

    func loadFolderFile(_ path: String) -> FolderFile? {
        guard let lines = Self.checkedLines(path, header: Self.folderHeader, fileSystem: fileSystem), let first = lines.first else { return nil }
        let head = Self.fields(first).map { String(decoding: $0, as: UTF8.self) }
        guard head.count == 5, head[0] == "S", let signature = Self.signature(head[1], head[2], head[3]) else { return nil }
        var file = FolderFile(signature: signature, settled: head[4] == "1")
        file.entries.reserveCapacity(lines.count)
        // Thousands of names share a few hundred owners: one string each.
        var owners: [ArraySlice<UInt8>: String] = [:]
        func owner(_ bytes: ArraySlice<UInt8>) -> String {
            if let known = owners[bytes] { return known }
            let text = String(decoding: bytes, as: UTF8.self)
            owners[bytes] = text
            return text
        }
        for line in lines.dropFirst() {
            // name, trainee, unit, then the summary's fields (kept as they lie: only the unit files decode them).
            var rest = line[...]
            var three: [ArraySlice<UInt8>] = []
            while three.count < 3 {
                if let tab = rest.firstIndex(of: UInt8(ascii: "\t")) {
                    three.append(rest[..<tab])
                    rest = rest[(tab + 1)...]
                } else {
                    three.append(rest)
                    rest = rest[rest.endIndex...]
                    break
                }
            }
            guard three.count == 3 else { return nil }
            file.entries[Self.unescape(String(decoding: three[0], as: UTF8.self))] = Owner(trainee: owner(three[1]), unit: owner(three[2]), summary: rest)
        }
        return file
    }

    func loadUnitFile(_ path: String) -> UnitFile? {
        guard let (folders, stored) = loadGrouped(path, header: Self.unitHeader, tag: "R", keepFolderField: false) else { return nil }
        var file = UnitFile()
        (file.folders, file.stored) = (folders, stored)
        return file
    }

    static func signature(_ modified: String, _ changed: String, _ inode: String) -> Signature? {
        guard let m = Int64(modified), let c = Int64(changed), let i = UInt64(inode) else { return nil }
        return Signature(modified: m, changed: c, inode: i)
    }

    /// The lines between the header and the checksum line, if the file is whole and of this version.
    static func checkedLines(_ path: String, header: String, fileSystem: FileSystem) -> [ArraySlice<UInt8>]? {
        guard let bytes = try? fileSystem.readFile(path, limit: maximumFileBytes) else { return nil }
        var lines = split(bytes[...], on: UInt8(ascii: "\n"))
        // The last line is empty (the file ends in a newline), the one before it the checksum of all before.
        guard lines.count >= 3, lines.removeLast().isEmpty, lines[0].elementsEqual(header.utf8) else { return nil }
        let sum = lines.removeLast()
        let bodyLength = bytes.count - sum.count - 1
        guard sum.starts(with: [UInt8(ascii: "#"), UInt8(ascii: "\t")]),
            UInt64(String(decoding: sum.dropFirst(2), as: UTF8.self), radix: 16) == FastChecksum.of(bytes[0..<bodyLength])
        else { return nil }
        lines.removeFirst()
        return lines
    }

    static func sealed(_ body: String) -> [UInt8] { sealed(Array(body.utf8)) }

    static func sealed(_ body: [UInt8]) -> [UInt8] {
        var bytes = body
        bytes += Array("#\t\(String(FastChecksum.of(bytes[...]), radix: 16))\n".utf8)
        return bytes
    }

    /// Record names are whatever was copied in: tabs, newlines and "%" are escaped.
    static func escape(_ name: String) -> String {
        guard name.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == 9 || $0 == 10 || $0 == 13 }) else { return name }
        var out = ""
        for c in name.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\t": out += "%09"
            case "\n": out += "%0A"
            case "\r": out += "%0D"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func unescape(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "%")) ? PathEscaping.decode(text) : text
    }
}

extension AttemptIndex.FolderFile {
    func encoded() -> [UInt8] {
        var bytes = Array((AttemptIndex.folderHeader + "\n").utf8)
        bytes += Array("S\t\(signature.modified)\t\(signature.changed)\t\(signature.inode)\t\(settled ? 1 : 0)\n".utf8)
        for (name, owner) in entries.sorted(by: { $0.key < $1.key }) {
            bytes += Array("\(AttemptIndex.escape(name))\t\(owner.trainee)\t\(owner.unit)".utf8)
            if !owner.summary.isEmpty {
                bytes.append(UInt8(ascii: "\t"))
                bytes += owner.summary
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return AttemptIndex.sealed(bytes)
    }
}

extension AttemptIndex {
    /// A unit's records, folder by folder, with their summaries (see `unitRecords`).
    struct UnitFile: Sendable {
        var folders: [String: (signature: Signature, settled: Bool)] = [:]
        /// Folder → its `R` lines as read, after the folder field: name, then the summary's fields.
        var stored: [String: [ArraySlice<UInt8>]] = [:]

        mutating func remove(_ folder: String) {
            folders[folder] = nil
            stored[folder] = nil
        }

        mutating func replace(_ folder: String, with file: FolderFile, unit: String) {
            folders[folder] = (file.signature, file.settled)
            var lines: [ArraySlice<UInt8>] = []
            for (name, owner) in file.entries where owner.unit == unit && owner.trainee != "-" {
                var line = Array(AttemptIndex.escape(name).utf8)
                if !owner.summary.isEmpty {
                    line.append(UInt8(ascii: "\t"))
                    line += owner.summary
                }
                lines.append(line[...])
            }
            stored[folder] = lines
        }

        func encoded() -> [UInt8] {
            var bytes = Array((AttemptIndex.unitHeader + "\n").utf8)
            for (folder, state) in folders.sorted(by: { $0.key < $1.key }) {
                let s = state.signature
                bytes += Array("F\t\(AttemptIndex.escape(folder))\t\(s.modified)\t\(s.changed)\t\(s.inode)\t\(state.settled ? 1 : 0)\n".utf8)
            }
            for folder in stored.keys.sorted() {
                let prefix = Array("R\t\(AttemptIndex.escape(folder))\t".utf8)
                for line in (stored[folder] ?? []).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                    bytes += prefix
                    bytes += line
                    bytes.append(UInt8(ascii: "\n"))
                }
            }
            return AttemptIndex.sealed(bytes)
        }
    }
}

extension AttemptIndex.Shard {
    func encoded() -> [UInt8] {
        var body = AttemptIndex.shardHeader + "\n"
        for (folder, state) in folders.sorted(by: { $0.key < $1.key }) {
            let s = state.signature
            body += "F\t\(AttemptIndex.escape(folder))\t\(s.modified)\t\(s.changed)\t\(s.inode)\t\(state.settled ? 1 : 0)\n"
        }
        var bytes = Array(body.utf8)
        for folder in Set(stored.keys).union(fresh.keys).sorted() {
            if let keys = fresh[folder] {
                for (key, names) in keys.sorted(by: { $0.key < $1.key }) {
                    bytes += Array(("K\t\(AttemptIndex.escape(folder))\t\(key)\t" + names.sorted().map(AttemptIndex.escape).joined(separator: "\t") + "\n").utf8)
                }
            } else {
                for line in stored[folder] ?? [] {
                    bytes += line
                    bytes.append(UInt8(ascii: "\n"))
                }
            }
        }
        return AttemptIndex.sealed(bytes)
    }
}
