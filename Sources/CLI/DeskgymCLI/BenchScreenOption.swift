import ArgumentParser

/// `--screen WIDTHxHEIGHT` of the benchmarks that start desktops: both sides at least 64.
struct BenchScreenOption: ParsableArguments {
    @Option(help: "Screen size, WIDTHxHEIGHT.")
    var screen = "1280x720"

    /// The width and height, checked.
    func parts() throws -> [Int] {
        let parts = screen.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 >= 64 }) else {
            throw ValidationError("--screen must be WIDTHxHEIGHT, e.g. 1280x720; got \(screen)")
        }
        return parts
    }
}
