import DeskgymTaskModel
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymTasks

@Suite("The URLs a folder of tasks downloads")
struct DownloadPrefetchTests {
    @Test("OSWorld's corpus: 369 task files name 660 distinct URLs, single and multi cloud_file paths included")
    func corpus() throws {
        let prefetch = try DownloadPrefetch.collect(folder: TaskTestSupport.osworldFolder)
        #expect(prefetch.taskFiles == 369)
        #expect(prefetch.skipped.isEmpty, "\(prefetch.skipped)")
        #expect(prefetch.items.count == 660)
        #expect(prefetch.items.allSatisfy { $0.url.hasPrefix("https://") })
        let urls = Set(prefetch.items.map(\.url))
        let base = "https://huggingface.co/datasets/xlangai/ubuntu_osworld_file_cache/resolve/main/libreoffice_calc/"
        // A multi cloud_file's second path, and a single one.
        #expect(urls.contains(base + "a01fbce3-2793-461f-ab86-43680ccbae25/Set_Decimal_Separator_Dot_gold_ru.csv"))
        #expect(urls.contains(base + "4172ea6e-6b77-4edb-a9cc-c0014bd1603b/1_MaturityDate_gt1.xlsx"))
    }

    @Test("a task naming 20,000 downloads gives 10,000; a task file over 16 MiB is skipped with the reason")
    func caps() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-prefetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = (0..<20_000).map { #"{"url": "https://example.org/f\#($0)", "path": "/home/user/f\#($0)"}"# }
        let many = """
            {"id": "many", "instruction": "x", "config": [{"type": "download", "parameters": {"files": [\(files.joined(separator: ","))]}}],
             "evaluator": {"func": "infeasible"}}
            """
        try many.write(to: folder.appendingPathComponent("many.json"), atomically: true, encoding: .utf8)
        var huge = Data(#"{"id": "huge", "instruction": ""#.utf8)
        huge.append(Data(repeating: UInt8(ascii: "a"), count: 17 << 20))
        huge.append(Data(#"", "evaluator": {"func": "infeasible"}}"#.utf8))
        try huge.write(to: folder.appendingPathComponent("huge.json"))
        let prefetch = try DownloadPrefetch.collect(folder: folder)
        #expect(prefetch.items.count == OSWorldTask.maximumDownloadURLs)
        #expect(prefetch.skipped.map(\.path) == ["huge.json"])
        #expect(prefetch.skipped.first?.reason.contains("more than the 16777216 a task file may have") == true)
    }
}
