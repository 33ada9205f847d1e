extension DecodingError {
    /// The field path and the problem, in one line: `metrics[1].score: expected Double, found a string`.
    var summary: String {
        func path(_ context: Context, adding key: CodingKey? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "top level" : text)
        }
        switch self {
        case .keyNotFound(let key, let context):
            return "\(path(context, adding: key)): missing"
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)\(context.underlyingError.map { " (\($0))" } ?? "")"
        @unknown default:
            return "\(self)"
        }
    }
}
