/// A record file that was not used, and why.
public struct SkippedRecord: Error, Sendable, Equatable {
    public var path: String
    public var problem: RecordProblem

    public init(path: String, problem: RecordProblem) {
        self.path = path
        self.problem = problem
    }
}

/// A record read from disk, with where it came from and whether its digest matched.
public struct Loaded<R: StoredRecord>: Sendable {
    public var record: R
    public var path: String
    public var integrity: Integrity
}

/// What a scan of one or more `Results/` folders found.
public struct ScanResult<R: StoredRecord>: Sendable {
    public var records: [Loaded<R>] = []
    public var skipped: [SkippedRecord] = []
    /// Records whose id had already been read (the same file copied from another PC).
    public var duplicates = 0

    public var tampered: [Loaded<R>] { records.filter { $0.integrity == .mismatch } }
}

/// Reads every record of one kind under one or more results folders. Symlinks
/// are never followed; unreadable files are reported, never fatal.
public struct RecordScanner: Sendable {
    /// No record is anywhere near this size; larger files are not read at all.
    public static let maximumRecordBytes = 4 << 20

    public let fileSystem: FileSystem

    public init(fileSystem: FileSystem) { self.fileSystem = fileSystem }

    public func scan<R: StoredRecord>(_ type: R.Type, roots: [String], subdirectory: String) -> ScanResult<R> {
        var result = ScanResult<R>()
        var seen: Set<String> = []
        for root in roots {
            let (files, symlinks) = fileSystem.walk(PathJoin.join(root, subdirectory))
            for link in symlinks { result.skipped.append(SkippedRecord(path: link, problem: .symlink)) }
            for path in files where path.hasSuffix(".json") {
                switch read(type, path: path) {
                case .success(let loaded):
                    if seen.insert(loaded.record.id).inserted {
                        result.records.append(loaded)
                    } else {
                        result.duplicates += 1
                    }
                case .failure(let problem):
                    result.skipped.append(SkippedRecord(path: path, problem: problem))
                }
            }
        }
        return result
    }

    public func read<R: StoredRecord>(_ type: R.Type, path: String) -> Result<Loaded<R>, RecordProblem> {
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(path, limit: Self.maximumRecordBytes)
        } catch .tooLarge(_, let size) {
            return .failure(.tooLarge(size: size))
        } catch .notRegularFile {
            return .failure(.symlink)
        } catch {
            return .failure(.unreadable(error))
        }
        do {
            let (record, integrity) = try RecordCodec.decode(bytes, as: type)
            return .success(Loaded(record: record, path: path, integrity: integrity))
        } catch {
            return .failure(error)
        }
    }
}

extension Array where Element == AttemptRecord {
    /// Drops attempts that a regrade has replaced, so every count uses the newest grading.
    public var effective: [AttemptRecord] {
        let replaced = Set(compactMap(\.supersedes))
        return filter { !replaced.contains($0.id) }
    }
}
