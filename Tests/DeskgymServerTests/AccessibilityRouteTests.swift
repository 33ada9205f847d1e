import DeskgymTestSupport
import Foundation
import Testing

@testable import DeskgymServer

/// `GET /sessions/{id}/accessibility` on a real server and desktop.
@Suite("Accessibility over HTTP", .serialized, .timeLimit(.minutes(3)))
struct AccessibilityRouteTests {
    @Test("xterm alone gives an empty tree; mousepad started by a command shows in the XML and the table; a bad format is a 400")
    func treeOverHTTP() async throws {
        let server = try await TestServer.start()
        do {
            let (id, _) = try await server.createSession()
            let empty = try await server.call("GET", "/sessions/\(id)/accessibility")
            #expect(empty.status == 200, "\(empty.text)")
            #expect(empty.json["format"] as? String == "xml")
            #expect(empty.json["objects"] as? Int == 0)
            #expect((empty.json["tree"] as? String)?.hasPrefix("<desktop-frame") == true)
            #expect(empty.json["truncated"] as? Bool == false)

            let started = try await server.command(id, "setsid -f mousepad >/dev/null 2>&1; sleep 1; env | grep -c AT_SPI_BUS_ADDRESS")
            #expect(started.status == 200, "\(started.text)")
            #expect((started.json["stdout"] as? String)?.hasPrefix("1") == true, "\(started.text)")
            var xml = ""
            let shown = await eventually(within: .seconds(30), every: .milliseconds(300)) {
                let reply = try? await server.call("GET", "/sessions/\(id)/accessibility?format=xml")
                xml = reply?.json["tree"] as? String ?? ""
                return xml.contains("<menu-item name=\"Quit")
            }
            #expect(shown, "mousepad's menus never showed in the tree: \(xml.prefix(300))")
            #expect(xml.contains("xmlns:st=\"https://accessibility.ubuntu.example.org/ns/state\""))
            #expect(xml.contains("<application name=\"mousepad\""))

            let table = try await server.call("GET", "/sessions/\(id)/accessibility?format=table")
            let text = try #require(table.json["tree"] as? String)
            #expect(text.hasPrefix("tag\tname\ttext\tclass\tdescription\tposition (top-left x&y)\tsize (w&h)"))
            #expect(text.split(separator: "\n").contains { $0.hasPrefix("menu\tFile\t") }, "\(text.prefix(400))")

            let bad = try await server.call("GET", "/sessions/\(id)/accessibility?format=som<script>")
            #expect(bad.status == 400)
            #expect(
                (bad.json["error"] as? [String: Any])?["message"] as? String
                    == "query parameter 'format' must be \"xml\" or \"table\", got \"som<script>\"")
            let unknown = try await server.call("GET", "/sessions/nope/accessibility")
            #expect(unknown.status == 404)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
