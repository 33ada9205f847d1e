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
        /// An image as a URL; a screenshot is a `data:image/png;base64,…` URL, made once by
        /// ``pngDataURL(_:)`` and sent again with every request while it stays in the history.
        case imageURL(String)

        /// `png` as a `data:` URL.
        static func pngDataURL(_ png: Data) -> String { "data:image/png;base64," + png.base64EncodedString() }

        private enum Keys: String, CodingKey { case type, text, imageURL = "image_url" }
        private enum ImageKeys: String, CodingKey { case url }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .imageURL(let url):
                try container.encode("image_url", forKey: .type)
                var image = container.nestedContainer(keyedBy: ImageKeys.self, forKey: .imageURL)
                try image.encode(url, forKey: .url)
            }
        }

        var isImage: Bool {
            if case .imageURL = self { true } else { false }
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
