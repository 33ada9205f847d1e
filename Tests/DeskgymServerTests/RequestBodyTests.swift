import NIOCore
import Testing

@testable import DeskgymServer

/// Request bodies written to hurt the server: names of megabytes and nesting that a recursive
/// decoder would follow off the stack.
@Suite("Hostile request bodies", .serialized)
struct RequestBodyTests {
    /// The refusal of `body`, or nil when it is read.
    func refusal(_ body: String, allowed: [String] = ["task", "vm_config"]) -> APIError? {
        do {
            _ = try RequestBody.parse(ByteBuffer(string: body), allowed: allowed)
            return nil
        } catch {
            return error
        }
    }

    @Test("an unknown field name of 16 MB is refused with a short message naming its length")
    func hugeFieldName() {
        let name = String(repeating: "a", count: 16 << 20)
        let error = refusal("{\"\(name)\": 1}")
        #expect(error?.status == 400)
        #expect((error?.message.count ?? .max) < 500)
        #expect(error?.message.hasPrefix("unknown field '" + String(repeating: "a", count: 60) + "… (16777216 characters)'") == true)
        #expect(error?.message.contains("did you mean") == false)
    }

    @Test("a short typo still gets its suggestion")
    func typo() {
        #expect(
            refusal(#"{"vm_confg": "tiny"}"#)?.message
                == "unknown field 'vm_confg' in the request body (did you mean 'vm_config'?); known fields: 'task', 'vm_config'")
    }

    @Test("a value of 1 MB that is not one of the choices is quoted short")
    func hugeChoice() throws {
        let text = String(repeating: "b", count: 1 << 20)
        let body = try RequestBody.parse(ByteBuffer(string: "{\"image\": \"\(text)\"}"), allowed: ["image"])
        do {
            _ = try body.choice("image", among: ["base64", "none"])
            Issue.record("a value that is not a choice was accepted")
        } catch {
            #expect(error.message.count < 500)
            #expect(error.message.hasSuffix("… (1048576 characters)\""))
        }
    }

    @Test(
        "100,000 nested brackets are refused naming the depth; brackets in strings do not count",
        arguments: [8000, 100_000])
    func deepNesting(count: Int) {
        let deep = "{\"task\": " + String(repeating: "[", count: count) + String(repeating: "]", count: count) + "}"
        let error = refusal(deep)
        #expect(error?.status == 400)
        #expect(error?.message == "the request body nests arrays and objects deeper than 64 levels (at byte 72)")
    }

    @Test("nesting up to the limit is read, and brackets inside strings are text")
    func nestingEdge() {
        let edge = "{\"task\": " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "}"
        // The field is read (and refused later as not a task), so no nesting error.
        #expect(refusal(edge) == nil)
        let text = "{\"task\": \"" + String(repeating: "[", count: 1000) + "\\\"{\"}"
        #expect(refusal(text) == nil)
    }
}

extension RequestBodyTests {
    /// The refusal of a step body, or nil when it is read.
    func stepRefusal(_ body: String) -> APIError? {
        do {
            _ = try StepInput(try RequestBody.parse(ByteBuffer(string: body), allowed: StepInput.fields))
            return nil
        } catch {
            return error
        }
    }

    @Test("structured actions that each keep within the caps may not add up past them")
    func structuredTotals() {
        let text = String(repeating: "t", count: 6000)
        let typing = #"{"action_type": "TYPING", "parameters": {"text": "\#(text)"}}"#
        let twice = stepRefusal(#"{"actions": [\#(typing), \#(typing)]}"#)
        #expect(twice?.code == "invalid_action")
        #expect(
            twice?.message == "field 'actions' in the request body: typing 12000 characters is more than the "
                + "10000 one answer may type")
        #expect(stepRefusal(#"{"actions": [\#(typing)]}"#) == nil)
        func waits(_ count: Int) -> String {
            #"{"actions": ["# + Array(repeating: #""WAIT""#, count: count).joined(separator: ", ") + "]}"
        }
        #expect(stepRefusal(waits(150)) == nil)
        #expect(
            stepRefusal(waits(151))?.message
                == "field 'actions' in the request body: waiting 302 s is more than the 300 s one answer may wait")
        #expect(
            stepRefusal(waits(1001))?.message
                == "field 'actions' in the request body: 1001 actions are more than the 1000 one answer may give")
    }
}
