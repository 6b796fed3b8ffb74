import Foundation

/// An in-memory file system for tests, with injectable faults.
public final class MemoryFileSystem: FileSystem, @unchecked Sendable {
    public enum Fault: Sendable, Equatable {
        case readOnly
        /// Writes fail once the stored bytes would exceed this many.
        case capacity(Int)
        /// Every write fails with this error.
        case error(FileSystemError)
    }

    private let lock = NSLock()
    private var files: [String: (bytes: [UInt8], modified: Int64)] = [:]
    private var directories: Set<String> = ["/", "."]
    private var symlinks: [String: String] = [:]
    /// FIFOs, devices and sockets: listed and seen by `info`, never readable.
    private var specialFiles: Set<String> = []
    /// Reads (and listings) of paths under a prefix fail with an error, as a failing disk or
    /// an exhausted descriptor table would.
    private var readFaults: [(prefix: String, error: FileSystemError)] = []
    private var clock: Int64 = 1_000_000_000
    /// When each folder's entries last changed (nanoseconds on `clock`): a listing's signature, as a real folder's mtime.
    private var folderModified: [String: Int64] = [:]
    public var fault: Fault? {
        get { lock.withLock { _fault } }
        set { lock.withLock { _fault = newValue } }
    }
    private var _fault: Fault?
    /// When set, faults apply only to paths under this prefix (another "disk" stays healthy).
    public var faultScope: String? {
        get { lock.withLock { _faultScope } }
        set { lock.withLock { _faultScope = newValue } }
    }
    private var _faultScope: String?

    /// Why a write of `adding` bytes in place of `replacing` ones at `path` fails under the injected
    /// fault, if it does (called with the lock held).
    private func writeFault(_ path: String, adding: Int, replacing: Int) -> FileSystemError? {
        switch faultApplies(to: path) {
        case .readOnly?: return .readOnly(path)
        case .error(let e)?: return e
        case .capacity(let limit)?:
            let used = files.values.reduce(0) { $0 + $1.bytes.count } - replacing
            return used + adding > limit ? .noSpace(path) : nil
        case nil: return nil
        }
    }

    private func faultApplies(to path: String) -> Fault? {
        guard let fault = _fault else { return nil }
        if let scope = _faultScope, !path.hasPrefix(scope) { return nil }
        return fault
    }

    public init() {}

    public var allFiles: [String: [UInt8]] { lock.withLock { files.mapValues(\.bytes) } }

    public func addSymlink(_ path: String, target: String) {
        lock.withLock {
            symlinks[normalize(path)] = target
            addParents(normalize(path))
        }
    }

    public func addSpecialFile(_ path: String) {
        lock.withLock {
            specialFiles.insert(normalize(path))
            addParents(normalize(path))
        }
    }

    /// Every later read or listing of a path starting with `prefix` fails with `error`.
    public func failReads(under prefix: String, with error: FileSystemError) {
        lock.withLock { readFaults.append((normalize(prefix), error)) }
    }

    private func readFault(_ path: String) -> FileSystemError? {
        readFaults.first { path.hasPrefix($0.prefix) }?.error
    }

    public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        let path = normalize(path)
        let result: Result<[UInt8], FileSystemError> = lock.withLock {
            if let fault = readFault(path) { return .failure(fault) }
            if symlinks[path] != nil { return .failure(.symlink(path)) }
            if specialFiles.contains(path) { return .failure(.specialFile(path)) }
            guard let file = files[path] else {
                return .failure(directories.contains(path) ? .notRegularFile(path) : .notFound(path))
            }
            guard file.bytes.count <= limit else { return .failure(.tooLarge(path, size: Int64(file.bytes.count))) }
            return .success(file.bytes)
        }
        return try result.get()
    }

    public func writeFileAtomically(_ bytes: [UInt8], to path: String, replace: Bool) throws(FileSystemError) {
        let path = normalize(path)
        let result: Result<Void, FileSystemError> = lock.withLock {
            if let refusal = writeFault(path, adding: bytes.count, replacing: files[path]?.bytes.count ?? 0) { return .failure(refusal) }
            guard directories.contains(PathJoin.directory(of: path)) else { return .failure(.notFound(path)) }
            if !replace, files[path] != nil { return .failure(.exists(path)) }
            clock += 1
            files[path] = (bytes, clock)
            touchParent(of: path)
            return .success(())
        }
        try result.get()
    }

    /// Adds bytes at the end, as `O_APPEND` does: the bytes there stay as they are.
    public func appendFile(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let path = normalize(path)
        let result: Result<Void, FileSystemError> = lock.withLock {
            if let refusal = writeFault(path, adding: bytes.count, replacing: 0) { return .failure(refusal) }
            guard directories.contains(PathJoin.directory(of: path)) else { return .failure(.notFound(path)) }
            if symlinks[path] != nil { return .failure(.symlink(path)) }
            if specialFiles.contains(path) { return .failure(.specialFile(path)) }
            clock += 1
            let isNew = files[path] == nil
            files[path, default: ([], clock)].bytes.append(contentsOf: bytes)
            files[path]!.modified = clock
            if isNew { touchParent(of: path) }
            return .success(())
        }
        try result.get()
    }

    public func moveFile(_ source: String, to path: String) throws(FileSystemError) {
        let source = normalize(source), path = normalize(path)
        let result: Result<Void, FileSystemError> = lock.withLock {
            if faultApplies(to: path) == .readOnly { return .failure(.readOnly(path)) }
            guard let file = files.removeValue(forKey: source) else { return .failure(.notFound(source)) }
            clock += 1
            files[path] = (file.bytes, clock)
            touchParent(of: path)
            return .success(())
        }
        try result.get()
    }

    public func createDirectories(_ path: String) throws(FileSystemError) {
        let path = normalize(path)
        let result: Result<Void, FileSystemError> = lock.withLock {
            if directories.contains(path) { return .success(()) }
            if faultApplies(to: path) == .readOnly { return .failure(.readOnly(path)) }
            if files[path] != nil { return .failure(.notADirectory(path)) }
            addParents(path)
            directories.insert(path)
            touchParent(of: path)
            return .success(())
        }
        try result.get()
    }

    public func list(_ directory: String) throws(FileSystemError) -> [DirectoryEntry] {
        let directory = normalize(directory)
        let result: Result<[DirectoryEntry], FileSystemError> = lock.withLock {
            if let fault = readFault(directory) { return .failure(fault) }
            let prefix = directory == "/" ? "/" : directory + "/"
            var names: [String: DirectoryEntry.Kind] = [:]
            func consider(_ path: String, _ kind: DirectoryEntry.Kind) {
                guard path.hasPrefix(prefix), path != directory else { return }
                let rest = path.dropFirst(prefix.count)
                guard !rest.isEmpty, !rest.contains("/") else { return }
                names[String(rest)] = kind
            }
            for path in files.keys { consider(path, .file) }
            for path in directories { consider(path, .directory) }
            for path in symlinks.keys { consider(path, .symlink) }
            for path in specialFiles { consider(path, .other) }
            return .success(names.map { DirectoryEntry(name: $0.key, kind: $0.value) }.sorted { $0.name < $1.name })
        }
        return try result.get()
    }

    public func info(_ path: String) -> FileInfo? {
        let path = normalize(path)
        return lock.withLock {
            if let file = files[path] { return FileInfo(size: Int64(file.bytes.count), modified: file.modified, changed: file.modified, inode: UInt64(truncatingIfNeeded: path.hashValue), kind: .file) }
            if directories.contains(path) {
                let modified = folderModified[path] ?? 0
                return FileInfo(size: 0, modified: modified, changed: modified, inode: UInt64(truncatingIfNeeded: path.hashValue), kind: .directory)
            }
            if symlinks[path] != nil { return FileInfo(size: 0, modified: 0, kind: .symlink) }
            if specialFiles.contains(path) { return FileInfo(size: 0, modified: 0, kind: .other) }
            return nil
        }
    }

    public func remove(_ path: String) throws(FileSystemError) {
        let path = normalize(path)
        let result: Result<Void, FileSystemError> = lock.withLock {
            if faultApplies(to: path) == .readOnly { return .failure(.readOnly(path)) }
            if files.removeValue(forKey: path) != nil || symlinks.removeValue(forKey: path) != nil || specialFiles.remove(path) != nil {
                touchParent(of: path)
            }
            return .success(())
        }
        try result.get()
    }

    /// Test helper: puts bytes at a path regardless of faults.
    public func put(_ text: String, at path: String) { put(Array(text.utf8), at: path) }

    public func put(_ bytes: [UInt8], at path: String) {
        let path = normalize(path)
        lock.withLock {
            addParents(path)
            clock += 1
            files[path] = (bytes, clock)
            touchParent(of: path)
        }
    }

    /// The file system's clock (nanoseconds), which stamps every change.
    public var now: Int64 { lock.withLock { clock } }

    /// Moves the clock on, as time passing between two commands.
    public func advanceClock(seconds: Int64) {
        lock.withLock { clock += seconds * 1_000_000_000 }
    }

    /// A folder's entries changed: its modification time moves, as a real folder's does.
    private func touchParent(of path: String) {
        clock += 1
        folderModified[PathJoin.directory(of: path)] = clock
    }

    private func addParents(_ path: String) {
        var dir = PathJoin.directory(of: path)
        while !directories.contains(dir) {
            directories.insert(dir)
            touchParent(of: dir)
            let parent = PathJoin.directory(of: dir)
            if parent == dir { break }
            dir = parent
        }
    }

    private func normalize(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        if p.hasPrefix("./") { p.removeFirst(2) }
        return p
    }
}
