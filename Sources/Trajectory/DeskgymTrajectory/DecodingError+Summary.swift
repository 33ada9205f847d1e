extension DecodingError {
    /// The field path and the problem, in one line: `field 'metrics[1].score': expected Double (…)`.
    public var summary: String {
        func path(_ context: Context, adding key: CodingKey? = nil) -> String {
            let keys = context.codingPath + (key.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let field = text.hasPrefix(".") ? String(text.dropFirst()) : text
            return field.isEmpty ? "the top level" : "field '\(field)'"
        }
        switch self {
        case .keyNotFound(let key, let context):
            return "\(path(context, adding: key)) is missing"
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
