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

/// `observation_type` at create: the tree, and set-of-marks, in every observation.
@Suite("Observation types over HTTP", .serialized, .timeLimit(.minutes(3)))
struct ObservationTypeTests {
    @Test("screenshot_a11y_tree adds OSWorld's XML to observations; som adds the marks and draws them on the screenshot")
    func treeAndMarksInObservations() async throws {
        let server = try await TestServer.start()
        do {
            let (plain, created) = try await server.createSession(["image": "base64"])
            #expect((created.json["observation"] as? [String: Any])?["accessibility_tree"] == nil)
            _ = try await server.call("DELETE", "/sessions/\(plain)")

            let (id, first) = try await server.createSession(["observation_type": "screenshot_a11y_tree"])
            let initial = try #require(first.json["observation"] as? [String: Any])
            #expect((initial["accessibility_tree"] as? String)?.hasPrefix("<desktop-frame") == true)
            _ = try await server.command(id, "setsid -f mousepad >/dev/null 2>&1")
            var observation: [String: Any] = [:]
            let shown = await eventually(within: .seconds(30), every: .milliseconds(300)) {
                observation = (try? await server.call("GET", "/sessions/\(id)/observation"))?.json ?? [:]
                return (observation["accessibility_tree"] as? String)?.contains("<menu-item name=\"Quit") == true
            }
            #expect(shown, "mousepad never showed in the observation's tree")
            // A step's observation carries it too.
            let stepped = try await server.step(id, "pyautogui.press('escape')")
            let after = try #require(stepped.json["observation"] as? [String: Any])
            #expect((after["accessibility_tree"] as? String)?.contains("<application name=\"mousepad\"") == true)
            _ = try await server.call("DELETE", "/sessions/\(id)")

            let (som, _) = try await server.createSession(["observation_type": "som", "image": "base64"])
            _ = try await server.command(som, "setsid -f mousepad >/dev/null 2>&1")
            var marked: [String: Any] = [:]
            let marksShown = await eventually(within: .seconds(30), every: .milliseconds(300)) {
                marked = (try? await server.call("GET", "/sessions/\(som)/observation"))?.json ?? [:]
                return ((marked["marks"] as? [[String: Any]])?.count ?? 0) > 3
            }
            #expect(marksShown, "no marks: \(marked["accessibility_error"] ?? "")")
            let marks = try #require(marked["marks"] as? [[String: Any]])
            #expect(marks.first?["mark"] as? Int == 1)
            #expect(marks.contains { $0["tag"] as? String == "menu" && $0["name"] as? String == "File" })
            let table = try #require(marked["marks_table"] as? String)
            #expect(table.hasPrefix("index\ttag\tname\ttext\n1\t"))
            #expect((marks.first?["bounds"] as? [Int])?.count == 4)
            // The marked screenshot is not the plain screen: the boxes and numbers are drawn on it.
            let png = try #require((marked["screenshot"] as? String).flatMap { Data(base64Encoded: $0) })
            #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
            let plainShot = try await server.call("GET", "/sessions/\(som)/screenshot")
            #expect(plainShot.status == 200 && plainShot.data != png)

            // An answer that clicks mark N: mousepad's File menu opens.
            let file = try #require(marks.first { $0["tag"] as? String == "menu" && $0["name"] as? String == "File" }?["mark"] as? Int)
            let clicked = try await server.step(som, "pyautogui.click(tag_\(file))")
            #expect(clicked.status == 200 && (clicked.json["info"] as? [String: Any])?["error"] == nil, "\(clicked.text.prefix(300))")
            let open = try NSRegularExpression(pattern: #"<menu-item name="New[^"]*"[^>]* st:showing="true""#)
            let menuShown = await eventually(within: .seconds(10), every: .milliseconds(200)) {
                let tree =
                    (try? await server.call("GET", "/sessions/\(som)/observation?image=none"))?.json["accessibility_tree"] as? String ?? ""
                return open.firstMatch(in: tree, range: NSRange(tree.startIndex..., in: tree)) != nil
            }
            #expect(menuShown, "clicking mark \(file) (File) did not open the menu")
            // A mark the observation does not have is the agent's error, and the step counts.
            let missing = try await server.step(som, "pyautogui.click(tag_999)")
            let error = (missing.json["info"] as? [String: Any])?["error"] as? String
            #expect(error?.contains("mark 999 does not exist: the last observation has marks 1 to ") == true, "\(missing.text.prefix(300))")
            #expect(missing.json["done"] as? Bool == false)

            let bad = try await server.call("POST", "/sessions", json: ["observation_type": "a11y"])
            #expect(bad.status == 400)
            #expect(
                ((bad.json["error"] as? [String: Any])?["message"] as? String)?.contains(
                    "field 'observation_type' in the request body must be one of \"screenshot\", \"a11y_tree\", \"screenshot_a11y_tree\", \"som\""
                )
                    == true, "\(bad.text)")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a step or an observation request asks for another observation type than the session's")
    func perRequestObservationType() async throws {
        let server = try await TestServer.start()
        do {
            let (id, created) = try await server.createSession()
            #expect((created.json["observation"] as? [String: Any])?["accessibility_tree"] == nil)
            _ = try await server.command(id, "setsid -f mousepad >/dev/null 2>&1")
            var marks: [[String: Any]] = []
            let shown = await eventually(within: .seconds(30), every: .milliseconds(300)) {
                let reply = try? await server.call(
                    "POST", "/sessions/\(id)/step", json: ["action": "WAIT", "observation_type": "som", "image": "none"])
                marks = (reply?.json["observation"] as? [String: Any])?["marks"] as? [[String: Any]] ?? []
                return marks.contains { $0["tag"] as? String == "menu" && $0["name"] as? String == "File" }
            }
            #expect(shown, "a step asking for som never listed mousepad's File menu")
            // The next answer may name those marks; a plain observation after it drops them.
            let file = try #require(marks.first { $0["name"] as? String == "File" }?["mark"] as? Int)
            let clicked = try await server.step(id, "pyautogui.click(tag_\(file))")
            #expect((clicked.json["info"] as? [String: Any])?["error"] == nil, "\(clicked.text.prefix(300))")
            let again = try await server.step(id, "pyautogui.click(tag_\(file))")
            #expect(((again.json["info"] as? [String: Any])?["error"] as? String) != nil)
            let tree = try await server.call("GET", "/sessions/\(id)/observation?observation_type=a11y_tree&image=none")
            #expect((tree.json["accessibility_tree"] as? String)?.contains("<application name=\"mousepad\"") == true)
            let bad = try await server.call("GET", "/sessions/\(id)/observation?observation_type=tree")
            #expect(bad.status == 400)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
