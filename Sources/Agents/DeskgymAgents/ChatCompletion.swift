import Foundation

/// What a chat-completions endpoint answers: the first choice's message, and the usage.
struct ChatCompletion: Sendable {
    /// The message text (`content`), with tool calls written out as text when the server parsed
    /// them out of the text.
    var content: String
    /// `reasoning_content` (vLLM, DeepSeek, SGLang) or `reasoning` (OpenRouter, newer vLLM).
    var reasoning: String?
    /// `finish_reason` of the choice.
    var finishReason: String?
    var usage: TokenUsage?

    /// Reads a response body, or says why it is not a chat completion.
    static func decode(_ data: Data) -> Result<ChatCompletion, DecodeFailure> {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch {
            return .failure(DecodeFailure(reason: "the body is not a chat completion (\(Self.describe(error)))"))
        }
        if let error = body.error {
            return .failure(DecodeFailure(reason: "the body is an error object: \(error.message ?? "no message")"))
        }
        guard let choice = body.choices?.first else {
            return .failure(DecodeFailure(reason: "the completion has no choices"))
        }
        guard let message = choice.message else {
            return .failure(DecodeFailure(reason: "choices[0] has no message"))
        }
        var content = message.content?.text ?? ""
        for call in message.toolCalls ?? [] {
            guard let function = call.function else { continue }
            let arguments = function.arguments ?? "{}"
            let name = (try? JSONEncoder().encode(function.name ?? "")).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
            if !content.isEmpty { content += "\n" }
            content += "<tool_call>\n{\"name\": \(name), \"arguments\": \(arguments)}\n</tool_call>"
        }
        let reasoning = [message.reasoningContent, message.reasoning].compactMap { $0 }.first { !$0.isEmpty }
        let usage = body.usage.map {
            TokenUsage(
                promptTokens: $0.promptTokens ?? 0, completionTokens: $0.completionTokens ?? 0,
                totalTokens: $0.totalTokens ?? (($0.promptTokens ?? 0) + ($0.completionTokens ?? 0)))
        }
        return .success(
            ChatCompletion(
                content: content, reasoning: reasoning, finishReason: choice.finishReason,
                usage: usage))
    }

    struct DecodeFailure: Error, Sendable {
        var reason: String
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    // The wire format. Only what is read is declared; everything is optional so that the checks
    // above, not the decoder, decide what is missing.
    private struct Body: Decodable {
        var choices: [Choice]?
        var usage: Usage?
        var error: APIError?
    }

    private struct Choice: Decodable {
        var message: Message?
        var finishReason: String?
        enum CodingKeys: String, CodingKey { case message, finishReason = "finish_reason" }
    }

    private struct Message: Decodable {
        var content: MessageContent?
        var reasoningContent: String?
        var reasoning: String?
        var toolCalls: [ToolCall]?
        enum CodingKeys: String, CodingKey {
            case content, reasoning, reasoningContent = "reasoning_content", toolCalls = "tool_calls"
        }
    }

    /// A string, or (some servers) a list of `{"type": "text", "text": …}` parts.
    private struct MessageContent: Decodable {
        var text: String

        private struct Part: Decodable {
            var text: String?
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.text = text
            } else {
                text = try container.decode([Part].self).compactMap(\.text).joined()
            }
        }
    }

    private struct ToolCall: Decodable {
        var function: Function?
    }

    private struct Function: Decodable {
        var name: String?
        var arguments: String?
    }

    private struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        var totalTokens: Int?
        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", totalTokens = "total_tokens"
        }
    }

    private struct APIError: Decodable {
        var message: String?
    }
}
