import Crypto
import Foundation

/// The verification code printed on a 培训合格证明: twelve Crockford base32 symbols
/// (60 bits) of a SHA-256 over the session id and, for each required module sorted by
/// course id, the best passing attempt's record id and stored digest, shown as
/// `GK-XXXX-XXXX-XXXX`. The digests cover the whole records, so a record edited and
/// re-digested gives another code; one edited but not re-digested keeps the code and
/// fails its digest check (`gongkai verify`).
public enum CertificateCode {
    /// Crockford's alphabet: no I, L, O or U.
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let prefix = "GK"
    static let symbols = 12
    static let domain = "gongkai.certificate/2"

    /// One module a certificate rests on: its course, and the attempt record's id and stored digest (`sha256:…`).
    public struct Part: Sendable, Equatable {
        public var course: String
        public var attempt: String
        public var digest: String

        public init(course: String, attempt: String, digest: String) {
            self.course = course
            self.attempt = attempt
            self.digest = digest
        }
    }

    /// The code of a certificate for a session resting on these modules (in any order: they are sorted by course id).
    public static func derive(session: String, parts: [Part]) -> String {
        var text = domain + "\n" + session
        for part in parts.sorted(by: { ($0.course, $0.attempt) < ($1.course, $1.attempt) }) {
            text += "\n" + part.course + "\n" + part.attempt + "\n" + part.digest
        }
        let hash = Array(SHA256.hash(data: Array(text.utf8)))
        var value: UInt64 = 0
        for byte in hash.prefix(8) { value = value << 8 | UInt64(byte) }
        value >>= 4
        var body = ""
        for index in (0..<symbols).reversed() { body.append(alphabet[Int((value >> (UInt64(index) * 5)) & 31)]) }
        return format(body)
    }

    static func format(_ body: String) -> String {
        let chars = Array(body)
        return prefix + "-" + String(chars[0..<4]) + "-" + String(chars[4..<8]) + "-" + String(chars[8..<12])
    }

    /// The code as typed (any case, full-width, with or without dashes, spaces and the
    /// `GK` prefix; O read as 0, I and L as 1), in its printed form; nil when it is no code.
    public static func parse(_ text: String) -> String? {
        var chars = Array(
            text.precomposedStringWithCompatibilityMapping.uppercased().filter { !$0.isWhitespace && $0 != "-" && $0 != "_" && $0 != "." })
        if chars.count == symbols + prefix.count, String(chars.prefix(prefix.count)) == prefix { chars.removeFirst(prefix.count) }
        guard chars.count == symbols else { return nil }
        var body = ""
        for c in chars {
            let mapped: Character
            switch c {
            case "O": mapped = "0"
            case "I", "L": mapped = "1"
            default: mapped = c
            }
            guard alphabet.contains(mapped) else { return nil }
            body.append(mapped)
        }
        return format(body)
    }
}

/// An attempt record's stored digest and whether its content still matches it.
public struct AttemptSeal: Sendable, Equatable {
    public var digest: String?
    public var integrity: Integrity
    public var path: String
}

/// Every attempt record under the results folders with its stored digest: what
/// certificates are issued from and what `gongkai verify CODE` looks codes up in.
public struct CertificateLedger: Sendable {
    public struct Entry: Sendable {
        public var attempt: AttemptSummary
        public var seal: AttemptSeal
    }

    public var entries: [Entry] = []
    /// Attempts a regrade replaced, with the id of the record that replaced them.
    public var superseded: [String: String] = [:]
    public var skipped: [SkippedRecord] = []

    public init() {}

    public static func scan(roots: [String], fileSystem: FileSystem) -> CertificateLedger {
        var ledger = CertificateLedger()
        var seen: Set<String> = []
        for root in roots {
            let found = fileSystem.survey(PathJoin.join(root, "attempts"))
            for path in found.files.sorted() where path.hasSuffix(".json") {
                let bytes: [UInt8]
                do { bytes = try fileSystem.readFile(path, limit: RecordScanner.maximumRecordBytes) } catch {
                    ledger.skipped.append(SkippedRecord(path: path, problem: .unreadable(error)))
                    continue
                }
                do {
                    let (value, integrity) = try RecordCodec.parse(bytes)
                    let attempt = try AttemptSummary(json: value, withItems: false)
                    guard seen.insert(attempt.id).inserted else { continue }
                    if let old = attempt.supersedes { ledger.superseded[old] = attempt.id }
                    ledger.entries.append(Entry(attempt: attempt, seal: AttemptSeal(digest: value["digest"]?.stringValue, integrity: integrity, path: path)))
                } catch {
                    ledger.skipped.append(SkippedRecord(path: path, problem: error))
                }
            }
        }
        return ledger
    }

    /// Each attempt's seal, by record id.
    public var seals: [String: AttemptSeal] {
        Dictionary(entries.map { ($0.attempt.id, $0.seal) }, uniquingKeysWith: { a, _ in a })
    }

    /// The attempts as they were before any regrade: the records regrades wrote are left out,
    /// the ones they replaced kept (what a certificate printed before the regrade rested on).
    public var beforeRegrades: [AttemptSummary] {
        entries.map(\.attempt).filter { $0.supersedes == nil }
    }
}
