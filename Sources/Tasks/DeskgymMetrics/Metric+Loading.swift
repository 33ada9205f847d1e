import Foundation

/// Loading the files a metric compares.
extension Metric {
    /// `load` of the result file and of the expected one, or the outcome that ends the metric: the
    /// error of the first that cannot be loaded.
    static func loadBoth<Loaded, Failure: Error>(
        _ result: URL, _ expected: URL, _ load: (URL) throws(Failure) -> Loaded
    ) -> ((Loaded, Loaded)?, MetricOutcome?) {
        do {
            return ((try load(result), try load(expected)), nil)
        } catch {
            return (nil, .fail("\(error)"))
        }
    }
}
