import Crypto
import Foundation

/// The office's seal over the records of a results folder: the SHA-256 of every record file,
/// a Merkle root over them, and an Ed25519 signature of the root by a key kept outside
/// `Results/`. Unlike a record's digest, which anyone can recompute, a changed, removed or
/// re-digested record no longer matches a seal without the office's key.
public struct RecordSeal: Sendable, Equatable {
    public static let schema = "gongkai.seal/1"
    /// The folders whose records are sealed (autosaves and caches change by design).
    public static let folders = ["attempts", "attendance", "audits"]

    public struct Entry: Sendable, Equatable {
        /// Relative to the results folder.
        public var path: String
        /// `sha256:<hex>` of the file's bytes.
        public var sha256: String

        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    public var createdAt: Timestamp
    public var entries: [Entry]
    public var root: String
    public var publicKey: String
    public var signature: String

    /// What a check of the current records against the seal found.
    public struct Check: Sendable, Equatable {
        public var changed: [String] = []
        public var removed: [String] = []
        /// Records written since the seal (not covered by it).
        public var added: [String] = []
        public var holds: Bool { changed.isEmpty && removed.isEmpty }
    }

    /// Every record file under the sealed folders, sorted by path. A folder or file that cannot
    /// be read is an error: a seal must not silently leave records out.
    public static func entries(root: String, fileSystem: FileSystem) throws(FileSystemError) -> [Entry] {
        var entries: [Entry] = []
        let prefix = root.hasSuffix("/") ? root.count : root.count + 1
        for folder in folders {
            let found = fileSystem.survey(PathJoin.join(root, folder))
            if let failure = found.failures.first { throw failure.error }
            for path in found.files where path.hasSuffix(".json") {
                let bytes = try fileSystem.readFile(path, limit: RecordScanner.maximumRecordBytes)
                entries.append(Entry(path: String(path.dropFirst(prefix)), sha256: SHA256Digest.hex(bytes)))
            }
        }
        return entries.sorted { ByteOrder.compare($0.path, $1.path) < 0 }
    }

    /// Leaves hash `0x00 path 0x00 sha256`, inner nodes `0x01 left right`; an odd node rises as it is.
    public static func merkleRoot(_ entries: [Entry]) -> String {
        var level: [[UInt8]] = entries.map { Array(SHA256.hash(data: [0] + Array($0.path.utf8) + [0] + Array($0.sha256.utf8))) }
        if level.isEmpty { return SHA256Digest.hex([]) }
        while level.count > 1 {
            var next: [[UInt8]] = []
            var index = 0
            while index < level.count {
                if index + 1 < level.count {
                    next.append(Array(SHA256.hash(data: [1] + level[index] + level[index + 1])))
                } else {
                    next.append(level[index])
                }
                index += 2
            }
            level = next
        }
        return "sha256:" + Hex.encode(level[0])
    }

    public static func make(entries: [Entry], key: Curve25519.Signing.PrivateKey, at time: Timestamp) throws -> RecordSeal {
        let root = merkleRoot(entries)
        let signature = try key.signature(for: Array(root.utf8))
        return RecordSeal(
            createdAt: time, entries: entries, root: root, publicKey: Hex.encode(Array(key.publicKey.rawRepresentation)),
            signature: Hex.encode(Array(signature)))
    }

    /// The root recomputed from the entries, and signed by the key the seal names.
    public var isSigned: Bool {
        guard merkleRoot(entries) == root, let keyBytes = Hex.decode(publicKey), let signatureBytes = Hex.decode(signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { return false }
        return key.isValidSignature(signatureBytes, for: Array(root.utf8))
    }

    private func merkleRoot(_ entries: [Entry]) -> String { Self.merkleRoot(entries) }

    public func check(current: [Entry]) -> Check { check(copies: [(root: "", entries: current)]) }

    /// Checks every results folder a report reads (`--results A --results B`: copies of the sealed
    /// folder from several PCs, merged): a sealed record changed in any copy fails, and one found in
    /// no copy is removed. With more than one copy, changed and added records are named with their
    /// folder (`root/path`), so the office knows which copy was altered.
    public func check(copies: [(root: String, entries: [Entry])]) -> Check {
        var check = Check()
        let sealed = Dictionary(entries.map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        var found: Set<String> = []
        for copy in copies {
            func name(_ path: String) -> String { copies.count == 1 ? path : PathJoin.join(copy.root, path) }
            for entry in copy.entries {
                guard let digest = sealed[entry.path] else {
                    check.added.append(name(entry.path))
                    continue
                }
                found.insert(entry.path)
                if digest != entry.sha256 { check.changed.append(name(entry.path)) }
            }
        }
        check.removed = entries.map(\.path).filter { !found.contains($0) }
        return check
    }

    public var json: JSONValue {
        [
            "schema": .string(Self.schema), "createdAt": .string(createdAt.description), "root": .string(root),
            "publicKey": .string(publicKey), "signature": .string(signature),
            "records": .array(entries.map { ["path": .string($0.path), "sha256": .string($0.sha256)] }),
        ]
    }

    public init(createdAt: Timestamp, entries: [Entry], root: String, publicKey: String, signature: String) {
        self.createdAt = createdAt
        self.entries = entries
        self.root = root
        self.publicKey = publicKey
        self.signature = signature
    }

    public init(bytes: [UInt8]) throws(RecordProblem) {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw .notJSON(reason: "\(error.reason) at byte \(error.offset)") }
        let f = try JSONFields(value)
        guard try f.string("schema") == Self.schema else { throw .unknownSchema(value["schema"]?.stringValue) }
        createdAt = try f.timestamp("createdAt")
        root = try f.string("root")
        publicKey = try f.string("publicKey")
        signature = try f.string("signature")
        var entries: [Entry] = []
        for (index, element) in try f.array("records").enumerated() {
            let e = try JSONFields(element, path: "records[\(index)]")
            entries.append(Entry(path: try e.string("path"), sha256: try e.string("sha256")))
        }
        self.entries = entries
    }
}

/// The office's signing key, stored as 64 hex digits.
public enum SealKey {
    public static func read(_ bytes: [UInt8]) -> Curve25519.Signing.PrivateKey? {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Hex.decode(text) else { return nil }
        return try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    public static func bytes(_ key: Curve25519.Signing.PrivateKey) -> [UInt8] { Array((Hex.encode(Array(key.rawRepresentation)) + "\n").utf8) }

    /// A short name of a public key for people to compare: its first 16 hex digits.
    public static func fingerprint(_ publicKeyHex: String) -> String { String(publicKeyHex.prefix(16)) }
}

public enum Hex {
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return out
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}

/// The Ed25519 private key type, named for the executable (which does not import Crypto).
public typealias SealSigningKey = Curve25519.Signing.PrivateKey
