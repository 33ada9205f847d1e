import DeskgymMetrics
import DeskgymTaskModel

extension TaskSupport {
    /// What Deskgym implements: the setup steps ``SetupRunner`` runs, the getters ``GetterRunner``
    /// fetches and the metrics ``MetricRegistry`` names. It grows by itself as steps, getters and
    /// metrics land, since it is read from the runners; it lives here, beside them, so that the
    /// compatibility check in `DeskgymTaskModel` stays pure.
    public static let deskgym = TaskSupport(
        setupSteps: SetupRunner.supportedTypes,
        getters: GetterRunner.supportedTypes,
        metrics: Set(MetricRegistry.names))
}
