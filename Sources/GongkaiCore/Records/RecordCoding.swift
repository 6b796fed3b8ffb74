/// Why a stored record could not be used.
public enum RecordProblem: Error, Sendable, Equatable {
    case notJSON(reason: String)
    case unknownSchema(String?)
    case field(path: String, expected: String)
    case tooLarge(size: Int64)
    case symlink
    case unreadable(FileSystemError)
    /// The content no longer matches its digest.
    case tampered
}

/// Typed access to a JSON object with error messages that name the field.
struct JSONFields {
    let object: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String = "") throws(RecordProblem) {
        guard case .object(let object) = value else { throw .field(path: path.isEmpty ? "." : path, expected: "object") }
        self.object = object
        self.path = path
    }

    func sub(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func string(_ key: String) throws(RecordProblem) -> String {
        guard case .string(let s)? = object[key] else { throw .field(path: sub(key), expected: "string") }
        return s
    }

    func optionalString(_ key: String) throws(RecordProblem) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw .field(path: sub(key), expected: "string or null")
        }
    }

    func number(_ key: String) throws(RecordProblem) -> Double {
        guard case .number(let n)? = object[key] else { throw .field(path: sub(key), expected: "number") }
        return n
    }

    func int(_ key: String) throws(RecordProblem) -> Int {
        guard let n = object[key]?.intValue else { throw .field(path: sub(key), expected: "integer") }
        return n
    }

    func bool(_ key: String) throws(RecordProblem) -> Bool {
        guard case .bool(let b)? = object[key] else { throw .field(path: sub(key), expected: "boolean") }
        return b
    }

    func timestamp(_ key: String) throws(RecordProblem) -> Timestamp {
        guard case .string(let s)? = object[key], let t = Timestamp(parsing: s) else {
            throw .field(path: sub(key), expected: "ISO 8601 time")
        }
        return t
    }

    func optionalTimestamp(_ key: String) throws(RecordProblem) -> Timestamp? {
        if object[key] == nil || object[key] == .null { return nil }
        return try timestamp(key)
    }

    func date(_ key: String) throws(RecordProblem) -> LocalDate {
        guard case .string(let s)? = object[key], let d = LocalDate(parsing: s) else {
            throw .field(path: sub(key), expected: "date YYYY-MM-DD")
        }
        return d
    }

    func optionalDate(_ key: String) throws(RecordProblem) -> LocalDate? {
        if object[key] == nil || object[key] == .null { return nil }
        return try date(key)
    }

    func fields(_ key: String) throws(RecordProblem) -> JSONFields {
        guard let value = object[key] else { throw .field(path: sub(key), expected: "object") }
        return try JSONFields(value, path: sub(key))
    }

    func optionalFields(_ key: String) throws(RecordProblem) -> JSONFields? {
        guard let value = object[key], value != .null else { return nil }
        return try JSONFields(value, path: sub(key))
    }

    func array(_ key: String) throws(RecordProblem) -> [JSONValue] {
        guard case .array(let a)? = object[key] else { throw .field(path: sub(key), expected: "array") }
        return a
    }

    func intArray(_ key: String) throws(RecordProblem) -> [Int] {
        var result: [Int] = []
        for element in try array(key) {
            guard let n = element.intValue else { throw .field(path: sub(key), expected: "array of integers") }
            result.append(n)
        }
        return result
    }
}

/// A record kind stored under `Results/`.
public protocol StoredRecord: Sendable {
    static var schema: String { get }
    var id: String { get }
    var createdAt: Timestamp { get }
    /// The record's fields, without `schema` and `digest` (added by `RecordCodec`).
    func fields() -> [String: JSONValue]
    init(fields: JSONValue) throws(RecordProblem)
}

/// Integrity of a stored record: its `digest` against its canonical content.
public enum Integrity: Sendable, Equatable {
    case verified
    /// The file's content no longer matches its digest: edited by hand.
    case mismatch
    /// No digest field (written by hand, or by another tool).
    case missing
}

/// Serialises records with a SHA-256 digest of their canonical content.
public enum RecordCodec {
    public static func encode<R: StoredRecord>(_ record: R) -> [UInt8] {
        var object = record.fields()
        object["schema"] = .string(R.schema)
        let digest = SHA256Digest.hex(JSONWriter.bytes(.object(object)))
        object["digest"] = .string(digest)
        return JSONWriter.bytes(.object(object), style: .pretty)
    }

    /// Parses, checks the schema and the digest.
    public static func decode<R: StoredRecord>(_ bytes: [UInt8], as type: R.Type) throws(RecordProblem) -> (R, Integrity) {
        let (value, integrity) = try parse(bytes)
        guard value["schema"]?.stringValue == R.schema else { throw .unknownSchema(value["schema"]?.stringValue) }
        return (try R(fields: value), integrity)
    }

    /// `decode`, with the fingerprint of the content (see `check`).
    public static func decodeChecked<R: StoredRecord>(_ bytes: [UInt8], as type: R.Type) throws(RecordProblem) -> (R, Integrity, content: UInt64) {
        let value = try parseValue(bytes)
        let (integrity, content) = check(bytes, parsed: value)
        guard value["schema"]?.stringValue == R.schema else { throw .unknownSchema(value["schema"]?.stringValue) }
        return (try R(fields: value), integrity, content)
    }

    static func parseValue(_ bytes: [UInt8]) throws(RecordProblem) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw .notJSON(reason: "\(error.reason) at byte \(error.offset)")
        }
        guard case .object = value else { throw .notJSON(reason: "not an object") }
        return value
    }

    /// Parses and checks the digest, whatever the schema.
    public static func parse(_ bytes: [UInt8]) throws(RecordProblem) -> (JSONValue, Integrity) {
        let value = try parseValue(bytes)
        return (value, integrity(of: bytes, parsed: value))
    }

    /// The integrity of a record's bytes and a 64-bit fingerprint of its canonical content (every
    /// field but the digest, whatever the layout of the file): two copies of one record say the same
    /// thing when their fingerprints agree. `parsed` saves a parse when the caller has one; a file we
    /// wrote costs no more than `integrity(of:)`.
    public static func check(_ bytes: [UInt8], parsed: JSONValue? = nil) -> (integrity: Integrity, content: UInt64) {
        let fast = bytes.withUnsafeBufferPointer(DigestCheck.fastWithDigest)
        if fast.outcome == .verified { return (.verified, fingerprint(digest: fast.digest)) }
        guard let value = parsed ?? (try? JSONParser.parse(bytes)), case .object(var object) = value else {
            // Not a record at all; the fingerprint of its bytes keeps two such files apart.
            return (.missing, fingerprint(digest: SHA256Digest.hex(bytes)))
        }
        let stored = object.removeValue(forKey: "digest")
        let actual = SHA256Digest.hex(JSONWriter.bytes(.object(object)))
        let integrity: Integrity = stored == nil ? .missing : stored?.stringValue == actual ? .verified : .mismatch
        return (integrity, fingerprint(digest: actual))
    }

    /// The first 64 bits of a `sha256:<hex>` digest.
    static func fingerprint(digest: String) -> UInt64 {
        UInt64(String(digest.dropFirst(7).prefix(16)), radix: 16) ?? 0
    }

    /// The integrity of a record's bytes; `parsed` saves a parse when the caller has one.
    public static func integrity(of bytes: [UInt8], parsed: JSONValue? = nil) -> Integrity {
        switch bytes.withUnsafeBufferPointer(DigestCheck.fast) {
        case .verified: return .verified
        case .missing: return .missing
        case .undecided: break
        }
        guard let value = parsed ?? (try? JSONParser.parse(bytes)), case .object(var object) = value,
            let stored = object.removeValue(forKey: "digest")
        else { return .missing }
        let actual = SHA256Digest.hex(JSONWriter.bytes(.object(object)))
        return stored.stringValue == actual ? .verified : .mismatch
    }
}
