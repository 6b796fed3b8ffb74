import Testing

@testable import GongkaiCore

/// An LRS in memory that answers as Ralph does: POST stores the statements it does not
/// have yet and lists their ids (200), or answers 204 when it had them all.
final class FakeLRS: LRSTransport, @unchecked Sendable {
    enum Fault {
        /// No answer, nothing stored (refused, timed out).
        case unreachable
        /// Stored, then the answer was lost (the process killed, the line cut).
        case storeThenLose
        case status(Int, String)
    }

    var stored: [String: JSONValue] = [:]
    var storeCount: [String: Int] = [:]
    var requests: [HTTPRequest] = []
    /// Faults by request number (1-based).
    var faults: [Int: Fault] = [:]
    /// From this request on, nothing answers (an interrupted push).
    var deadFrom: Int?
    let authorization: String

    init(credentials: LRSCredentials = LRSCredentials(user: "county", password: "pw")) {
        authorization = credentials.authorization
    }

    func send(_ request: HTTPRequest) -> Result<HTTPResponse, TransportFailure> {
        requests.append(request)
        let number = requests.count
        if let deadFrom, number >= deadFrom { return .failure(TransportFailure(reason: "connection refused")) }
        switch faults[number] {
        case .unreachable?: return .failure(TransportFailure(reason: "connection refused"))
        case .status(let status, let body)?: return .success(HTTPResponse(status: status, body: Array(body.utf8)))
        case .storeThenLose?:
            _ = store(request)
            return .failure(TransportFailure(reason: "connection reset"))
        case nil:
            guard request.headers["Authorization"] == authorization else {
                return .success(HTTPResponse(status: 401, body: Array(#"{"detail":"Invalid authentication credentials"}"#.utf8)))
            }
            let new = store(request)
            if new.isEmpty { return .success(HTTPResponse(status: 204)) }
            return .success(HTTPResponse(status: 200, body: JSONWriter.bytes(.array(new.map(JSONValue.string)))))
        }
    }

    private func store(_ request: HTTPRequest) -> [String] {
        guard let batch = (try? JSONParser.parse(request.body))?.arrayValue else { return [] }
        var new: [String] = []
        for statement in batch {
            guard let id = statement["id"]?.stringValue, stored[id] == nil else { continue }
            stored[id] = statement
            storeCount[id, default: 0] += 1
            new.append(id)
        }
        return new
    }
}

@Suite("LRS push")
struct LRSPushTests {
    static let credentials = LRSCredentials(user: "county", password: "pw")

    /// 23 distinct statements, as the builder makes them.
    static let statements: [JSONValue] = {
        let builder = XAPIStatementBuilder()
        return builder.statements(for: TestSupport.attemptWithEveryResponse()) + builder.statements(for: TestSupport.attemptWithEveryResponse(id: "r-2"))
            + builder.statements(for: TestSupport.attempt(id: "r-3"))
    }()

    func pusher(_ lrs: FakeLRS, batch: Int = 5) -> LRSPusher {
        var pusher = LRSPusher(endpoint: LRSEndpoint(statementsURL: "http://127.0.0.1:8100/xAPI/statements"), credentials: Self.credentials, transport: lrs)
        pusher.batchSize = batch
        return pusher
    }

    @Test func statementsGoInBatchesWithTheXAPIHeadersAndProgress() throws {
        let lrs = FakeLRS()
        var progress: [Int] = []
        let (outcome, error) = pusher(lrs).push(Self.statements, sleep: { _ in Issue.record("no retry expected") }, progress: { done, total in
            #expect(total == 26)
            progress.append(done)
        })
        #expect(Self.statements.count == 26)
        #expect(error == nil)
        #expect(outcome == { var o = LRSPusher.Outcome(); o.confirmed = 26; o.stored = 26; o.batches = 6; return o }())
        #expect(progress == [5, 10, 15, 20, 25, 26])
        #expect(lrs.stored.count == 26)
        let request = try #require(lrs.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "http://127.0.0.1:8100/xAPI/statements")
        #expect(request.headers["X-Experience-API-Version"] == "1.0.3")
        #expect(request.headers["Authorization"] == "Basic Y291bnR5OnB3")
        #expect(try JSONParser.parse(request.body).arrayValue?.count == 5)
    }

    @Test func pushingTwiceStoresNothingNew() {
        let lrs = FakeLRS()
        _ = pusher(lrs).push(Self.statements, sleep: { _ in })
        let (again, error) = pusher(lrs, batch: 100).push(Self.statements, sleep: { _ in })
        #expect(error == nil)
        #expect(again.confirmed == 26 && again.stored == 0 && again.alreadyHeld == 26)
        #expect(lrs.storeCount.values.allSatisfy { $0 == 1 })
    }

    /// Interrupted before, during or after any batch, then run again: every statement exactly once.
    @Test func aPushInterruptedAnywhereThenRunAgainStoresEveryStatementOnce() {
        let batches = 6
        for interruption in 1...batches {
            for lostAnswer in [false, true] {
                let lrs = FakeLRS()
                if lostAnswer { lrs.faults[interruption] = .storeThenLose }
                lrs.deadFrom = lostAnswer ? interruption + 1 : interruption
                var first = pusher(lrs)
                first.maxAttempts = 2
                let (partial, error) = first.push(Self.statements, sleep: { _ in })
                #expect(error == .unreachable(reason: "connection refused", attempts: 2))
                #expect(partial.confirmed == (interruption - 1) * 5)
                lrs.deadFrom = nil
                let (outcome, second) = pusher(lrs).push(Self.statements, sleep: { _ in })
                #expect(second == nil)
                #expect(outcome.confirmed == 26)
                #expect(lrs.stored.count == 26)
                #expect(lrs.storeCount.values.allSatisfy { $0 == 1 }, "interrupted at batch \(interruption), answer lost: \(lostAnswer)")
            }
        }
    }

    @Test func serverErrorsAndLostAnswersAreRetriedWithBackoff() {
        let lrs = FakeLRS()
        lrs.faults = [1: .status(503, "busy"), 2: .unreachable, 3: .storeThenLose]
        var delays: [Double] = []
        let (outcome, error) = pusher(lrs, batch: 100).push(Self.statements, sleep: { delays.append($0) })
        #expect(error == nil)
        #expect(delays == [0.5, 1, 2])
        #expect(outcome.retries == 3)
        // The batch stored before its answer was lost counts as held, not new.
        #expect(outcome.confirmed == 26 && outcome.stored == 0)
        #expect(lrs.storeCount.values.allSatisfy { $0 == 1 })
    }

    @Test func anLRSThatNeverAnswersIsAClearErrorAfterTheLastTry() {
        let lrs = FakeLRS()
        lrs.deadFrom = 1
        var delays: [Double] = []
        var p = pusher(lrs)
        p.maximumDelay = 1.5
        let (outcome, error) = p.push(Self.statements, sleep: { delays.append($0) })
        #expect(error == .unreachable(reason: "connection refused", attempts: 5))
        #expect(delays == [0.5, 1, 1.5, 1.5])
        #expect(outcome.confirmed == 0)
    }

    @Test func wrongCredentialsStopAtOnceWithoutRetrying() {
        let lrs = FakeLRS(credentials: LRSCredentials(user: "county", password: "other"))
        let (outcome, error) = pusher(lrs).push(Self.statements, sleep: { _ in Issue.record("401 must not be retried") })
        #expect(error == .unauthorized(status: 401, message: "Invalid authentication credentials"))
        #expect(lrs.requests.count == 1)
        #expect(outcome.confirmed == 0)
    }

    @Test func aRejectedBatchShowsTheLRSMessageAndKeepsWhatWasStored() {
        let lrs = FakeLRS()
        lrs.faults[2] = .status(400, #"{"detail":[{"loc":["body",0,"verb"],"msg":"Field required"}]}"#)
        let (outcome, error) = pusher(lrs).push(Self.statements, sleep: { _ in Issue.record("400 must not be retried") })
        #expect(error == .rejected(status: 400, message: #"[{"loc":["body",0,"verb"],"msg":"Field required"}]"#))
        #expect(outcome.confirmed == 5)
        #expect(lrs.stored.count == 5)
        let conflict = FakeLRS()
        conflict.faults[1] = .status(409, #"{"message":"Differing statements already exist"}"#)
        #expect(pusher(conflict).push(Self.statements, sleep: { _ in }).1 == .conflict(message: "Differing statements already exist"))
        let unprocessable = FakeLRS()
        unprocessable.faults[1] = .status(422, #"{"detail":"not a statement"}"#)
        #expect(pusher(unprocessable).push(Self.statements, sleep: { _ in }).1 == .rejected(status: 422, message: "not a statement"))
        let teapot = FakeLRS()
        teapot.faults[1] = .status(418, "short and stout")
        #expect(pusher(teapot).push(Self.statements, sleep: { _ in }).1 == .unexpected(status: 418, message: "short and stout"))
    }

    @Test func anLRSThatListsEveryIdCountsThemAllAsStored() {
        final class ListsAll: LRSTransport, @unchecked Sendable {
            func send(_ request: HTTPRequest) -> Result<HTTPResponse, TransportFailure> {
                let ids = (try? JSONParser.parse(request.body))?.arrayValue?.compactMap { $0["id"] } ?? []
                return .success(HTTPResponse(status: 200, body: JSONWriter.bytes(.array(ids))))
            }
        }
        var p = LRSPusher(endpoint: LRSEndpoint(statementsURL: "http://x/statements"), credentials: Self.credentials, transport: ListsAll())
        p.batchSize = 10
        let (outcome, error) = p.push(Self.statements, sleep: { _ in })
        #expect(error == nil && outcome.stored == 26 && outcome.batches == 3)
    }

    @Test func endpointsAreHTTPAndNeverCarryCredentials() throws {
        #expect(try LRSEndpoint.parse("http://127.0.0.1:8100/xAPI/").get().statementsURL == "http://127.0.0.1:8100/xAPI/statements")
        #expect(try LRSEndpoint.parse("https://lrs.example.gov.cn/xAPI").get().statementsURL == "https://lrs.example.gov.cn/xAPI/statements")
        #expect(try LRSEndpoint.parse("https://lrs.example.gov.cn/xAPI/statements/").get().statementsURL == "https://lrs.example.gov.cn/xAPI/statements")
        #expect(LRSEndpoint.parse("http://user:secret@127.0.0.1/xAPI/") == .failure(.credentialsInURL))
        for bad in ["ftp://x/xAPI", "127.0.0.1:8100", "http:///xAPI", "http://x/xAPI?a=b", "http://x y/"] {
            #expect(LRSEndpoint.parse(bad) == .failure(.notHTTP(bad)), "\(bad)")
        }
    }

    @Test func credentialsComeFromTheEnvironmentOrAFileItNames() {
        let fs = MemoryFileSystem()
        fs.put("county:pa:ss word\n", at: "/etc/lrs")
        fs.put("no colon here\n", at: "/etc/bad")
        #expect(
            LRSCredentials.resolve(environment: ["GONGKAI_LRS_USER": "u", "GONGKAI_LRS_PASSWORD": "p", "GONGKAI_LRS_CREDENTIALS": "/etc/lrs"], fileSystem: fs)
                == .success(LRSCredentials(user: "u", password: "p")))
        #expect(
            LRSCredentials.resolve(environment: ["GONGKAI_LRS_CREDENTIALS": "/etc/lrs"], fileSystem: fs)
                == .success(LRSCredentials(user: "county", password: "pa:ss word")))
        #expect(LRSCredentials.resolve(environment: [:], fileSystem: fs) == .failure(.missing))
        #expect(LRSCredentials.resolve(environment: ["GONGKAI_LRS_USER": "u"], fileSystem: fs) == .failure(.missing))
        #expect(LRSCredentials.resolve(environment: ["GONGKAI_LRS_CREDENTIALS": "/etc/bad"], fileSystem: fs) == .failure(.malformedFile(path: "/etc/bad")))
        guard case .failure(.unreadableFile(let path, _)) = LRSCredentials.resolve(environment: ["GONGKAI_LRS_CREDENTIALS": "/nope"], fileSystem: fs) else {
            Issue.record("a missing file must be reported")
            return
        }
        #expect(path == "/nope")
    }

    @Test func theLRSMessageIsTakenFromItsUsualFields() {
        #expect(LRSPusher.message(Array(#"{"detail":"Invalid JSON body"}"#.utf8)) == "Invalid JSON body")
        #expect(LRSPusher.message(Array(#"{"message":"bad verb","code":400}"#.utf8)) == "bad verb")
        #expect(LRSPusher.message(Array("  Bad Gateway \n".utf8)) == "Bad Gateway")
        #expect(LRSPusher.message(Array(String(repeating: "x", count: 700).utf8)).count == 601)
    }
}

@Suite("Roster xAPI home page")
struct RosterHomePageTests {
    static func roster(_ xapi: String) -> String {
        """
        units:
          - {id: u1, name: 单位, kind: township, expected: 1}
        sessions: []
        \(xapi)
        """
    }

    @Test func theRosterNamesTheHomePage() throws {
        let library = CourseLibrary.load(sources: [("roster.yaml", Self.roster("xapi: {home_page: https://www.jingtai.gov.cn/gongkai}"))])
        #expect(library.diagnostics == [])
        #expect(library.roster?.xapiHomePage == "https://www.jingtai.gov.cn/gongkai")
        let without = CourseLibrary.load(sources: [("roster.yaml", Self.roster(""))])
        #expect(without.roster?.xapiHomePage == nil)
    }

    @Test func aBadHomePageIsAnErrorWithItsPlace() {
        for bad in ["www.jingtai.gov.cn", "https://user@jingtai.gov.cn", "https://jingtai.gov.cn/a b", "https://x/?q=1", "mailto:a@b"] {
            let library = CourseLibrary.load(sources: [("roster.yaml", Self.roster("xapi: {home_page: \"\(bad)\"}"))])
            #expect(library.roster == nil)
            #expect(library.diagnostics.map { $0.rendered(.en) }.contains { $0.contains("roster.yaml:4:") && $0.contains("home_page '\(bad)' must be an http://") }, "\(bad)")
        }
        let typo = CourseLibrary.load(sources: [("roster.yaml", Self.roster("xapi: {homepage: https://x.cn}"))])
        #expect(typo.diagnostics.map { $0.rendered(.en) }.contains { $0.contains("homepage") && $0.contains("home_page") })
    }

    @Test func theCourseSnapshotKeepsTheHomePage() throws {
        var library = CourseLibrary()
        library.roster = Roster(units: [Unit(id: "u", name: "单位")], sessions: [], xapiHomePage: "https://x.gov.cn/g")
        var writer = ByteWriter()
        LibraryCoding.encode(library, into: &writer)
        let decoded = try writer.bytes.withUnsafeBufferPointer { buffer in
            var reader = ByteReader(buffer)
            return try LibraryCoding.decode(&reader)
        }
        #expect(decoded.roster == library.roster)
    }
}
