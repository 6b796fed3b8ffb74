/// A pull scanner over JSON bytes: reads the fields a caller asks for and skips
/// the rest without building values. Reports read hundreds of thousands of
/// records; building a tree for each one would dominate the run time.
struct JSONScanner: ~Copyable {
    struct Failure: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(Failure) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw Failure() }
        index += 1
    }

    /// Consumes `byte` if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == byte {
            index += 1
            return true
        }
        return false
    }

    mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Iterates an object's members: `body` is called with each key (as raw bytes,
    /// valid only during the call) and must consume the value.
    mutating func object(_ body: (inout JSONScanner, UnsafeBufferPointer<UInt8>) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "{"))
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            let key = try rawStringBytes()
            try expect(UInt8(ascii: ":"))
            try body(&self, key)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"))
    }

    mutating func array(_ body: (inout JSONScanner) throws(Failure) -> Void) throws(Failure) {
        try expect(UInt8(ascii: "["))
        if consume(UInt8(ascii: "]")) { return }
        repeat {
            try body(&self)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"))
    }

    /// The bytes between the quotes of a string with no escapes; strings with
    /// escapes fail here (callers that may see them use `string()`).
    mutating func rawStringBytes() throws(Failure) -> UnsafeBufferPointer<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return slice
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { throw Failure() }
            index += 1
        }
        throw Failure()
    }

    mutating func string() throws(Failure) -> String {
        skipWhitespace()
        let start = index
        if let raw = try? rawStringBytes(), let s = String(validating: raw, as: UTF8.self) { return s }
        // Escapes: hand this one string to the full parser.
        index = start
        try skipValue()
        guard case .string(let s)? = try? JSONParser.parse(Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))) else {
            throw Failure()
        }
        return s
    }

    /// Checks a string as `string()` reads it, without making it (no allocation unless it has escapes).
    mutating func validString() throws(Failure) {
        skipWhitespace()
        let start = index
        if let raw = try? rawStringBytes() {
            guard Self.isUTF8(raw) else { throw Failure() }
            return
        }
        index = start
        _ = try string()
    }

    /// Whether bytes are well-formed UTF-8 (as `String(validating:)` judges), ASCII taken fast.
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        return ascii || String(validating: bytes, as: UTF8.self) != nil
    }

    mutating func optionalString() throws(Failure) -> String? {
        if peek() == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        return try string()
    }

    /// A number in exactly the grammar `JSONParser` accepts (no leading zeros, no bare
    /// dots or signs), converted the same way.
    mutating func number() throws(Failure) -> Double {
        skipWhitespace()
        let start = index
        var integral = true
        @inline(__always) func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { throw Failure() }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while digit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard digit(index) else { throw Failure() }
            while digit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digit(index) else { throw Failure() }
            while digit(index) { index += 1 }
        }
        if integral, index - start <= 15 {
            let negative = bytes[start] == UInt8(ascii: "-")
            var value: Int64 = 0
            for position in (negative ? start + 1 : start)..<index { value = value * 10 + Int64(bytes[position] - UInt8(ascii: "0")) }
            return Double(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw Failure() }
        return value
    }

    mutating func bool() throws(Failure) -> Bool {
        switch peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw Failure()
        }
    }

    mutating func isNull() throws(Failure) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func literal(_ word: StaticString) throws(Failure) {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Failure() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw Failure() }
        index += count
    }

    /// Skips any value, checking its syntax.
    mutating func skipValue(depth: Int = 0) throws(Failure) {
        guard depth < JSONParser.maximumDepth else { throw Failure() }
        switch peek() {
        case UInt8(ascii: "{")?:
            try object { scanner, _ throws(Failure) in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "[")?:
            try array { scanner throws(Failure) in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\"")?:
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte < 0x20 { throw Failure() }
                index += 1
                if byte == UInt8(ascii: "\"") { return }
            }
            throw Failure()
        case UInt8(ascii: "t")?: try literal("true")
        case UInt8(ascii: "f")?: try literal("false")
        case UInt8(ascii: "n")?: try literal("null")
        case .some: _ = try number()
        case nil: throw Failure()
        }
    }

    mutating func end() throws(Failure) {
        skipWhitespace()
        guard index == bytes.count else { throw Failure() }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Compares raw key bytes to an ASCII literal without allocating.
    @inline(__always)
    func equals(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard self.count == count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where self[offset] != start[offset] { return false }
        return true
    }
}
