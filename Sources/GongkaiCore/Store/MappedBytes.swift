#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes, read in place: on the real file system a read-only private mapping, so that
/// a large file costs pages only as they are read (and the kernel can drop them again); elsewhere
/// a copy. Unmapped when the last reference goes.
///
/// The file must not be truncated while mapped (reading past its new end would fault): gongkai
/// never truncates a file it maps, it renames a new one over it.
public final class MappedBytes: @unchecked Sendable {
    public let buffer: UnsafeBufferPointer<UInt8>
    private let mapped: Bool

    /// A copy of `bytes` (the memory file system, other seams).
    public init(copying bytes: [UInt8]) {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = storage.initialize(from: bytes)
        buffer = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(storage)[0..<bytes.count])
        mapped = false
    }

    init(mapping base: UnsafeRawPointer, count: Int) {
        buffer = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
        mapped = true
    }

    /// Lets the pages read so far go from this process's memory (a mapping: the kernel keeps them
    /// in its page cache and maps them again when read); nothing for a copy.
    public func release() {
        guard mapped, let base = buffer.baseAddress, buffer.count > 0 else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), buffer.count, MADV_DONTNEED)
    }

    /// `release()` for the pages of `range` only (a long read gives pages back as it goes).
    public func release(_ range: Range<Int>) {
        guard mapped, let base = buffer.baseAddress, !range.isEmpty else { return }
        let page = max(Int(sysconf(Int32(_SC_PAGESIZE))), 1)
        let start = max(0, range.lowerBound) / page * page
        let end = min(buffer.count, range.upperBound)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    deinit {
        guard let base = buffer.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), buffer.count)
        } else {
            base.deallocate()
        }
    }
}

extension FileSystem {
    public func mapFile(_ path: String) throws(FileSystemError) -> MappedBytes {
        MappedBytes(copying: try readFile(path, limit: Int.max))
    }

    public func appendFile(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        var old: [UInt8] = []
        do {
            old = try readFile(path, limit: Int.max)
        } catch .notFound {
        }
        try writeFileAtomically(old + bytes, to: path, replace: true)
    }

    public func moveFile(_ source: String, to path: String) throws(FileSystemError) {
        try writeFileAtomically(try readFile(source, limit: Int.max), to: path, replace: true)
        try remove(source)
    }
}

extension LocalFileSystem {
    public func mapFile(_ path: String) throws(FileSystemError) -> MappedBytes {
        let (fd, st) = try Self.openRegularFile(path)
        defer { close(fd) }
        let size = Int(st.st_size)
        if size == 0 { return MappedBytes(copying: []) }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { throw Self.error(errno, path) }
        return MappedBytes(mapping: UnsafeRawPointer(base), count: size)
    }

    public func appendFile(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o644)
        guard fd >= 0 else { throw Self.error(errno, path) }
        var failure: FileSystemError?
        var st = stat()
        if fstat(fd, &st) != 0 {
            failure = Self.error(errno, path)
        } else if st.st_mode & S_IFMT != S_IFREG {
            failure = .specialFile(path)
        }
        // One write for the whole piece when the kernel takes it (it does for regular files):
        // two processes appending at once then never interleave inside a piece.
        if failure == nil { failure = Self.writeAll(bytes, to: fd, path: path) }
        if close(fd) != 0, failure == nil { failure = Self.error(errno, path) }
        if let failure { throw failure }
    }

    public func moveFile(_ source: String, to path: String) throws(FileSystemError) {
        let fd = open(source, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
        guard rename(source, path) == 0 else { throw Self.error(errno, path) }
        let dfd = open(PathJoin.directory(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}
