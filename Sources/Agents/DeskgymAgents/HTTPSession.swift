import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One URLSession per agent, invalidated when the agent is gone.
final class HTTPSession: Sendable {
    let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit {
        session.invalidateAndCancel()
    }
}
