import Foundation
import GongkaiCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP through Foundation's URLSession (FoundationNetworking on Linux), one request at a time.
final class URLSessionTransport: LRSTransport, @unchecked Sendable {
    private let session: URLSession

    init(timeout: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    /// Written by the completion handler before it signals, read after the wait.
    private final class Outcome: @unchecked Sendable {
        var result: Result<HTTPResponse, TransportFailure> = .failure(TransportFailure(reason: "no answer"))
    }

    func send(_ request: HTTPRequest) -> Result<HTTPResponse, TransportFailure> {
        guard let url = URL(string: request.url) else { return .failure(TransportFailure(reason: "bad URL \(request.url)")) }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.httpBody = Data(request.body)
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: urlRequest) { data, response, error in
            if let http = response as? HTTPURLResponse {
                outcome.result = .success(HTTPResponse(status: http.statusCode, body: data.map { Array($0) } ?? []))
            } else {
                outcome.result = .failure(TransportFailure(reason: error?.localizedDescription ?? "no HTTP answer"))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        return outcome.result
    }
}
