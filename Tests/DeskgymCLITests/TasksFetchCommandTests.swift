import DeskgymFileHost
import Foundation
import Testing

/// `deskgym tasks fetch` over a small folder of task files and a loopback file host.
@Suite("deskgym tasks fetch", .timeLimit(.minutes(2)))
struct TasksFetchCommandTests {
    /// A task whose `config` downloads `downloads` and whose evaluator compares `cloud` files.
    static func task(id: String, downloads: [String], cloud: [String]) -> String {
        let files = downloads.map { #"{"url": "\#($0)", "path": "/home/user/\#(URL(string: $0)!.lastPathComponent)"}"# }
        let paths = cloud.map { "\"\($0)\"" }.joined(separator: ", ")
        let dests = cloud.map { "\"\(URL(string: $0)!.lastPathComponent)\"" }.joined(separator: ", ")
        return """
            {"id": "\(id)", "instruction": "x", "config": [{"type": "download", "parameters": {"files": [\(files.joined(separator: ", "))]}}],
             "evaluator": {"func": "compare_table",
               "result": {"type": "vm_file", "path": "/home/user/a.csv", "dest": "a.csv"},
               "expected": {"type": "cloud_file", "multi": true, "path": [\(paths)], "dest": [\(dests)]}}}
            """
    }

    @Test("every URL is fetched into the cache; a failure is reported by URL and the exit status is 1; --offline reports hits and misses")
    func fetchReportsFailure() async throws {
        let host = try await FileHost.start(files: ["a.csv": Array("a\n".utf8), "b.csv": Array("b\n".utf8), "c.csv": Array("c\n".utf8)])
        let folder = temporaryPath("deskgym-fetch-tasks")
        let cache = temporaryPath("deskgym-fetch-cache")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: cache)
        }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("calc"), withIntermediateDirectories: true)
        let missing = "\(host.baseURL)/files/missing.csv"
        try Self.task(id: "one", downloads: ["\(host.baseURL)/files/a.csv"], cloud: ["\(host.baseURL)/files/b.csv", missing])
            .write(to: folder.appendingPathComponent("calc/one.json"), atomically: true, encoding: .utf8)
        // The mirrored host's URL, and a repeat of a.csv that is fetched once.
        try Self.task(id: "two", downloads: ["https://files.example.invalid/c.csv", "\(host.baseURL)/files/a.csv"], cloud: [])
            .write(to: folder.appendingPathComponent("two.json"), atomically: true, encoding: .utf8)
        try #"{"calc": ["one"]}"#.write(to: folder.appendingPathComponent("test_all.json"), atomically: true, encoding: .utf8)

        let mirror = "https://files.example.invalid/=\(host.baseURL)/files/"
        let fetched = try await runDeskgymAsync(["tasks", "fetch", folder.path, "--cache", cache.path, "--mirror", mirror])
        await host.stop()
        #expect(fetched.status == 1, "\(fetched.out)\(fetched.err)")
        #expect(fetched.out.contains("fetching 4 URLs named by 2 task files in \(cache.path)"), "\(fetched.out)")
        #expect(fetched.out.contains("[3/4] FAILED  \(missing)"), "\(fetched.out)")
        #expect(fetched.out.contains("4 URLs: 0 already in the cache, 3 fetched, 1 failed"), "\(fetched.out)")
        #expect(fetched.out.contains("  \(missing) (calc/one.json): HTTP error: the server answered HTTP 404"), "\(fetched.out)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(kept.filter { !$0.contains(".") }.count == 3)
        #expect(!kept.contains { $0.hasSuffix(".part") })

        // The host is gone: offline mode reads only the cache.
        let offline = try await runDeskgymAsync(["tasks", "fetch", folder.path, "--cache", cache.path, "--offline"])
        #expect(offline.status == 1)
        #expect(offline.out.contains("looking up 4 URLs"), "\(offline.out)")
        #expect(offline.out.contains("4 URLs: 3 in the cache, 1 missing"), "\(offline.out)")
        #expect(offline.out.contains("  \(missing) (calc/one.json): not in the cache (offline)"), "\(offline.out)")
    }

    @Test("a malformed --mirror is refused before anything is read")
    func badMirror() async throws {
        let result = try await runDeskgymAsync(["tasks", "fetch", "tasks", "--mirror", "nothing-to-split"])
        #expect(result.status != 0)
        #expect(result.err.contains("is not PREFIX=URL"), "\(result.err)")
    }
}
