import Foundation
import Testing

@testable import DeskgymServer

/// The readers behind OSWorld's in-VM API: command lines split as Python's `shlex.split` does,
/// and the forms OSWorld's harness sends with `requests` (urlencoded and multipart).
@Suite("OSWorld API input")
struct OSWorldInputTests {
    @Test(
        "command lines split as shlex.split does",
        arguments: [
            ("python -c 'import pyautogui; print(1)'", ["python", "-c", "import pyautogui; print(1)"]),
            (#"echo "a \"b\" \$c \n" d\ e"#, ["echo", #"a "b" \$c \n"#, "d e"]),
            ("  many   spaces\tand\ttabs  ", ["many", "spaces", "and", "tabs"]),
            ("''", [""]),
            (#"a"b"'c'd"#, ["abcd"]),
            ("", []),
        ])
    func shellWords(line: String, words: [String]) throws {
        #expect(try ShellWords.split(line) == words)
    }

    @Test("an open quotation or a trailing backslash is an error quoting the line")
    func shellWordsErrors() {
        #expect(throws: ShellWords.Problem.self) { try ShellWords.split("echo 'open") }
        #expect(throws: ShellWords.Problem.self) { try ShellWords.split("echo \"open") }
        #expect(throws: ShellWords.Problem.self) { try ShellWords.split("echo \\") }
        #expect((try? ShellWords.split("x")) == ["x"])
        do {
            _ = try ShellWords.split("echo 'open")
        } catch {
            #expect(error.description == "no closing quotation in 'echo 'open'")
        }
    }

    @Test("a urlencoded form decodes + and percent escapes, as requests writes them")
    func urlEncoded() throws {
        let form = try FormBody.parse(Data("file_path=%2Fhome%2Fuser%2Fa+b.txt&x=1&empty=".utf8), contentType: nil)
        #expect(form[text: "file_path"] == "/home/user/a b.txt")
        #expect(form[text: "x"] == "1")
        #expect(form[text: "empty"] == "")
        #expect(form[text: "missing"] == nil)
    }

    @Test("a multipart form keeps a file's bytes (CR LF and all) and its name")
    func multipart() throws {
        let bytes = Data([0, 13, 10, 45, 45, 255]) + Data("--notquite\r\n".utf8)
        var body = Data("--XyZ\r\nContent-Disposition: form-data; name=\"file_path\"\r\n\r\n/home/user/f.bin\r\n".utf8)
        body += Data("--XyZ\r\nContent-Disposition: form-data; name=\"file_data\"; filename=\"f.bin\"\r\n".utf8)
        body += Data("Content-Type: application/octet-stream\r\n\r\n".utf8) + bytes + Data("\r\n--XyZ--\r\n".utf8)
        let form = try FormBody.parse(body, contentType: "multipart/form-data; boundary=XyZ")
        #expect(form[text: "file_path"] == "/home/user/f.bin")
        #expect(form.field("file_data")?.data == bytes)
        #expect(form.field("file_data")?.fileName == "f.bin")
    }

    @Test("malformed forms are refused naming the problem; a flood of fields is capped")
    func malformed() {
        func refusal(_ body: String, _ type: String?) -> String? {
            do {
                _ = try FormBody.parse(Data(body.utf8), contentType: type)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(refusal("x", "multipart/form-data")?.contains("needs a boundary") == true)
        #expect(refusal("no delimiter here", "multipart/form-data; boundary=B")?.contains("no complete part delimited") == true)
        #expect(
            refusal("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunclosed", "multipart/form-data; boundary=B")?
                .contains("no complete part delimited") == true)
        #expect(refusal("--B\r\nX: y\r\n\r\nv\r\n--B--", "multipart/form-data; boundary=B")?.contains("no Content-Disposition") == true)
        #expect(refusal("{}", "application/json")?.contains("must be a form") == true)
        let flood = (0..<10_000).map { "f\($0)=1" }.joined(separator: "&")
        #expect(refusal(flood, "application/x-www-form-urlencoded")?.contains("more than 256 fields") == true)
    }
}
