import Testing

@testable import GongkaiCore

@Suite struct JSONParserTests {
    // MARK: Accepting

    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#" { "a" : [1, -2.5, 3e2, true, false, null, "x"], "b": {}, "c": [] } "#)
        #expect(
            value
                == .object([
                    "a": .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null, .string("x")]),
                    "b": .object([:]), "c": .array([]),
                ]))
    }

    @Test func parsesTopLevelScalars() throws {
        #expect(try JSONParser.parse("0") == .number(0))
        #expect(try JSONParser.parse("\"\"") == .string(""))
        #expect(try JSONParser.parse(" null\n") == .null)
        #expect(try JSONParser.parse("-0.125") == .number(-0.125))
        #expect(try JSONParser.parse("1E-2") == .number(0.01))
        #expect(try JSONParser.parse("2e+3") == .number(2000))
    }

    @Test func parsesLargeIntegersThroughTheSlowPath() throws {
        #expect(try JSONParser.parse("123456789012345678") == .number(Double("123456789012345678")!))
        #expect(try JSONParser.parse("999999999999999") == .number(999_999_999_999_999))
        #expect(try JSONParser.parse("-999999999999999") == .number(-999_999_999_999_999))
    }

    @Test func decodesEveryEscape() throws {
        let value = try JSONParser.parse(#""q\"b\\s\/b\bf\fn\nr\rt\t""#)
        #expect(value == .string("q\"b\\s/b\u{08}f\u{0C}n\nr\rt\t"))
    }

    @Test func decodesUnicodeEscapesAndRawUTF8() throws {
        #expect(try JSONParser.parse(#""\u4e2d\u6587""#) == .string("中文"))
        #expect(try JSONParser.parse(#""\u00E9\u0000""#) == .string("é\u{0}"))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""\uD83D\uDE00 ok""#) == .string("😀 ok"))
        #expect(try JSONParser.parse("\"政务公开😀\"") == .string("政务公开😀"))
        // An escape after raw UTF-8 (the slow path keeps the bytes before it).
        #expect(try JSONParser.parse(#""公开\n办""#) == .string("公开\n办"))
    }

    @Test func parsesFromBytes() throws {
        let bytes: [UInt8] = Array("{\"名\":\"张三\"}".utf8)
        #expect(try JSONParser.parse(bytes) == .object(["名": .string("张三")]))
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONParser.parse(text)
        var levels = 1
        while case .array(let elements) = value, let first = elements.first {
            value = first
            levels += 1
        }
        #expect(levels == depth)
    }

    // MARK: Rejecting

    static let invalidDocuments: [(String, String)] = [
        ("", "empty input"),
        ("   ", "only whitespace"),
        ("[1,]", "trailing comma in array"),
        (#"{"a":1,}"#, "trailing comma in object"),
        ("[1 2]", "missing comma"),
        (#"{"a" 1}"#, "missing colon"),
        ("{a:1}", "unquoted key"),
        ("'a'", "single quotes"),
        ("01", "leading zero"),
        ("1.", "no digits after point"),
        (".5", "no leading digit"),
        ("+1", "plus sign"),
        ("-", "lone minus"),
        ("1e", "empty exponent"),
        ("1e400", "infinite number"),
        ("NaN", "NaN"),
        ("tru", "truncated literal"),
        ("nul1", "misspelt literal"),
        ("1 2", "trailing value"),
        ("{} x", "trailing characters"),
        (#""abc"#, "unterminated string"),
        (#""a\x""#, "invalid escape"),
        (#""\u12G4""#, "invalid hex digit"),
        (#""\u12""#, "short unicode escape"),
        (#""\ud800""#, "lone high surrogate"),
        (#""\udc00""#, "lone low surrogate"),
        (#""\ud800\u0041""#, "high surrogate followed by a non-surrogate"),
        (#""\ud800x""#, "high surrogate followed by text"),
        (#"{"a":1,"a":2}"#, "duplicate key"),
        ("[", "unclosed array"),
        ("{\"a\":", "missing value"),
    ]

    @Test(arguments: invalidDocuments)
    func rejectsInvalidJSON(_ document: String, _ why: String) {
        #expect(throws: JSONParser.Failure.self, "\(why)") { try JSONParser.parse(document) }
    }

    @Test func rejectsRawControlCharactersInStrings() {
        for byte: UInt8 in [0x00, 0x01, 0x0A, 0x09, 0x1F] {
            let bytes: [UInt8] = [0x22, 0x61, byte, 0x62, 0x22]
            #expect(throws: JSONParser.Failure.self, "byte \(byte)") { try JSONParser.parse(bytes) }
        }
        // The same control character after an escape (slow path).
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0x5C, 0x6E, 0x01, 0x22]) }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xE4, 0xB8, 0x22]) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0x5C, 0x6E, 0xC0, 0x80, 0x22]) }
    }

    @Test func rejectsDeepNestingWithoutCrashing() {
        let depth = 100_000
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(arrays) }
        let objects = String(repeating: "{\"a\":", count: JSONParser.maximumDepth + 1) + "1"
            + String(repeating: "}", count: JSONParser.maximumDepth + 1)
        do throws(JSONParser.Failure) {
            _ = try JSONParser.parse(objects)
            Issue.record("nesting deeper than the maximum was accepted")
        } catch {
            #expect(error.reason == "nesting too deep")
        }
    }

    @Test func failureNamesTheOffsetOfTheProblem() {
        do throws(JSONParser.Failure) {
            _ = try JSONParser.parse("[1,]")
            Issue.record("accepted a trailing comma")
        } catch {
            #expect(error.offset == 3)
        }
        do throws(JSONParser.Failure) {
            _ = try JSONParser.parse("{\"a\":1} x")
            Issue.record("accepted trailing characters")
        } catch {
            #expect(error.offset == 8)
            #expect(error.reason == "trailing characters")
        }
    }

    // MARK: Writer

    @Test func compactWriterSortsKeysByUTF8Bytes() {
        let value: JSONValue = ["b": [1, true, nil], "a": "x", "B": 2.5, "中": "文", "aa": [:]]
        #expect(JSONWriter.string(value) == #"{"B":2.5,"a":"x","aa":{},"b":[1,true,null],"中":"文"}"#)
    }

    @Test func prettyWriterIndentsByTwoAndEndsWithNewline() {
        let value: JSONValue = ["b": [1, 2], "a": "x", "c": [], "d": [:]]
        let expected = """
            {
              "a": "x",
              "b": [
                1,
                2
              ],
              "c": [],
              "d": {}
            }

            """
        #expect(JSONWriter.string(value, style: .pretty) == expected)
    }

    @Test func writerEscapesControlCharactersAndQuotes() throws {
        let value = JSONValue.string("a\"b\\c\nd\re\tf\u{01}g\u{7F}h/中")
        let text = JSONWriter.string(value)
        #expect(text == #""a\"b\\c\nd\re\tf\u0001g\u007fh/中""#)
        #expect(try JSONParser.parse(text) == value)
    }

    @Test func formatNumberPrintsIntegersWithoutFraction() {
        #expect(JSONWriter.formatNumber(20) == "20")
        #expect(JSONWriter.formatNumber(-3) == "-3")
        #expect(JSONWriter.formatNumber(0.5) == "0.5")
        #expect(JSONWriter.formatNumber(66.7) == "66.7")
        #expect(JSONWriter.formatNumber(.nan) == "null")
        #expect(JSONWriter.formatNumber(.infinity) == "null")
    }

    @Test func writerOutputParsesBackToTheSameValue() throws {
        let value: JSONValue = [
            "text": "多行\n文本 \u{0} with \"quotes\" and emoji 😀", "numbers": [0, -1, 0.1, 1e-7, 123456.789, 1e20],
            "nested": ["deep": [["x": nil], [true, false]]], "empty": "",
        ]
        for style in [JSONWriter.Style.compact, .pretty] {
            let bytes = JSONWriter.bytes(value, style: style)
            #expect(try JSONParser.parse(bytes) == value)
        }
    }

    @Test func jsonValueAccessors() {
        let value: JSONValue = ["n": 3, "f": 2.5, "s": "x", "b": true, "a": [1], "o": ["k": nil]]
        #expect(value["n"]?.intValue == 3)
        #expect(value["f"]?.intValue == nil)
        #expect(value["f"]?.numberValue == 2.5)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["s"]?.intValue == nil)
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["o"]?.objectValue == ["k": .null])
        #expect(value["missing"] == nil)
        #expect(JSONValue.string("x")["k"] == nil)
        #expect(JSONValue.optional(nil as String?) == .null)
        #expect(JSONValue.int(7) == .number(7))
    }
}
