#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The real file system, through POSIX calls so that fsync, O_NOFOLLOW and
/// link-without-overwrite are explicit.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        try readFileWithInfo(path, limit: limit).bytes
    }

    /// Opens a regular file to read, without following a symlink: its descriptor (the caller closes it)
    /// and status. A folder or special file is refused, closed.
    static func openRegularFile(_ path: String) throws(FileSystemError) -> (fd: Int32, status: stat) {
        // O_NONBLOCK: opening a FIFO with no writer would wait forever (deaf to Ctrl-C); it is
        // refused after fstat instead. On a regular file the flag changes nothing.
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw error(errno, path) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let failure = error(errno, path)
            close(fd)
            throw failure
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (fd, st)
        case S_IFDIR:
            close(fd)
            throw .notRegularFile(path)
        default:
            close(fd)
            throw .specialFile(path)
        }
    }

    public func readFileWithInfo(_ path: String, limit: Int) throws(FileSystemError) -> (bytes: [UInt8], info: FileInfo) {
        let (fd, st) = try Self.openRegularFile(path)
        defer { close(fd) }
        guard st.st_size <= limit else { throw .tooLarge(path, size: Int64(st.st_size)) }
        var size = Int(st.st_size)
        // One spare byte, so that reaching the end of a file of exactly `limit` bytes is seen as the end.
        var buffer = [UInt8](repeating: 0, count: size + 1)
        var filled = 0
        while true {
            if filled == buffer.count {
                // The file grew while being read.
                guard buffer.count < limit else { throw .tooLarge(path, size: Int64(buffer.count)) }
                buffer.append(contentsOf: repeatElement(0, count: min(buffer.count, limit - buffer.count + 1)))
            }
            let n = buffer.withUnsafeMutableBytes { raw in
                read(fd, raw.baseAddress! + filled, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Self.error(errno, path)
            }
            if n == 0 { break }
            filled += n
        }
        size = filled
        buffer.removeSubrange(size...)
        return (buffer, Self.fileInfo(st))
    }

    /// Writes all of `bytes` to `fd` (again after EINTR and short writes); the failure, if any.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) -> FileSystemError? {
        var written = 0
        var failure: FileSystemError?
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = Self.error(errno, path)
                    return
                }
                written += n
            }
        }
        return failure
    }

    public func writeFileAtomically(_ bytes: [UInt8], to path: String, replace: Bool) throws(FileSystemError) {
        let directory = PathJoin.directory(of: path)
        let temp = PathJoin.join(directory, ".\(PathJoin.fileName(of: path)).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.error(errno, path) }
        var failure = Self.writeAll(bytes, to: fd, path: path)
        if failure == nil, fsync(fd) != 0 { failure = Self.error(errno, path) }
        if close(fd) != 0, failure == nil { failure = Self.error(errno, path) }
        if let failure {
            unlink(temp)
            throw failure
        }
        if replace {
            if rename(temp, path) != 0 {
                let code = errno
                unlink(temp)
                throw Self.error(code, path)
            }
        } else {
            // link(2) fails rather than replace an existing record.
            if link(temp, path) != 0 {
                let code = errno
                if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == ENOSYS || code == EMLINK {
                    // FAT/exFAT sticks and some network shares have no hard links. Record ids
                    // are unique, so checking before the rename is enough there.
                    var st = stat()
                    if lstat(path, &st) == 0 {
                        unlink(temp)
                        throw .exists(path)
                    }
                    if rename(temp, path) != 0 {
                        let code = errno
                        unlink(temp)
                        throw Self.error(code, path)
                    }
                } else {
                    unlink(temp)
                    throw code == EEXIST ? .exists(path) : Self.error(code, path)
                }
            } else {
                unlink(temp)
            }
        }
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }

    public func writeOutput(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            guard errno == ENOENT else { throw Self.error(errno, path) }
            return try writeFileAtomically(bytes, to: path, replace: true)
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return try writeFileAtomically(bytes, to: path, replace: true)
        case S_IFLNK: throw .symlink(path)
        case S_IFCHR, S_IFIFO: try writeThrough(bytes, to: path, kind: st.st_mode & S_IFMT)
        default: throw .notRegularFile(path)
        }
    }

    /// Writes into an existing device or FIFO (`/dev/null`, `/dev/stdout`, a pipe to another
    /// program) without replacing it. O_NONBLOCK at open: a FIFO nobody reads fails at once.
    private func writeThrough(_ bytes: [UInt8], to path: String, kind: mode_t) throws(FileSystemError) {
        let fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { throw errno == ENXIO ? .noReader(path) : Self.error(errno, path) }
        defer { close(fd) }
        var st = stat()
        // The same kind of file as the one looked at, not something swapped in between.
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == kind else { throw .notRegularFile(path) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var failure: FileSystemError?
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = Self.error(errno, path)
                    return
                }
                written += n
            }
        }
        if let failure { throw failure }
    }

    public func createDirectories(_ path: String) throws(FileSystemError) {
        var st = stat()
        if lstat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw .notADirectory(path) }
            return
        }
        let parent = PathJoin.directory(of: path)
        if parent != path, parent != ".", parent != "/" {
            try createDirectories(parent)
        }
        if mkdir(path, 0o755) != 0, errno != EEXIST {
            throw Self.error(errno, path)
        }
    }

    public func list(_ directory: String) throws(FileSystemError) -> [DirectoryEntry] {
        var entries: [DirectoryEntry] = []
        try forEachEntry(in: directory) { entry in
            entries.append(directoryEntry(entry, in: directory))
        }
        return entries
    }

    public func listFiles(_ directory: String, suffix: String) throws(FileSystemError) -> FolderListing {
        var listing = FolderListing()
        let suffix = Array(suffix.utf8)
        try forEachEntry(in: directory) { entry in
            // Regular, not hidden, named *suffix: packed, without ever becoming a String.
            let packed = Int32(entry.pointee.d_type) == Int32(DT_REG) && Self.withName(entry) { name in
                guard FolderListing.packs(name, suffix: suffix) else { return false }
                listing.files.append(name)
                return true
            }
            // Only a file system that does not tell the kind (DT_UNKNOWN) brings a packable file here.
            if !packed { listing.add(directoryEntry(entry, in: directory), suffix: suffix) }
        }
        return listing
    }

    /// Every entry of a folder but "." and ".."; nothing for a missing folder.
    private func forEachEntry(in directory: String, _ body: (UnsafeMutablePointer<dirent>) -> Void) throws(FileSystemError) {
        guard let dir = opendir(directory) else {
            if errno == ENOENT { return }
            throw Self.error(errno, directory)
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let dots = Self.withName(entry) { name in
                name.count <= 2 && name.allSatisfy { $0 == UInt8(ascii: ".") }
            }
            if !dots { body(entry) }
        }
    }

    /// The entry's name as bytes, in place.
    private static func withName<R>(_ entry: UnsafeMutablePointer<dirent>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafePointer(to: &entry.pointee.d_name) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: 256) { start in
                body(UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self), count: strlen(start)))
            }
        }
    }

    private func directoryEntry(_ entry: UnsafeMutablePointer<dirent>, in directory: String) -> DirectoryEntry {
        let name = Self.withName(entry) { String(decoding: $0, as: UTF8.self) }
        let kind: DirectoryEntry.Kind
        switch Int32(entry.pointee.d_type) {
        case Int32(DT_REG): kind = .file
        case Int32(DT_DIR): kind = .directory
        case Int32(DT_LNK): kind = .symlink
        case Int32(DT_UNKNOWN): kind = info(PathJoin.join(directory, name))?.kind ?? .other
        default: kind = .other
        }
        return DirectoryEntry(name: name, kind: kind)
    }

    public func infos(in directory: String, names: PackedNames, range: Range<Int>) -> [FileInfo?] {
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { return range.map { _ in nil } }
        defer { close(dfd) }
        return range.map { index in
            var st = stat()
            // The packed name is followed by a zero byte: a C string as it stands.
            let status = names.withName(index) { name in
                fstatat(dfd, UnsafeRawPointer(name.baseAddress!).assumingMemoryBound(to: CChar.self), &st, AT_SYMLINK_NOFOLLOW)
            }
            return status == 0 ? Self.fileInfo(st) : nil
        }
    }

    public func info(_ path: String) -> FileInfo? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return Self.fileInfo(st)
    }

    static func fileInfo(_ st: stat) -> FileInfo {
        let kind: DirectoryEntry.Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default: kind = .other
        }
        #if canImport(Darwin)
        let modified = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        let changed = Int64(st.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(st.st_ctimespec.tv_nsec)
        #else
        let modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        let changed = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
        #endif
        return FileInfo(size: Int64(st.st_size), modified: modified, changed: changed, inode: UInt64(st.st_ino), kind: kind)
    }

    public func remove(_ path: String) throws(FileSystemError) {
        if unlink(path) != 0, errno != ENOENT { throw Self.error(errno, path) }
    }

    static func error(_ code: Int32, _ path: String) -> FileSystemError {
        switch code {
        case ENOENT, ENOTDIR: return .notFound(path)
        case EACCES, EPERM: return .permissionDenied(path)
        case EROFS: return .readOnly(path)
        case ENOSPC, EDQUOT: return .noSpace(path)
        case EEXIST: return .exists(path)
        case ELOOP: return .symlink(path)
        case EMFILE, ENFILE: return .tooManyOpenFiles(path)
        default: return .io(path, code: code)
        }
    }
}
