import Foundation
import Testing

@testable import GongkaiCore

/// One reading of a record (issue 13): the report's fast scanner and the full decoder the
/// shell and `regrade` use accept exactly the same attempt records, with the same figures.
@Suite struct RecordReadingTests {
    /// What the full decoder makes of the bytes, as a summary (nil: rejected).
    static func decoded(_ bytes: [UInt8], withItems: Bool) -> AttemptSummary? {
        guard let (record, _) = try? RecordCodec.decode(bytes, as: AttemptRecord.self) else { return nil }
        var summary = AttemptSummary(record)
        if !withItems { summary.items = [] }
        return summary
    }

    static func scanned(_ bytes: [UInt8], withItems: Bool) -> AttemptSummary? {
        bytes.withUnsafeBufferPointer { AttemptSummary.scan($0, withItems: withItems) }
    }

    /// The report's whole path for one file: the scanner, then the full decoder for anything unusual.
    static func reported(_ bytes: [UInt8], withItems: Bool) -> AttemptSummary? {
        let fs = MemoryFileSystem()
        fs.put(bytes, at: "/r/a.json")
        guard case .success(let entry) = AttemptLoader(fileSystem: fs).summarize("/r/a.json", withItems: withItems) else { return nil }
        return entry.summary
    }

    static let records: [AttemptRecord] = [
        TestSupport.attemptWithEveryResponse(),
        TestSupport.attempt(id: "20200708T014510Z-plain00001", points: 0.5),
        TestSupport.attempt(id: "20200708T014510Z-regrade001", supersedes: "20200708T014510Z-plain00001"),
    ]

    static func text(_ record: AttemptRecord) -> String { String(decoding: RecordCodec.encode(record), as: UTF8.self) }

    @Test func recordsAsWrittenTakeTheFastPathWithTheDecodersFigures() {
        for record in Self.records {
            let bytes = RecordCodec.encode(record)
            for withItems in [false, true] {
                let fast = Self.scanned(bytes, withItems: withItems)
                #expect(fast != nil, "the fast path refused a record gongkai wrote: \(record.id)")
                #expect(fast == Self.decoded(bytes, withItems: withItems))
            }
        }
    }

    /// The probe's attack: `passed` and `score` repeated, the later ones claiming 100 %.
    @Test func duplicateKeysAreRejectedByTheScannerAsByTheDecoder() {
        let base = Self.text(TestSupport.attempt(id: "20200708T014510Z-dup0000001", points: 0))
        let attacks = [
            base.replacingOccurrences(of: "\"passed\" : false", with: "\"passed\" : false,\n  \"passed\" : true"),
            base.replacingOccurrences(of: "\"passed\":false", with: "\"passed\":false,\"passed\":true"),
            base.replacingOccurrences(of: "\"score\"", with: "\"score\":{\"points\":1,\"max\":1,\"percent\":100},\"score\""),
            base.replacingOccurrences(of: "\"points\"", with: "\"points\":1,\"points\""),
            base.replacingOccurrences(of: "\"unit\"", with: "\"unit\":\"x\",\"unit\""),
        ]
        var changed = 0
        for attack in attacks where attack != base {
            changed += 1
            let bytes = Array(attack.utf8)
            #expect(Self.decoded(bytes, withItems: false) == nil, "the parser refuses duplicate keys: \(attack)")
            #expect(Self.scanned(bytes, withItems: false) == nil, "\(attack)")
            #expect(Self.reported(bytes, withItems: false) == nil)
            #expect(Self.reported(bytes, withItems: true) == nil)
        }
        #expect(changed >= 3, "the attacks must apply to the record's layout")
    }

    @Test func figuresOutOfRangeAreRejectedEverywhere() {
        let record = TestSupport.attempt(id: "20200708T014510Z-range00001", points: 1)
        guard case .object(var object) = try! JSONParser.parse(RecordCodec.encode(record)) else { return }
        func variant(_ edit: (inout [String: JSONValue]) -> Void) -> [UInt8] {
            var copy = object
            edit(&copy)
            return JSONWriter.bytes(.object(copy), style: .pretty)
        }
        let score = object["score"]!
        let attacks: [[UInt8]] = [
            variant { $0["score"] = ["points": .number(1), "max": .number(1), "percent": .number(1e308)] },
            variant { $0["score"] = ["points": .number(-5), "max": .number(1), "percent": .number(0)] },
            variant { $0["score"] = ["points": .number(7), "max": .number(1), "percent": .number(100)] },
            variant { $0["score"] = ["points": .number(1), "max": .number(1), "percent": .number(-1)] },
            variant { $0["passPercent"] = .number(1e308) },
            variant {
                guard case .array(var items) = $0["items"], case .object(var item) = items[0] else { return }
                item["points"] = .number(-1)
                items[0] = .object(item)
                $0["items"] = .array(items)
            },
            variant { $0["kind"] = .string("exam-of-the-year") },
        ]
        for bytes in attacks {
            for withItems in [false, true] {
                #expect(Self.decoded(bytes, withItems: withItems) == nil, "\(String(decoding: bytes, as: UTF8.self))")
                #expect(Self.scanned(bytes, withItems: withItems) == nil)
                #expect(Self.reported(bytes, withItems: withItems) == nil)
            }
        }
        #expect(object["score"] == score)
        object["unused"] = .string("kept apart")
    }

    /// Thousands of mutated records: whenever the scanner accepts, the decoder accepts with the
    /// same summary; and the report's path (scanner, then decoder) accepts exactly what the decoder does.
    @Test func differentialFuzzScannerAndDecoderAgree() {
        var random = SeededGenerator(seed: 1313)
        let bases = Self.records.map(Self.text) + Self.records.map { String(decoding: JSONWriter.bytes(.object($0.fields())), as: UTF8.self) }
        let pieces = [
            "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0041", "0", "01", "-", "-0", "1e308", "1e999", "1.", ".5", "1E+2", " ", "\n",
            "\t", "null", "true", "false", "\"passed\":true,", "\"score\":{\"points\":1,\"max\":1,\"percent\":100},", "\"x\":1,", "é",
            "\u{FEFF}", "\u{1B}", "9007199254740993", "-1", "100.0001", "\"A\"", "\"M\"", "[1,2]", "[1.5]",
        ]
        var fastAccepted = 0, decoderAccepted = 0, cases = 0
        for index in 0..<4000 {
            var text = bases[index % bases.count]
            for _ in 0...random.below(3) {
                var utf8 = Array(text.utf8)
                let at = random.below(utf8.count + 1)
                switch random.below(5) {
                case 0:  // insert a piece
                    utf8.insert(contentsOf: Array(pieces[random.below(pieces.count)].utf8), at: at)
                case 1:  // delete a short run
                    utf8.removeSubrange(at..<min(utf8.count, at + 1 + random.below(6)))
                case 2:  // replace one byte by a piece
                    if at < utf8.count { utf8.replaceSubrange(at...at, with: Array(pieces[random.below(pieces.count)].utf8)) }
                case 3:  // repeat a whole line (a member, in the pretty layout): a duplicate key
                    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    let line = random.below(lines.count)
                    if lines[line].hasSuffix(",") { lines.insert(lines[line], at: line) }
                    utf8 = Array(lines.joined(separator: "\n").utf8)
                default:  // change a number's digits
                    if let digit = utf8.indices.filter({ utf8[$0] >= 0x30 && utf8[$0] <= 0x39 }).randomElement(using: &random) {
                        utf8[digit] = UInt8(0x30 + random.below(10))
                    }
                }
                text = String(decoding: utf8, as: UTF8.self)
            }
            let bytes = Array(text.utf8)
            for withItems in [false, true] {
                cases += 1
                let full = Self.decoded(bytes, withItems: withItems)
                let fast = Self.scanned(bytes, withItems: withItems)
                if full != nil { decoderAccepted += 1 }
                if let fast {
                    fastAccepted += 1
                    #expect(full == fast, "the scanner accepted what the decoder \(full == nil ? "rejects" : "reads differently"): \(text)")
                }
                #expect(Self.reported(bytes, withItems: withItems) == full, "\(text)")
            }
        }
        // The mutations must leave enough records valid for the comparison to mean something.
        #expect(decoderAccepted > cases / 10, "\(decoderAccepted) of \(cases)")
        #expect(fastAccepted > cases / 20, "\(fastAccepted) of \(cases)")
    }
}
