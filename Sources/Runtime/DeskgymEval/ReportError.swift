/// Why a report could not be written.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The run folder's store could not be read.
        case store(RunStoreError)
        /// The store holds several runs and none was named (nor matches the folder's name).
        case ambiguousRun(names: [String])
        /// The store holds no run.
        case noRun
        /// The page could not be written.
        case write(underlying: String)
    }

    /// The run folder or the file concerned.
    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    public var description: String {
        switch kind {
        case .store(let error):
            "report of \(path): \(error)"
        case .ambiguousRun(let names):
            "report of \(path): the store holds several runs (\(names.joined(separator: ", "))); name the one to report"
        case .noRun:
            "report of \(path): the store holds no run yet"
        case .write(let underlying):
            "report: cannot write \(path): \(underlying)"
        }
    }
}
