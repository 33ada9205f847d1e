import Foundation
import Testing

/// `deskgym fuzz` through the real binary: a child process per parser, the table, reproducible inputs.
@Suite("deskgym fuzz", .serialized, .timeLimit(.minutes(10)))
struct FuzzCommandTests {
    static let parsers = [
        "pyautogui", "computer_13", "uitars", "qwen_computer_use", "anthropic_computer", "openai_computer_use",
        "task_json", "vm_config", "request_body", "json_reader",
    ]

    @Test("300 inputs per parser with seed 7: every parser's line counts them, no crash, no hang")
    func smallRun() throws {
        let result = try runDeskgym(["fuzz", "--count", "300", "--seed", "7"])
        #expect(result.status == 0, "\(result.out)\n\(result.err)")
        let lines = result.out.split(separator: "\n")
        for parser in Self.parsers {
            let fields = try #require(lines.first { $0.hasPrefix(parser + " ") }, "no line for \(parser)").split(separator: " ")
            // parser, inputs, accepted, refused, crashes, hangs, …
            #expect(fields[1] == "300", "\(parser): \(fields)")
            #expect(Int(fields[2])! + Int(fields[3])! == 300, "\(parser): \(fields)")
            #expect(fields[4] == "0" && fields[5] == "0", "\(parser): \(fields)")
        }
        #expect(result.out.contains("total: 3000 inputs"))
        #expect(result.out.contains("0 crashes, 0 hangs"))
    }

    @Test("--dump-input gives the same bytes for the same seed and iteration")
    func dumpInput() throws {
        for parser in ["pyautogui", "vm_config"] {
            let first = try runDeskgym(["fuzz", "--parser", parser, "--seed", "3", "--start", "17", "--dump-input"])
            let again = try runDeskgym(["fuzz", "--parser", parser, "--seed", "3", "--start", "17", "--dump-input"])
            let other = try runDeskgym(["fuzz", "--parser", parser, "--seed", "4", "--start", "17", "--dump-input"])
            #expect(first.status == 0 && first.out == again.out)
            #expect(first.out != other.out)
        }
    }

    @Test("--child prints a chunk report per chunk; an unknown parser is refused with the known names")
    func childAndErrors() throws {
        let child = try runDeskgym(["fuzz", "--child", "--parser", "json_reader", "--count", "300", "--chunk", "100"])
        #expect(child.status == 0)
        #expect(child.out.split(separator: "\n").filter { $0.hasPrefix("chunk {") }.count == 3)
        let unknown = try runDeskgym(["fuzz", "--parser", "yaml"])
        #expect(unknown.status != 0)
        #expect(unknown.err.contains("unknown parser 'yaml'") && unknown.err.contains("vm_config"))
    }
}
