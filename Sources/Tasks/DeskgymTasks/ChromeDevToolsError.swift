/// Chromium's DevTools endpoint could not be reached or gave an unexpected answer.
public struct ChromeDevToolsError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
