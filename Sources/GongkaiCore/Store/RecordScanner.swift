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
    /// Fingerprint of the record's content (see `RecordCodec.check`): copies agree when it does.
    public var content: UInt64 = 0
}

/// What a scan of one or more `Results/` folders found.
public struct ScanResult<R: StoredRecord>: Sendable {
    public var records: [Loaded<R>] = []
    public var skipped: [SkippedRecord] = []
    /// Records whose id had already been read (the same file copied from another PC).
    public var duplicates = 0
    /// Paths of records whose id was read before with different content.
    public var conflicts: [String] = []

    public var tampered: [Loaded<R>] { records.filter { $0.integrity == .mismatch } }

    /// Adds what reading `path` gave. An id read before (`seen`: id → index in `records`)
    /// counts once, as a duplicate; with other content it is a conflict (two PCs disagree).
    mutating func add(_ outcome: Result<Loaded<R>, RecordProblem>, path: String, seen: inout [String: Int]) {
        switch outcome {
        case .success(let loaded):
            if let earlier = seen[loaded.record.id] {
                duplicates += 1
                if records[earlier].content != loaded.content { conflicts.append(loaded.path) }
            } else {
                seen[loaded.record.id] = records.count
                records.append(loaded)
            }
        case .failure(let problem):
            skipped.append(SkippedRecord(path: path, problem: problem))
        }
    }
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
        var seen: [String: Int] = [:]
        for root in roots {
            let found = fileSystem.survey(PathJoin.join(root, subdirectory))
            for link in found.symlinks { result.skipped.append(SkippedRecord(path: link, problem: .symlink)) }
            for path in found.specialFiles where path.hasSuffix(".json") { result.skipped.append(SkippedRecord(path: path, problem: .unreadable(.specialFile(path)))) }
            for (path, error) in found.failures { result.skipped.append(SkippedRecord(path: path, problem: .unreadable(error))) }
            for path in found.files where path.hasSuffix(".json") {
                result.add(read(type, path: path), path: path, seen: &seen)
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
        } catch .notRegularFile, .symlink {
            return .failure(.symlink)
        } catch {
            return .failure(.unreadable(error))
        }
        do {
            let (record, integrity, content) = try RecordCodec.decodeChecked(bytes, as: type)
            return .success(Loaded(record: record, path: path, integrity: integrity, content: content))
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
