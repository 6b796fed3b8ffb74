import Foundation

/// One HTTP exchange, as plain values: the transport behind `LRSTransport` is the
/// only part that touches the network, so the push logic is tested without one.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [String: String], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8] = []) {
        self.status = status
        self.body = body
    }
}

/// The request never got an HTTP answer: refused, timed out, name not found.
public struct TransportFailure: Error, Sendable, Equatable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

public protocol LRSTransport: Sendable {
    func send(_ request: HTTPRequest) -> Result<HTTPResponse, TransportFailure>
}

/// Where statements go: the LRS endpoint given by `--lrs`, with `statements` appended.
public struct LRSEndpoint: Sendable, Equatable {
    public var statementsURL: String

    public enum Problem: Error, Sendable, Equatable {
        case notHTTP(String)
        /// `http://user:password@host`: credentials never go on the command line.
        case credentialsInURL
    }

    public static func parse(_ text: String) -> Result<LRSEndpoint, Problem> {
        let trimmed = text.trimmingSpaces
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !trimmed.contains(" "), !trimmed.contains("?"),
            !trimmed.contains("#")
        else { return .failure(.notHTTP(text)) }
        let afterScheme = trimmed[trimmed.range(of: "://")!.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" }
        guard !authority.isEmpty else { return .failure(.notHTTP(text)) }
        if authority.contains("@") { return .failure(.credentialsInURL) }
        var base = trimmed
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/statements") { return .success(LRSEndpoint(statementsURL: base)) }
        return .success(LRSEndpoint(statementsURL: base + "/statements"))
    }

    public init(statementsURL: String) { self.statementsURL = statementsURL }
}

/// HTTP Basic credentials for the LRS, from the environment or a file it names; never from arguments.
public struct LRSCredentials: Sendable, Equatable {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public static let userVariable = "GONGKAI_LRS_USER"
    public static let passwordVariable = "GONGKAI_LRS_PASSWORD"
    public static let fileVariable = "GONGKAI_LRS_CREDENTIALS"

    public enum Problem: Error, Sendable, Equatable {
        case missing
        case unreadableFile(path: String, error: FileSystemError)
        /// The file's first line is not `USER:PASSWORD`.
        case malformedFile(path: String)
    }

    /// `GONGKAI_LRS_USER` and `GONGKAI_LRS_PASSWORD`, else the first line `USER:PASSWORD`
    /// of the file named by `GONGKAI_LRS_CREDENTIALS`.
    public static func resolve(environment: [String: String], fileSystem: FileSystem) -> Result<LRSCredentials, Problem> {
        if let user = environment[userVariable], !user.isEmpty, let password = environment[passwordVariable] {
            return .success(LRSCredentials(user: user, password: password))
        }
        guard let path = environment[fileVariable], !path.isEmpty else { return .failure(.missing) }
        let bytes: [UInt8]
        do {
            bytes = try fileSystem.readFile(path, limit: 64 * 1024)
        } catch {
            return .failure(.unreadableFile(path: path, error: error))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.first { !$0.isEmpty } ?? ""
        guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else { return .failure(.malformedFile(path: path)) }
        return .success(LRSCredentials(user: String(line[..<colon]), password: String(line[line.index(after: colon)...])))
    }

    public var authorization: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
}

/// Why a push stopped. Whatever the LRS confirmed before stays there; running the
/// push again sends the rest, and nothing twice (statement ids derive from record ids).
public enum LRSPushError: Error, Sendable, Equatable {
    /// 401 or 403: wrong user or password, or no right to write statements.
    case unauthorized(status: Int, message: String)
    /// 400 (or 422): the LRS rejected a statement; its own message.
    case rejected(status: Int, message: String)
    /// 409: the LRS holds a different statement under one of these ids.
    case conflict(message: String)
    /// No HTTP answer (or only 5xx, 429) after every retry.
    case unreachable(reason: String, attempts: Int)
    case unexpected(status: Int, message: String)
}

/// Sends statements in batches, retrying what may pass on a second try, with backoff.
public struct LRSPusher: Sendable {
    public struct Outcome: Sendable, Equatable {
        /// Statements the LRS confirmed (stored now or already held).
        public var confirmed = 0
        /// Of those, the ones the LRS says it stored now (an LRS that lists every id counts all as new).
        public var stored = 0
        public var batches = 0
        public var retries = 0

        public var alreadyHeld: Int { confirmed - stored }
        public init() {}
    }

    public let endpoint: LRSEndpoint
    public let credentials: LRSCredentials
    public let transport: any LRSTransport
    public var batchSize = 100
    public var maxAttempts = 5
    /// The first wait before a retry, doubled each time, at most `maximumDelay` seconds.
    public var initialDelay = 0.5
    public var maximumDelay = 8.0

    public init(endpoint: LRSEndpoint, credentials: LRSCredentials, transport: any LRSTransport) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.transport = transport
    }

    /// Pushes in order; stops at the first batch that cannot be stored. `progress` is
    /// told (confirmed, total) after every batch; `sleep` waits between retries.
    public func push(
        _ statements: [JSONValue], sleep: (Double) -> Void, progress: (Int, Int) -> Void = { _, _ in }
    ) -> (Outcome, LRSPushError?) {
        var outcome = Outcome()
        var start = 0
        while start < statements.count {
            let batch = Array(statements[start..<min(start + max(1, batchSize), statements.count)])
            switch send(batch, outcome: &outcome, sleep: sleep) {
            case .success(let stored):
                outcome.confirmed += batch.count
                outcome.stored += stored
                outcome.batches += 1
                progress(outcome.confirmed, statements.count)
            case .failure(let error):
                return (outcome, error)
            }
            start += batch.count
        }
        return (outcome, nil)
    }

    func request(_ batch: [JSONValue]) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: endpoint.statementsURL,
            headers: [
                "Authorization": credentials.authorization, "Content-Type": "application/json; charset=utf-8",
                "X-Experience-API-Version": "1.0.3", "Accept": "application/json",
            ],
            body: JSONWriter.bytes(.array(batch)))
    }

    /// One batch, with retries; the number the LRS says it stored now.
    func send(_ batch: [JSONValue], outcome: inout Outcome, sleep: (Double) -> Void) -> Result<Int, LRSPushError> {
        let request = request(batch)
        let ids = Set(batch.compactMap { $0["id"]?.stringValue })
        var delay = initialDelay
        var lastProblem = ""
        for attempt in 1...max(1, maxAttempts) {
            if attempt > 1 {
                outcome.retries += 1
                sleep(delay)
                delay = min(delay * 2, maximumDelay)
            }
            switch transport.send(request) {
            case .failure(let failure):
                lastProblem = failure.reason
            case .success(let response):
                let message = Self.message(response.body)
                switch response.status {
                case 200..<300:
                    // POST answers with the ids it stored (204 and no body when it had them all).
                    let listed = (try? JSONParser.parse(response.body))?.arrayValue?.compactMap(\.stringValue) ?? []
                    return .success(response.status == 204 ? 0 : Set(listed).intersection(ids).count)
                case 401, 403: return .failure(.unauthorized(status: response.status, message: message))
                case 400, 422: return .failure(.rejected(status: response.status, message: message))
                case 409: return .failure(.conflict(message: message))
                case 408, 429, 500...599: lastProblem = "HTTP \(response.status)" + (message.isEmpty ? "" : ": \(message)")
                default: return .failure(.unexpected(status: response.status, message: message))
                }
            }
        }
        return .failure(.unreachable(reason: lastProblem, attempts: max(1, maxAttempts)))
    }

    /// The LRS's own words: `detail` (Ralph), `message` (most others), else the body's text, shortened.
    static func message(_ body: [UInt8]) -> String {
        // Written without a loop over keys: Swift 6.3's optimizer crashed on that form (-O).
        let object = (try? JSONParser.parse(body))?.objectValue ?? [:]
        switch object["detail"] ?? object["message"] ?? object["error"] {
        case .string(let text)?: return shorten(text)
        case let value?: return shorten(JSONWriter.string(value))
        case nil: return shorten(String(decoding: body, as: UTF8.self).trimmingSpaces)
        }
    }

    static func shorten(_ text: String) -> String { text.count > 600 ? String(text.prefix(600)) + "…" : text }
}
