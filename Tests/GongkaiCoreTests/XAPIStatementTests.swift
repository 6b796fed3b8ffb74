import Testing

@testable import GongkaiCore

/// Records into xAPI statements: ids, verbs, results, contexts, the question-type mapping.
@Suite("xAPI statements")
struct XAPIStatementTests {
    static let home = "https://www.jingtai.gov.cn/gongkai"
    let builder = XAPIStatementBuilder(homePage: home + "/")
    let base = XAPIVocabulary.base

    func verbs(_ statements: [JSONValue]) -> [String] {
        statements.map { ($0["verb"]?["id"]?.stringValue ?? "").replacingOccurrences(of: "http://adlnet.gov/expapi/verbs/", with: "") }
    }

    // MARK: Name-based ids

    @Test func uuidVersion5MatchesTheReferenceVectors() throws {
        // Python's documented example: uuid5(NAMESPACE_DNS, "python.org").
        let dns = try #require(NameBasedUUID.parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        #expect(NameBasedUUID.string(namespace: dns, name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        // Computed independently with Python's uuid module.
        #expect(NameBasedUUID.format(XAPIVocabulary.namespace) == "52bbb691-92c4-55c8-a73a-d419b2060609")
        #expect(XAPIStatementBuilder.statementID(record: "20200708T014510Z-test000001", role: "attempted") == "b56dbc7c-a068-550d-8754-8803dd94abe2")
        #expect(builder.registration(session: "2020-07-08-training") == "390a26db-ddde-5775-bcdd-f1e21e2f2924")
        #expect(NameBasedUUID.parse("not-a-uuid") == nil)
    }

    @Test func theSameRecordAlwaysGivesTheSameStatementsAndIdsNeverRepeat() {
        let record = TestSupport.attemptWithEveryResponse()
        let first = builder.statements(for: record)
        #expect(JSONWriter.bytes(.array(first)) == JSONWriter.bytes(.array(builder.statements(for: record))))
        let other = builder.statements(for: TestSupport.attemptWithEveryResponse(id: "20200708T014510Z-test000002"))
        let ids = (first + other).compactMap { $0["id"]?.stringValue }
        #expect(ids.count == first.count + other.count)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { (NameBasedUUID.parse($0)?[6] ?? 0) >> 4 == 5 && (NameBasedUUID.parse($0)?[8] ?? 0) >> 6 == 2 })
    }

    // MARK: Attempts

    @Test func anAttemptIsAttemptedAnsweredPerQuestionThenPassedOrFailedAndCompleted() throws {
        let record = TestSupport.attemptWithEveryResponse()
        let statements = builder.statements(for: record)
        #expect(verbs(statements) == ["attempted"] + Array(repeating: "answered", count: 8) + [record.passed ? "passed" : "failed", "completed"])
        let verdict = statements[9]
        let result = try #require(verdict["result"])
        #expect(record.score.points == 4.67 && record.score.max == 9)
        #expect(result["score"] == ["scaled": .number(4.67 / 9), "raw": 4.67, "min": 0, "max": 9])
        #expect(result["success"] == .bool(record.passed))
        #expect(result["completion"] == true)
        #expect(result["duration"] == "PT910S")
        #expect(verdict["timestamp"] == "2020-07-08T09:45:10+08:00")
        #expect(statements[0]["timestamp"] == "2020-07-08T09:30:00+08:00")
        #expect(verdict["context"]?["extensions"]?[XAPIVocabulary.Extension.cmi5MasteryScore.iri] == 0.6)
        #expect(verdict["actor"] == ["objectType": "Agent", "name": "张三", "account": ["homePage": .string(Self.home), "name": "xiquan/张三"]])
        #expect(verdict["object"]?["id"] == .string(Self.home + "/courses/sample/quiz"))
        #expect(verdict["object"]?["definition"]?["type"] == "http://adlnet.gov/expapi/activities/assessment")
        let context = try #require(verdict["context"])
        #expect(context["registration"] == .string(builder.registration(session: "2020-07-08-training")))
        #expect(context["contextActivities"]?["parent"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [Self.home + "/courses/sample"])
        #expect(
            context["contextActivities"]?["grouping"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
                == [Self.home + "/units/xiquan", Self.home + "/sessions/2020-07-08-training"])
        #expect(context["extensions"]?["\(base)/extensions/record-id"] == .string(record.id))
        #expect(context["extensions"]?["\(base)/extensions/course-version"] == 3)
    }

    @Test func aFailedAttemptSaysFailed() throws {
        let record = TestSupport.attempt(id: "r-fail", points: 0)
        let statements = builder.statements(for: record)
        #expect(verbs(statements) == ["attempted", "answered", "failed", "completed"])
        #expect(statements[2]["result"]?["success"] == false)
        #expect(statements[2]["result"]?["score"]?["scaled"] == 0)
        // No session: no registration, no session in the grouping.
        #expect(statements[2]["context"]?["registration"] == nil)
        #expect(statements[2]["context"]?["contextActivities"]?["grouping"]?.arrayValue?.count == 1)
    }

    @Test func everyQuestionTypeHasItsInteractionTypeAndResponseFormat() throws {
        let statements = builder.statements(for: TestSupport.attemptWithEveryResponse())
        let answered = Array(statements[1...8])
        let types = answered.map { $0["object"]?["definition"]?["interactionType"]?.stringValue ?? "" }
        #expect(types == ["choice", "choice", "true-false", "fill-in", "numeric", "sequencing", "choice", "choice"])
        let responses = answered.map { $0["result"]?["response"]?.stringValue }
        #expect(responses == ["C", "A[,]B", "true", "办公厅。", "20.5", "A[,]B[,]C[,]D", "2[,]3[,]4", nil])
        #expect(answered[6]["object"]?["definition"]?["extensions"]?["\(base)/extensions/question-type"] == "redact")
        #expect(answered[0]["object"]?["id"] == .string(Self.home + "/courses/sample/questions/q-single"))
        #expect(answered[0]["object"]?["definition"]?["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction")
        // The shown order and what was typed travel along; a skipped item says so.
        #expect(answered[0]["result"]?["extensions"]?["\(base)/extensions/shown-order"] == "CADB")
        #expect(answered[3]["result"]?["extensions"]?["\(base)/extensions/raw-input"] == "  办公厅。")
        #expect(answered[7]["result"]?["extensions"]?["\(base)/extensions/skipped"] == true)
        #expect(answered[1]["result"]?["success"] == false)
        #expect(answered[1]["result"]?["score"]?["raw"] == 0.67)
        #expect(answered[0]["result"]?["success"] == true)
        // Questions are answered within the quiz, within the course.
        #expect(answered[0]["context"]?["contextActivities"]?["parent"]?.arrayValue?.count == 2)
    }

    @Test func deadlineQuestionsAreFillInWithTheirDrawnScenario() {
        #expect(XAPIVocabulary.interactionType(forQuestionType: "deadline") == "fill-in")
        #expect(XAPIVocabulary.interactionType(forQuestionType: "something-new") == "other")
        let stored: [String: JSONValue] = [
            "question": "rh-deadline-1", "type": "deadline", "shown": [], "raw": "2024-02-26", "response": "2024-02-26", "points": 1,
            "max": 1, "drawn": ["received": "2024-01-29", "method": "邮寄"],
        ]
        #expect(XAPIStatementBuilder.scenario(stored) == ["drawn": ["received": "2024-01-29", "method": "邮寄"]])
    }

    @Test func storedAttemptsKeepTheFieldsATypeAddsAndWriteThemBack() throws {
        let record = TestSupport.attemptWithEveryResponse()
        guard case .object(var fields) = JSONValue.object(record.fields()), case .array(var items)? = fields["items"],
            case .object(var first) = items[0]
        else { Issue.record("not an object"); return }
        first["addedLater"] = ["received": "2024-01-29"]
        items[0] = .object(first)
        fields["items"] = .array(items)
        let stored = try StoredAttempt(fields: .object(fields))
        #expect(stored.record == record)
        #expect(stored.itemFields[0]["addedLater"] == ["received": "2024-01-29"])
        #expect(stored.fields()["items"]?.arrayValue?[0]["addedLater"] == ["received": "2024-01-29"])
    }

    @Test func aReviewCountsForNothingSoItHasNoVerdict() {
        var record = TestSupport.attemptWithEveryResponse()
        record.kind = .review
        let statements = builder.statements(for: record)
        #expect(verbs(statements) == ["attempted"] + Array(repeating: "answered", count: 8) + ["completed"])
        #expect(statements.last?["result"]?["success"] == nil)
        #expect(statements.last?["context"]?["extensions"]?["\(base)/extensions/attempt-kind"] == "review")
    }

    @Test func aRegradeVoidsEveryStatementOfTheAttemptItSupersedes() throws {
        let old = TestSupport.attempt(id: "r-old", points: 0)
        let new = TestSupport.attempt(id: "r-new", points: 1, supersedes: "r-old")
        let oldIDs = builder.statements(for: old).compactMap { $0["id"]?.stringValue }
        let statements = builder.statements(for: new)
        #expect(verbs(statements) == ["voided", "voided", "voided", "voided", "attempted", "answered", "passed", "completed"])
        let voided = statements.prefix(4).compactMap { $0["object"]?["id"]?.stringValue }
        #expect(voided == oldIDs)
        #expect(statements[0]["object"]?["objectType"] == "StatementRef")
        // `platform` only where the object is an activity.
        #expect(statements[0]["context"]?["platform"] == nil)
        #expect(statements[4]["context"]?["platform"] == "gongkai")
        #expect(statements[6]["context"]?["extensions"]?["\(base)/extensions/supersedes"] == "r-old")
    }

    // MARK: Sign-ins and self-audits

    @Test func aSignInIsAttendedTheSession() {
        let record = AttendanceRecord(id: "a-1", createdAt: TestSupport.fixedStart, trainee: TestSupport.trainee, session: "2020-07-08-training")
        let statements = builder.statements(for: record)
        #expect(verbs(statements) == ["attended"])
        #expect(statements[0]["object"]?["id"] == .string(Self.home + "/sessions/2020-07-08-training"))
        #expect(statements[0]["object"]?["definition"]?["type"] == "http://adlnet.gov/expapi/activities/meeting")
        #expect(statements[0]["context"]?["registration"] == .string(builder.registration(session: "2020-07-08-training")))
        #expect(statements[0]["id"] == .string(XAPIStatementBuilder.statementID(record: "a-1", role: "attended")))
    }

    func revision(_ entries: [AuditEntry], previous: String? = nil) -> AuditRevision {
        AuditRevision(
            id: "au-2", createdAt: TestSupport.fixedEnd, checklist: ChecklistRef(id: "column-self-audit", version: 2), unit: "xiquan",
            session: "2020-07-08-training", by: Trainee(name: "联络员", unit: "xiquan"), previous: previous, entries: entries)
    }

    @Test func aSelfAuditRevisionCarriesItsItemsAndOpenRectifications() throws {
        let deadline = LocalDate(year: 2020, month: 8, day: 1)!
        let entries = [
            AuditEntry(item: "site-reachable", status: .pass, evidence: "http://x"),
            AuditEntry(item: "column-updated", status: .fail, note: "未更新", rectification: Rectification(action: "补发", owner: "李四", deadline: deadline)),
            AuditEntry(
                item: "annual-report", status: .fail,
                rectification: Rectification(action: "重发", owner: "王五", deadline: deadline, done: .init(date: deadline, evidence: "链接"))),
            AuditEntry(item: "privacy", status: .notApplicable),
        ]
        let statements = builder.statements(for: revision(entries, previous: "au-1"))
        #expect(verbs(statements) == ["completed"])
        let statement = statements[0]
        #expect(statement["object"]?["id"] == .string(Self.home + "/checklists/column-self-audit"))
        #expect(statement["object"]?["definition"]?["type"] == .string("\(base)/activity-types/checklist"))
        #expect(statement["actor"]?["account"]?["name"] == "xiquan/联络员")
        let extensions = try #require(statement["result"]?["extensions"])
        #expect(
            extensions["\(base)/extensions/open-rectifications"]
                == [["item": "column-updated", "action": "补发", "owner": "李四", "deadline": "2020-08-01"]])
        #expect(extensions["\(base)/extensions/audit-items"]?.arrayValue?.map { $0["status"] } == ["pass", "fail", "fail", "na"])
        #expect(extensions["\(base)/extensions/audit-items"]?.arrayValue?[2]["rectification"]?["done"]?["date"] == "2020-08-01")
        #expect(extensions["\(base)/extensions/audit-counts"] == ["pass": 1, "fail": 2, "na": 1, "unanswered": 0])
        #expect(statement["context"]?["extensions"]?["\(base)/extensions/previous-revision"] == "au-1")
        #expect(statement["context"]?["extensions"]?["\(base)/extensions/checklist-version"] == 2)
        #expect(statement["result"]?["completion"] == true)
        // An item still unanswered: progressed, not completed.
        let draft = builder.statements(for: revision([AuditEntry(item: "site-reachable", status: .pass), AuditEntry(item: "privacy")]))
        #expect(verbs(draft) == ["progressed"])
        #expect(draft[0]["result"]?["completion"] == false)
    }

    @Test func emptyValuesAreLeftOutNotSentEmpty() {
        var record = TestSupport.attemptWithEveryResponse()
        record.trainee = Trainee(name: "", unit: "xiquan")
        record.items[6] = AttemptItem(question: "q-redact", type: .redact, shown: [], raw: "无", response: .lines([]), points: 0, max: 2)
        let statements = builder.statements(for: record)
        #expect(statements[0]["actor"] == ["objectType": "Agent", "account": ["homePage": .string(Self.home), "name": "xiquan/"]])
        // Nothing withheld: no response, and not a skip either.
        #expect(statements[7]["result"]?["response"] == nil)
        #expect(statements[7]["result"]?["extensions"]?["\(base)/extensions/skipped"] == nil)
        #expect(statements[7]["result"]?["extensions"]?["\(base)/extensions/raw-input"] == "无")
    }

    @Test func idsBecomeValidIRISegments() {
        #expect(XAPIStatementBuilder.iriSegment("q-1_a.b~c") == "q-1_a.b~c")
        #expect(XAPIStatementBuilder.iriSegment("a b/c") == "a%20b%2Fc")
        #expect(XAPIStatementBuilder.iriSegment("单位") == "%E5%8D%95%E4%BD%8D")
    }

    // MARK: Export

    @Test func exportChoosesBySessionAndDateAndOrdersByTime() throws {
        var early = TestSupport.attemptWithEveryResponse(id: "r-early")
        early.createdAt = Timestamp(parsing: "2020-07-07T23:30:00+08:00")!
        var otherSession = TestSupport.attempt(id: "r-other")
        otherSession.session = "2021-01-01-training"
        let signIn = AttendanceRecord(id: "a-1", createdAt: TestSupport.fixedStart, trainee: TestSupport.trainee, session: "2020-07-08-training")
        let records = XAPIRecords(
            attempts: [StoredAttempt(record: TestSupport.attemptWithEveryResponse()), StoredAttempt(record: early), StoredAttempt(record: otherSession)],
            attendance: [signIn], audits: [revision([AuditEntry(item: "x", status: .pass)])])
        let all = XAPIExport.build(records, filter: .init(), builder: builder)
        #expect(all.counts == XAPIExport.Counts(attempts: 3, signIns: 1, audits: 1, statements: 11 + 11 + 4 + 1 + 1))
        // Records oldest first: the attempt made the evening before comes first.
        #expect(all.statements.first?["context"]?["extensions"]?["\(base)/extensions/record-id"] == "r-early")
        let session = XAPIExport.build(records, filter: .init(session: "2020-07-08-training"), builder: builder)
        #expect(session.counts == XAPIExport.Counts(attempts: 2, signIns: 1, audits: 1, statements: 24))
        let since = XAPIExport.build(records, filter: .init(since: LocalDate(year: 2020, month: 7, day: 8)), builder: builder)
        #expect(since.counts.attempts == 2)
        let none = XAPIExport.build(records, filter: .init(since: LocalDate(year: 2030, month: 1, day: 1)), builder: builder)
        #expect(none.statements.isEmpty)
        let lines = XAPIExport.jsonLines(all.statements)
        let text = String(decoding: lines, as: UTF8.self)
        #expect(text.split(separator: "\n").count == all.statements.count)
        #expect(try text.split(separator: "\n").map { try JSONParser.parse(String($0)) } == all.statements)
    }

    @Test func exportReadsRecordsFromResultFolders() throws {
        let fs = MemoryFileSystem()
        let record = TestSupport.attemptWithEveryResponse()
        fs.put(RecordCodec.encode(StoredAttempt(record: record)), at: "/r/attempts/sample/2020-07/\(record.id).json")
        fs.put(RecordCodec.encode(record), at: "/copy/attempts/sample/2020-07/\(record.id).json")
        fs.put("not json", at: "/r/attendance/s/bad.json")
        let records = XAPIRecords.load(roots: ["/r", "/copy"], fileSystem: fs)
        #expect(records.attempts.map(\.record) == [record])
        #expect(records.skipped.map(\.path) == ["/r/attendance/s/bad.json"])
        #expect(records.tampered.isEmpty && records.undigested.isEmpty)
    }
}
