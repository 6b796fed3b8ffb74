/// A file system that waits before every round trip a network share would make: each directory listing,
/// each `stat` (every name of an `infos` batch), each open of a file to read or to write, each folder made
/// and each removal. A stand-in for an SMB or NFS folder, for the benchmark (`bench_shell.py`'s "slow
/// folder" rows); nothing else uses it.
public struct LatencyFileSystem: FileSystem {
    public let base: FileSystem
    /// Called once per round trip, before it; the real one sleeps.
    let wait: @Sendable () -> Void

    public init(base: FileSystem, wait: @escaping @Sendable () -> Void) {
        self.base = base
        self.wait = wait
    }

    /// Sleeps `milliseconds` before each round trip.
    public init(base: FileSystem, milliseconds: Double, sleep: @escaping @Sendable (_ nanoseconds: UInt64) -> Void) {
        let nanoseconds = UInt64(max(0, milliseconds) * 1_000_000)
        self.init(base: base, wait: { sleep(nanoseconds) })
    }

    public func readFile(_ path: String, limit: Int) throws(FileSystemError) -> [UInt8] {
        wait()
        return try base.readFile(path, limit: limit)
    }

    public func readFileWithInfo(_ path: String, limit: Int) throws(FileSystemError) -> (bytes: [UInt8], info: FileInfo) {
        wait()
        return try base.readFileWithInfo(path, limit: limit)
    }

    public func writeFileAtomically(_ bytes: [UInt8], to path: String, replace: Bool) throws(FileSystemError) {
        wait()
        try base.writeFileAtomically(bytes, to: path, replace: replace)
    }

    public func createDirectories(_ path: String) throws(FileSystemError) {
        wait()
        try base.createDirectories(path)
    }

    public func list(_ directory: String) throws(FileSystemError) -> [DirectoryEntry] {
        wait()
        return try base.list(directory)
    }

    public func listFiles(_ directory: String, suffix: String) throws(FileSystemError) -> FolderListing {
        wait()
        return try base.listFiles(directory, suffix: suffix)
    }

    public func info(_ path: String) -> FileInfo? {
        wait()
        return base.info(path)
    }

    public func infos(in directory: String, names: PackedNames, range: Range<Int>) -> [FileInfo?] {
        for _ in range { wait() }
        return base.infos(in: directory, names: names, range: range)
    }

    public func remove(_ path: String) throws(FileSystemError) {
        wait()
        try base.remove(path)
    }

    public func writeOutput(_ bytes: [UInt8], to path: String) throws(FileSystemError) {
        wait()
        try base.writeOutput(bytes, to: path)
    }
}
