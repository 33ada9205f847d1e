import DeskgymTaskModel
import DeskgymTaskTestSupport
import DeskgymTasks
import Foundation
import Testing

/// The compatibility check with Deskgym's own registry (`TaskSupport.deskgym`, read from the
/// runners and the metric registry of this module); the check with hand-made registries is tested
/// in `DeskgymTaskModelTests`.
@Suite("Checking one task against Deskgym's registry")
struct DeskgymSupportCheckTests {
    private func task(_ json: String) throws -> OSWorldTask {
        try OSWorldTask.parse(data: Data(json.utf8), source: "hand.json")
    }

    @Test("a name OSWorld does not know either is flagged as a likely typo")
    func unknownToOSWorld() throws {
        let typo = try task(
            #"{"id": "t", "instruction": "i", "config": [{"type": "lanuch"}], "evaluator": {"func": "compar_table", "result": {"type": "audio_in_slide"}}}"#
        )
        let report = TaskCompatibility.check(typo, support: .deskgym)
        #expect(report.unknownToOSWorld.map(\.name) == ["lanuch", "compar_table"])
        #expect(report.missing.map(\.name) == ["lanuch", "compar_table", "audio_in_slide"])
        #expect(report.missingSummary.contains(#"metric "compar_table" (evaluator.func, unknown to OSWorld too)"#))
    }

    @Test("an infeasible task without setup runs with today's registry; its getters are not needed")
    func infeasibleRunnable() throws {
        let bare = try task(#"{"id": "t", "instruction": "i", "evaluator": {"func": "infeasible"}}"#)
        let report = TaskCompatibility.check(bare, support: .deskgym)
        #expect(report.isRunnable)
        #expect(report.isInfeasible)
        let withGetter = try task(#"{"id": "t", "instruction": "i", "evaluator": {"func": "infeasible", "result": {"type": "vm_file"}}}"#)
        #expect(TaskCompatibility.check(withGetter, support: .deskgym).features.map(\.kind) == [.metric])
    }

    @Test("the registries: Deskgym's metrics are the ones implemented now, all known to OSWorld")
    func registries() {
        #expect(TaskSupport.deskgym.metrics.contains("infeasible"))
        #expect(TaskSupport.deskgym.metrics.isSubset(of: TaskSupport.osworld.metrics))
        #expect(TaskSupport.deskgym.setupSteps.isSubset(of: TaskSupport.osworld.setupSteps))
        #expect(TaskSupport.deskgym.getters.isSubset(of: TaskSupport.osworld.getters))
        #expect(TaskSupport.osworld.setupSteps.contains("googledrive"))
        #expect(TaskSupport.osworld.getters.contains("vm_file"))
        #expect(TaskSupport.osworld.metrics.contains("compare_table"))
        #expect(TaskSupport.deskgym.supports("vm_file", as: .getter))
        #expect(!TaskSupport.deskgym.supports("vm_file", as: .metric))
    }

    @Test("unrecognised fields reach the report")
    func unrecognisedFields() throws {
        let report = TaskCompatibility.check(
            try OSWorldTask.load(
                from: TaskTestSupport.example("libreoffice_impress", "7ae48c60-f143-4119-b659-15b8f485eb9a")), support: .deskgym)
        #expect(report.unrecognizedFields.map(\.description) == ["evaluator._config_note", "hint"])
    }
}
