import Foundation

/// One attempt at an episode, as the store's `attempts` table keeps it.
public struct AttemptRecord: Sendable, Hashable {
    /// 1 for the first attempt.
    public var number: Int
    /// `running` while it goes on (or when its run was killed), then `finished` or `environment_error`.
    public var status: EpisodeStatus
    public var startedAt: Date
    public var finishedAt: Date?
    public var environmentError: String?
    public var errorKind: String?

    public init(
        number: Int, status: EpisodeStatus, startedAt: Date, finishedAt: Date? = nil,
        environmentError: String? = nil, errorKind: String? = nil
    ) {
        self.number = number
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.environmentError = environmentError
        self.errorKind = errorKind
    }
}
