import Testing

@testable import GongkaiCore

@Suite struct RecordCodecTests {
    private let attempt = TestSupport.attemptWithEveryResponse()
    private let attendance = AttendanceRecord(
        id: "20200708T013000Z-000000abcdef", createdAt: TestSupport.fixedStart,
        trainee: Trainee(name: "O'Brien \"李\" / ../x", unit: "caizheng"), session: "2020-07-08-training")

    /// The record as a mutable JSON object, to simulate hand edits.
    private func object(_ bytes: [UInt8]) throws -> [String: JSONValue] {
        try #require(try JSONParser.parse(bytes).objectValue)
    }

    private func bytes(_ object: [String: JSONValue], style: JSONWriter.Style = .pretty) -> [UInt8] {
        JSONWriter.bytes(.object(object), style: style)
    }

    private func problem<R: StoredRecord>(_ bytes: [UInt8], as type: R.Type) -> RecordProblem? {
        do {
            _ = try RecordCodec.decode(bytes, as: type)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Round trips

    @Test func attemptRoundTripsWithEveryResponseKind() throws {
        let encoded = RecordCodec.encode(attempt)
        let (decoded, integrity) = try RecordCodec.decode(encoded, as: AttemptRecord.self)
        #expect(integrity == .verified)
        #expect(decoded == attempt)
        #expect(decoded.items.map(\.response) == attempt.items.map(\.response))
        #expect(decoded.items.last?.response == nil)
        #expect(decoded.items.last?.raw == nil)
        #expect(decoded.createdAt.offset == 8 * 3600)
        #expect(decoded.score == attempt.score, "the stored percentage is read back, not recomputed")
        #expect(decoded.score.points == 4.67 && decoded.score.max == 9)
    }

    @Test func attemptJSONFollowsTheRecordContract() throws {
        let json = try object(RecordCodec.encode(attempt))
        #expect(json["schema"] == "gongkai.attempt/1")
        #expect(json["id"] == .string(attempt.id))
        #expect(json["createdAt"] == "2020-07-08T09:45:10+08:00")
        #expect(json["startedAt"] == "2020-07-08T09:30:00+08:00")
        #expect(json["trainee"] == ["name": "张三", "unit": "xiquan"])
        #expect(json["course"]?["id"] == "sample")
        #expect(json["course"]?["version"] == 3)
        #expect(json["score"] == ["points": 4.67, "max": 9, "percent": 51.9], "percent rounds half up: 4.67 of 9 is 51.88…")
        #expect(json["passed"] == false)
        #expect(json["session"] == "2020-07-08-training")
        #expect(json["digest"]?.stringValue?.hasPrefix("sha256:") == true)
        let items = try #require(json["items"]?.arrayValue)
        #expect(items.count == 8)
        #expect(items[0] == ["question": "q-single", "type": "single", "shown": [2, 0, 3, 1], "raw": "A", "response": "C", "points": 1, "max": 1])
        #expect(items[2]["response"] == true)
        #expect(items[4]["response"] == 20.5)
        #expect(items[6]["response"] == [2, 3, 4])
        #expect(items[7]["raw"] == .null)
        #expect(items[7]["response"] == .null)
    }

    @Test func attemptWithSupersedesAndReviewKindRoundTrips() throws {
        var record = TestSupport.attempt(id: "new", supersedes: "old")
        record.kind = .review
        let (decoded, integrity) = try RecordCodec.decode(RecordCodec.encode(record), as: AttemptRecord.self)
        #expect(integrity == .verified)
        #expect(decoded.supersedes == "old")
        #expect(decoded.kind == .review)
        #expect(decoded.session == nil)
        #expect(decoded == record)
    }

    @Test func attendanceRoundTrips() throws {
        let (decoded, integrity) = try RecordCodec.decode(RecordCodec.encode(attendance), as: AttendanceRecord.self)
        #expect(integrity == .verified)
        #expect(decoded == attendance)
        #expect(decoded.trainee.name == "O'Brien \"李\" / ../x")
    }

    @Test func progressRoundTrips() throws {
        let progress = TestSupport.progress()
        let (decoded, integrity) = try RecordCodec.decode(RecordCodec.encode(progress), as: ProgressRecord.self)
        #expect(integrity == .verified)
        #expect(decoded == progress)
        #expect(decoded.answeredCount == 2)
    }

    @Test func timestampsWithOtherOffsetsRoundTrip() throws {
        for text in ["2020-07-08T01:30:00Z", "2020-07-07T20:30:00-05:00", "2020-07-08T07:15:00+05:45"] {
            let time = try #require(Timestamp(parsing: text))
            let record = AttendanceRecord(id: "x", createdAt: time, trainee: TestSupport.trainee, session: "s")
            let (decoded, _) = try RecordCodec.decode(RecordCodec.encode(record), as: AttendanceRecord.self)
            #expect(decoded.createdAt == time)
            #expect(decoded.createdAt.offset == time.offset)
            #expect(decoded.createdAt.description == text)
        }
    }

    // MARK: Integrity

    @Test func handEditedScoreIsAMismatch() throws {
        var json = try object(RecordCodec.encode(attempt))
        json["score"] = ["points": 9, "max": 9, "percent": 100]
        json["passed"] = true
        let (decoded, integrity) = try RecordCodec.decode(bytes(json), as: AttemptRecord.self)
        #expect(integrity == .mismatch)
        #expect(decoded.score.points == 9)
    }

    @Test func handEditedItemPointsOrNameIsAMismatch() throws {
        var json = try object(RecordCodec.encode(attendance))
        json["trainee"] = ["name": "李四", "unit": "caizheng"]
        #expect(try RecordCodec.decode(bytes(json), as: AttendanceRecord.self).1 == .mismatch)

        var attemptJSON = try object(RecordCodec.encode(attempt))
        var items = try #require(attemptJSON["items"]?.arrayValue)
        var first = try #require(items[2].objectValue)
        first["points"] = 1
        first["response"] = false
        items[2] = .object(first)
        attemptJSON["items"] = .array(items)
        #expect(try RecordCodec.decode(bytes(attemptJSON), as: AttemptRecord.self).1 == .mismatch)
    }

    @Test func reformattedJSONStillVerifies() throws {
        let encoded = RecordCodec.encode(attempt)
        let value = try JSONParser.parse(encoded)
        let compact = JSONWriter.bytes(value, style: .compact)
        #expect(compact != encoded)
        #expect(try RecordCodec.decode(compact, as: AttemptRecord.self).1 == .verified)

        let shuffled = TestSupport.reformatted(value)
        #expect(shuffled.hasPrefix("{ \"trainee\" :"), "keys are in reverse order now")
        let (decoded, integrity) = try RecordCodec.decode(Array(shuffled.utf8), as: AttemptRecord.self)
        #expect(integrity == .verified)
        #expect(decoded == attempt)

        // Equivalent escapes and number spellings are the same content.
        let escaped = String(decoding: compact, as: UTF8.self)
            .replacingOccurrences(of: "张三", with: "\\u5f20\\u4e09")
            .replacingOccurrences(of: "\"max\":9", with: "\"max\":9.0")
        #expect(escaped != String(decoding: compact, as: UTF8.self))
        #expect(try RecordCodec.decode(Array(escaped.utf8), as: AttemptRecord.self).1 == .verified)
    }

    @Test func missingDigestIsReportedAsMissing() throws {
        var json = try object(RecordCodec.encode(attendance))
        json["digest"] = nil
        let (decoded, integrity) = try RecordCodec.decode(bytes(json), as: AttendanceRecord.self)
        #expect(integrity == .missing)
        #expect(decoded == attendance)
    }

    @Test func digestThatIsNotAStringIsAMismatch() throws {
        var json = try object(RecordCodec.encode(attendance))
        json["digest"] = 5
        #expect(try RecordCodec.decode(bytes(json), as: AttendanceRecord.self).1 == .mismatch)
    }

    // MARK: Problems

    @Test func wrongSchemaIsRejected() throws {
        #expect(problem(RecordCodec.encode(attendance), as: AttemptRecord.self) == .unknownSchema("gongkai.attendance/1"))
        var json = try object(RecordCodec.encode(attempt))
        json["schema"] = "gongkai.attempt/2"
        #expect(problem(bytes(json), as: AttemptRecord.self) == .unknownSchema("gongkai.attempt/2"))
        json["schema"] = nil
        #expect(problem(bytes(json), as: AttemptRecord.self) == .unknownSchema(nil))
        json["schema"] = 1
        #expect(problem(bytes(json), as: AttemptRecord.self) == .unknownSchema(nil))
    }

    @Test func truncatedJSONIsNotJSON() throws {
        let encoded = RecordCodec.encode(attempt)
        for length in [0, 1, encoded.count / 2, encoded.count - 2] {
            let result = problem(Array(encoded.prefix(length)), as: AttemptRecord.self)
            guard case .notJSON(let reason)? = result else {
                Issue.record("prefix of \(length) bytes gave \(String(describing: result))")
                continue
            }
            #expect(reason.contains("at byte"))
        }
    }

    @Test func nonObjectDocumentIsNotJSONRecord() {
        #expect(problem(Array("[1,2]".utf8), as: AttemptRecord.self) == .notJSON(reason: "not an object"))
        #expect(problem(Array("\"x\"".utf8), as: AttendanceRecord.self) == .notJSON(reason: "not an object"))
    }

    private func editedAttempt(_ edit: (inout [String: JSONValue]) throws -> Void) throws -> RecordProblem? {
        var json = try object(RecordCodec.encode(attempt))
        try edit(&json)
        return problem(bytes(json), as: AttemptRecord.self)
    }

    @Test func wrongFieldTypesNameTheField() throws {
        #expect(try editedAttempt { $0["id"] = 7 } == .field(path: "id", expected: "string"))
        #expect(try editedAttempt { $0["trainee"] = ["name": 5, "unit": "x"] } == .field(path: "trainee.name", expected: "string"))
        #expect(try editedAttempt { $0["trainee"] = "张三" } == .field(path: "trainee", expected: "object"))
        #expect(try editedAttempt { $0["trainee"] = nil } == .field(path: "trainee", expected: "object"))
        #expect(try editedAttempt { $0["createdAt"] = "yesterday" } == .field(path: "createdAt", expected: "ISO 8601 time"))
        #expect(try editedAttempt { $0["passed"] = "yes" } == .field(path: "passed", expected: "boolean"))
        #expect(try editedAttempt { $0["mode"] = "quiz" } == .field(path: "mode", expected: "exam or practice"))
        #expect(try editedAttempt { $0["session"] = 3 } == .field(path: "session", expected: "string or null"))
        #expect(try editedAttempt { $0["course"] = ["id": "c", "version": 1.5, "digest": "d"] } == .field(path: "course.version", expected: "integer"))
        #expect(try editedAttempt { $0["items"] = ["a": 1] } == .field(path: "items", expected: "array"))
        #expect(try editedAttempt { $0["score"] = ["points": "4", "max": 9] } == .field(path: "score.points", expected: "number"))
    }

    @Test func wrongItemFieldsNameTheItem() throws {
        func editItem(_ index: Int, _ edit: @escaping (inout [String: JSONValue]) -> Void) throws -> RecordProblem? {
            try editedAttempt { json in
                var items = try #require(json["items"]?.arrayValue)
                var item = try #require(items[index].objectValue)
                edit(&item)
                items[index] = .object(item)
                json["items"] = .array(items)
            }
        }
        #expect(try editItem(0) { $0["shown"] = "x" } == .field(path: "items[0].shown", expected: "array"))
        #expect(try editItem(0) { $0["shown"] = [1, "b"] } == .field(path: "items[0].shown", expected: "array of integers"))
        #expect(try editItem(1) { $0["type"] = "essay" } == .field(path: "items[1].type", expected: "question type"))
        #expect(try editItem(2) { $0["response"] = "对" } == .field(path: "items[2].response", expected: "a truefalse response"))
        #expect(try editItem(0) { $0["response"] = "Z" } == .field(path: "items[0].response", expected: "option letters"))
        #expect(try editItem(6) { $0["response"] = [2, 3.5] } == .field(path: "items[6].response", expected: "line numbers"))
        #expect(try editItem(4) { $0["points"] = nil } == .field(path: "items[4].points", expected: "number"))
        #expect(try editItem(3) { $0["raw"] = 1 } == .field(path: "items[3].raw", expected: "string or null"))
    }

    @Test func progressWithFractionalPositionIsRejected() throws {
        var json = try object(RecordCodec.encode(TestSupport.progress()))
        json["position"] = 1.5
        #expect(problem(bytes(json), as: ProgressRecord.self) == .field(path: "position", expected: "integer"))
    }

    @Test func unknownRecordProblemsHaveMessages() {
        let problems: [RecordProblem] = [
            .notJSON(reason: "r"), .unknownSchema("s"), .unknownSchema(nil), .field(path: "p", expected: "e"),
            .tooLarge(size: 9), .symlink, .unreadable(.io("u", code: 5)),
        ]
        let en = problems.map { RecordProblemMessage($0).text(in: .en) }
        let zh = problems.map { RecordProblemMessage($0).text(in: .zh) }
        #expect(Set(en).count == problems.count)
        #expect(Set(zh).count == problems.count)
        #expect(en[3] == "field p must be e")
        #expect(en[2] == "unknown record schema (no schema)")
    }
}
