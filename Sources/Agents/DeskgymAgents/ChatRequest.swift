import Foundation

/// The body of a `POST /chat/completions` request.
struct ChatRequest: Encodable, Sendable {
    /// One message of the conversation.
    struct Message: Encodable, Sendable {
        var role: String
        var content: Content

        static func system(_ text: String) -> Message { Message(role: "system", content: .text(text)) }
        static func assistant(_ text: String) -> Message { Message(role: "assistant", content: .text(text)) }
        static func user(_ parts: [Part]) -> Message { Message(role: "user", content: .parts(parts)) }
    }

    /// A message's content: a plain string, or a list of text and image parts.
    enum Content: Encodable, Sendable {
        case text(String)
        case parts([Part])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .parts(let parts): try container.encode(parts)
            }
        }
    }

    /// A part of a user message.
    enum Part: Encodable, Sendable {
        case text(String)
        /// A PNG, sent as a `data:image/png;base64,…` URL.
        case png(Data)

        private enum Keys: String, CodingKey { case type, text, imageURL = "image_url" }
        private enum ImageKeys: String, CodingKey { case url }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .png(let data):
                try container.encode("image_url", forKey: .type)
                var image = container.nestedContainer(keyedBy: ImageKeys.self, forKey: .imageURL)
                try image.encode("data:image/png;base64," + data.base64EncodedString(), forKey: .url)
            }
        }

        var isImage: Bool {
            if case .png = self { true } else { false }
        }
    }

    var model: String
    var messages: [Message]
    var maxTokens: Int
    var temperature: Double
    var topP: Double?

    private enum Keys: String, CodingKey {
        case model, messages, maxTokens = "max_tokens", temperature, topP = "top_p"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(model, forKey: .model)
        try container.encode(messages, forKey: .messages)
        try container.encode(maxTokens, forKey: .maxTokens)
        try container.encode(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
    }
}
