import Foundation

/// A run as the store holds it.
public struct RunRecord: Sendable, Hashable {
    /// The row id in the store.
    public var id: Int64
    public var configuration: RunConfiguration
    /// When the run was first started (a resume keeps it).
    public var startedAt: Date
    /// When ``RunStore/finishRun(_:)`` was last called; nil while the run goes on or after it was
    /// stopped without finishing.
    public var finishedAt: Date?

    /// The run's name.
    public var name: String { configuration.name }

    public init(id: Int64, configuration: RunConfiguration, startedAt: Date, finishedAt: Date?) {
        self.id = id
        self.configuration = configuration
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
