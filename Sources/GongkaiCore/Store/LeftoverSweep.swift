/// Removes the hidden temporary files (`.NAME.PID.RAND.tmp`, see `LocalFileSystem.writeFileAtomically`)
/// that writers killed mid-write leave behind. Safe with other writers running: a file is removed only when
/// it is older than `minimumAge` (a write takes milliseconds) and the process that made it is gone.
/// A writer on another PC of a shared folder has a PID this machine cannot check: the age alone decides.
public struct LeftoverSweep: Sendable {
    public static let minimumAgeSeconds: Int64 = 3600
    /// How often a results folder is swept (see `sweepIfDue`).
    public static let intervalSeconds: Int64 = 86400

    public let fileSystem: FileSystem
    public let clock: WallClock
    /// Whether a process with this id runs on this machine.
    public let isRunning: @Sendable (Int32) -> Bool

    public init(fileSystem: FileSystem, clock: WallClock, isRunning: @escaping @Sendable (Int32) -> Bool) {
        self.fileSystem = fileSystem
        self.clock = clock
        self.isRunning = isRunning
    }

    /// The writer's process id, if `name` is a temporary file's name.
    public static func writer(ofTemporary name: String) -> Int32? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        let parts = name.dropFirst().dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, !parts[..<(parts.count - 2)].joined(separator: ".").isEmpty,
            let random = parts.last, !random.isEmpty, random.allSatisfy(\.isASCII), UInt32(random) != nil,
            let pid = Int32(parts[parts.count - 2]), pid > 0
        else { return nil }
        return pid
    }

    /// Removes abandoned temporary files anywhere under `root` (hidden folders included, links never
    /// followed). Returns the paths removed.
    @discardableResult
    public func sweep(_ root: String) -> [String] {
        let cutoff = (clock.now().seconds - Self.minimumAgeSeconds) * 1_000_000_000
        var removed: [String] = []
        var stack = [root]
        while let directory = stack.popLast() {
            guard let entries = try? fileSystem.list(directory) else { continue }
            for entry in entries {
                let path = PathJoin.join(directory, entry.name)
                switch entry.kind {
                case .directory: stack.append(path)
                case .file:
                    guard let pid = Self.writer(ofTemporary: entry.name), let info = fileSystem.info(path), info.kind == .file,
                        info.modified < cutoff, !isRunning(pid)
                    else { continue }
                    if (try? fileSystem.remove(path)) != nil { removed.append(path) }
                default: continue
                }
            }
        }
        return removed.sorted()
    }

    /// `sweep`, at most once per `intervalSeconds` per results folder (a stamp under `.cache/`): a walk of
    /// every folder costs as much as a report's listing.
    @discardableResult
    public func sweepIfDue(_ root: String) -> [String]? {
        // A results folder not made yet has nothing to sweep, and is not made here.
        guard fileSystem.isDirectory(root) else { return nil }
        let stamp = PathJoin.join(root, ".cache", "leftover-sweep")
        let now = clock.now().seconds
        if let bytes = try? fileSystem.readFile(stamp, limit: 64), let text = String(validating: bytes, as: UTF8.self),
            let last = Int64(text.split(separator: "\n").first ?? ""), last <= now, now - last < Self.intervalSeconds
        {
            return nil
        }
        guard (try? fileSystem.createDirectories(PathJoin.directory(of: stamp))) != nil,
            (try? fileSystem.writeFileAtomically(Array("\(now)\n".utf8), to: stamp, replace: true)) != nil
        else { return nil }
        return sweep(root)
    }
}
