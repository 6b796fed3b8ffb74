/// The file-system seam. Everything the core reads or writes goes through it,
/// so tests can use `MemoryFileSystem` and inject faults (read-only, disk full).
public protocol FileSystem: Sendable {
    /// Reads a regular file, refusing symlinks and files larger than `limit` bytes.
    func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8]
    /// Writes through a temporary file, fsync and rename (or link, when `replace`
    /// is false, so an existing file is never overwritten). Never leaves a partial file.
    func writeFileAtomically(_ bytes: [UInt8], to path: String, replace: Bool) throws(FileSystemError)
    func createDirectories(_ path: String) throws(FileSystemError)
    /// Entries of a directory, without following symlinks. Missing directory → empty.
    func list(_ directory: String) throws(FileSystemError) -> [DirectoryEntry]
    /// `lstat`: nil when the path does not exist.
    func info(_ path: String) -> FileInfo?
    func remove(_ path: String) throws(FileSystemError)
    /// Reads a regular file and reports its status as read (one open, no race between the two).
    func readFileWithInfo(_ path: String, limit: Int) throws(FileSystemError) -> (bytes: [UInt8], info: FileInfo)
    /// `list`, with the regular files named `*suffix` (not hidden) packed into one buffer, unsorted.
    func listFiles(_ directory: String, suffix: String) throws(FileSystemError) -> FolderListing
    /// `lstat` of the names at `range` in one folder (the real file system opens the folder once).
    func infos(in directory: String, names: PackedNames, range: Range<Int>) -> [FileInfo?]
    /// Writes a file gongkai does not own (`--out`, the course snapshot, exports): a new path or a
    /// regular file is replaced atomically; a character device or FIFO is written through, never
    /// replaced; a symlink, folder or other special file is refused. Never destroys what is at `path`.
    func writeOutput(_ bytes: [UInt8], to path: String) throws(FileSystemError)
    /// A regular file's bytes for reading in place (the real file system maps it; see `MappedBytes`).
    func mapFile(_ path: String) throws(FileSystemError) -> MappedBytes
    /// Adds `bytes` at the end of a regular file (made if missing) in one `O_APPEND` write: never
    /// moves or rewrites what is there. Not atomic: a crash can leave a torn tail (see `SummaryCache`).
    func appendFile(_ bytes: [UInt8], to path: String) throws(FileSystemError)
    /// Renames `source` onto `path` (same folder), replacing it atomically.
    func moveFile(_ source: String, to path: String) throws(FileSystemError)
}

public struct DirectoryEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, directory, symlink, other }
    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

public struct FileInfo: Sendable, Hashable {
    public var size: Int64
    /// Modification time in nanoseconds since the epoch.
    public var modified: Int64
    /// Status-change time (ctime) in nanoseconds: changes on any write, and cannot be set back by hand.
    public var changed: Int64
    public var inode: UInt64
    public var kind: DirectoryEntry.Kind

    public init(size: Int64, modified: Int64, changed: Int64 = 0, inode: UInt64 = 0, kind: DirectoryEntry.Kind) {
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
        self.kind = kind
    }
}

public enum FileSystemError: Error, Sendable, Equatable {
    case notFound(String)
    case permissionDenied(String)
    case readOnly(String)
    case noSpace(String)
    case exists(String)
    case tooLarge(String, size: Int64)
    case notRegularFile(String)
    /// A file stands where a folder is needed.
    case notADirectory(String)
    case notUTF8(String)
    case io(String, code: Int32)
    /// A symbolic link where gongkai writes a file: refused rather than replaced or followed.
    case symlink(String)
    /// A FIFO, device or socket where a file is read: skipped, never opened for long.
    case specialFile(String)
    /// The process or the system ran out of file descriptors (EMFILE, ENFILE).
    case tooManyOpenFiles(String)
    /// A FIFO with no program reading it.
    case noReader(String)

    /// A failure of the machine, not of the file's content (too many open files, I/O errors,
    /// permissions): a report that met one is incomplete and must not pass as a result.
    public var isReadFailure: Bool {
        switch self {
        case .permissionDenied, .tooManyOpenFiles, .io: return true
        default: return false
        }
    }

    public var path: String {
        switch self {
        case .notFound(let p), .permissionDenied(let p), .readOnly(let p), .noSpace(let p), .exists(let p),
            .tooLarge(let p, _), .notRegularFile(let p), .notADirectory(let p), .notUTF8(let p), .io(let p, _),
            .symlink(let p), .specialFile(let p), .tooManyOpenFiles(let p), .noReader(let p):
            return p
        }
    }
}

extension FileSystem {
    public func listFiles(_ directory: String, suffix: String) throws(FileSystemError) -> FolderListing {
        FolderListing(try list(directory), suffix: suffix)
    }

    public func infos(in directory: String, names: PackedNames, range: Range<Int>) -> [FileInfo?] {
        range.map { info(PathJoin.join(directory, names.string($0))) }
    }

    public func readFileWithInfo(_ path: String, limit: Int) throws(FileSystemError) -> (bytes: [UInt8], info: FileInfo) {
        guard let info = info(path) else { throw .notFound(path) }
        return (try readFile(path, limit: limit), info)
    }

    public func readText(_ path: String, limit: Int = 16 << 20) throws(FileSystemError) -> String {
        let bytes = try readFile(path, limit: limit)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8(path) }
        // A UTF-8 byte-order mark (Windows Notepad) is not part of the text.
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    public func writeOutput(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        switch info(path)?.kind {
        case nil, .file?: try writeFileAtomically(bytes, to: path, replace: true)
        case .symlink?: throw .symlink(path)
        case .directory?, .other?: throw .notRegularFile(path)
        }
    }

    public func exists(_ path: String) -> Bool { info(path) != nil }

    public func isDirectory(_ path: String) -> Bool { info(path)?.kind == .directory }

    /// Every regular file under `directory`, depth first, sorted by path. Symlinks
    /// are reported separately and never followed.
    public func walk(_ directory: String, skipHidden: Bool = true) -> (files: [String], symlinks: [String]) {
        let found = survey(directory, skipHidden: skipHidden)
        return (found.files, found.symlinks)
    }

    /// `walk`, also naming FIFOs, devices and sockets (never opened) and folders that could
    /// not be listed, with why: a folder lost to "too many open files" must not pass as empty.
    public func survey(_ directory: String, skipHidden: Bool = true) -> FolderSurvey {
        var found = FolderSurvey()
        // A record folder that is itself a link would lead outside the results.
        if info(directory)?.kind == .symlink {
            found.symlinks = [directory]
            return found
        }
        var stack = [directory]
        while let dir = stack.popLast() {
            let entries: [DirectoryEntry]
            do {
                entries = try list(dir)
            } catch {
                found.failures.append((dir, error))
                continue
            }
            for entry in entries.sorted(by: { $0.name > $1.name }) {
                if skipHidden, entry.name.hasPrefix(".") { continue }
                let path = PathJoin.join(dir, entry.name)
                switch entry.kind {
                case .directory: stack.append(path)
                case .file: found.files.append(path)
                case .symlink: found.symlinks.append(path)
                case .other: found.specialFiles.append(path)
                }
            }
        }
        found.files.sort()
        found.symlinks.sort()
        found.specialFiles.sort()
        return found
    }
}

/// What `FileSystem.survey` found under a folder.
public struct FolderSurvey: Sendable {
    public var files: [String] = []
    public var symlinks: [String] = []
    /// FIFOs, devices and sockets.
    public var specialFiles: [String] = []
    /// Folders that could not be listed.
    public var failures: [(path: String, error: FileSystemError)] = []
}

public enum PathJoin {
    public static func join(_ parts: String...) -> String { join(parts) }

    public static func join(_ parts: [String]) -> String {
        var result = ""
        for part in parts where !part.isEmpty {
            if result.isEmpty {
                result = part
            } else if result.hasSuffix("/") {
                result += part.hasPrefix("/") ? String(part.dropFirst()) : part
            } else {
                result += part.hasPrefix("/") ? part : "/" + part
            }
        }
        return result
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    public static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
