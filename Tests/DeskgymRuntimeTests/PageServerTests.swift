import Foundation
import Logging
import Testing

@testable import DeskgymRuntime

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.pages")
    logger.logLevel = .warning
    return logger
}()

/// A scratch folder holding `site/` (served) and `secret.txt` beside it (never to be served).
private struct Site {
    let root: URL
    var pages: URL { root.appendingPathComponent("site") }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-pages-\(UUID())")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("site/docs"), withIntermediateDirectories: true)
        try "<!DOCTYPE html><title>Home</title><p>home page</p>\n".write(
            to: root.appendingPathComponent("site/index.html"), atomically: true, encoding: .utf8)
        try "a,b\n1,2\n".write(to: root.appendingPathComponent("site/data.csv"), atomically: true, encoding: .utf8)
        try "body { color: red; }\n".write(to: root.appendingPathComponent("site/docs/style.css"), atomically: true, encoding: .utf8)
        try "do not serve\n".write(to: root.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(
            atPath: root.appendingPathComponent("site/leak.txt").path, withDestinationPath: root.appendingPathComponent("secret.txt").path)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("site/alias.csv").path, withDestinationPath: "data.csv")
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Runs `body` with a server on `site`, stopped afterwards whatever happens.
private func withServer<T>(_ site: Site, submissions: URL? = nil, _ body: (PageServer) async throws -> T) async throws -> T {
    let server = try await PageServer.start(folder: site.pages, submissionsFile: submissions, logger: logger)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

@Suite("The episode's page server", .timeLimit(.minutes(3)))
struct PageServerTests {
    @Test("serves files with their content types, and index.html for a folder")
    func servesFiles() async throws {
        let site = try Site()
        defer { site.remove() }
        try await withServer(site) { server in
            #expect(server.baseURL.absoluteString == "http://127.0.0.1:\(server.port)")

            let page = try await LoopbackHTTP.send(port: server.port, target: "/index.html")
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(page.text == "<!DOCTYPE html><title>Home</title><p>home page</p>\n")

            let csv = try await LoopbackHTTP.send(port: server.port, target: "/data.csv")
            #expect(csv.status == 200)
            #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
            #expect(csv.text == "a,b\n1,2\n")

            let css = try await LoopbackHTTP.send(port: server.port, target: "/docs/style.css")
            #expect(css.headers["content-type"]?.hasPrefix("text/css") == true)

            let root = try await LoopbackHTTP.send(port: server.port, target: "/")
            #expect(root.status == 200)
            #expect(root.text.contains("home page"))

            // A symbolic link that stays inside the folder is served.
            #expect(try await LoopbackHTTP.send(port: server.port, target: "/alias.csv").text == "a,b\n1,2\n")
            #expect(try await LoopbackHTTP.send(port: server.port, target: "/missing.html").status == 404)
        }
    }

    @Test(
        "refuses paths that leave the folder: .., encoded .., a symbolic link out",
        arguments: [
            "/../secret.txt", "/docs/../../secret.txt", "/%2e%2e/secret.txt", "/docs/%2E%2E/%2e%2e/secret.txt", "/leak.txt",
        ])
    func refusesEscapes(target: String) async throws {
        let site = try Site()
        defer { site.remove() }
        let response = try await withServer(site) { server in try await LoopbackHTTP.send(port: server.port, target: target) }
        #expect(response.status == 403, "\(target) answered \(response.status)")
        #expect(!response.text.contains("do not serve"))
    }

    @Test("records POSTed forms in the submissions file and answers with a page")
    func recordsSubmissions() async throws {
        let site = try Site()
        defer { site.remove() }
        let file = site.root.appendingPathComponent("submissions.json")
        try await withServer(site, submissions: file) { server in
            let first = try await LoopbackHTTP.send(
                port: server.port, method: "POST", target: "/order?ref=home",
                contentType: "application/x-www-form-urlencoded",
                body: Data("name=Ada+Lovelace&email=ada%40example.com&extra=milk&extra=sugar&empty=".utf8))
            #expect(first.status == 200)
            #expect(first.text.contains("<title>Submission received</title>"))
            _ = try await LoopbackHTTP.send(
                port: server.port, method: "POST", target: "/note", contentType: "text/plain", body: Data("hello".utf8))
        }

        let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]]
        let entries = try #require(saved)
        #expect(entries.count == 2)
        #expect(entries[0]["path"] as? String == "/order")
        #expect(entries[0]["query"] as? String == "ref=home")
        let fields = try #require(entries[0]["fields"] as? [String: Any])
        #expect(fields["name"] as? String == "Ada Lovelace")
        #expect(fields["email"] as? String == "ada@example.com")
        #expect(fields["extra"] as? [String] == ["milk", "sugar"])
        #expect(fields["empty"] as? String == "")
        #expect(entries[1]["body"] as? String == "hello")
        #expect((entries[1]["fields"] as? [String: Any])?.isEmpty == true)
    }

    @Test("stop closes the listening socket: no connection succeeds and the port can be bound again")
    func stopFreesThePort() async throws {
        let site = try Site()
        defer { site.remove() }
        let server = try await PageServer.start(folder: site.pages, logger: logger)
        let port = server.port
        #expect(!LoopbackHTTP.canListen(port: port), "the server should hold the port while it runs")
        // A connection left open (as a browser keeps one) must not hold the server up.
        let idle = try? LoopbackHTTP.connect(port: port)
        defer { idle.map { _ = close($0) } }
        #expect(idle != nil)
        await server.stop()
        #expect(LoopbackHTTP.canListen(port: port))
        await #expect(throws: LoopbackHTTP.Failure.self) { try await LoopbackHTTP.send(port: port, target: "/index.html") }
        await server.stop()  // a second stop is harmless
    }

    @Test("a missing folder is an error naming it")
    func missingFolder() async throws {
        let folder = URL(fileURLWithPath: "/nonexistent/deskgym-pages-\(UUID())")
        await #expect {
            _ = try await PageServer.start(folder: folder, logger: logger)
        } throws: { error in
            let error = error as? PageServerError
            return error?.folder == folder && error?.description.contains("does not exist") == true
        }
    }
}
