import DeskgymRecording
import Foundation
import Testing

@Suite("Recording control")
struct RecordingControlTests {
    @Test("--stop refuses a folder with no recorder, a dead pid, and a pid file naming another program")
    func stalePidFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-control-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let none = #expect(throws: RecordingError.self) { try RecordingControl.requestStop(in: folder, outcome: .done) }
        #expect(none?.message.contains("no recording is running") == true)

        let file = folder.appendingPathComponent(RecordingControl.pidFileName)
        try Data("not a pid\n".utf8).write(to: file)
        #expect(throws: RecordingError.self) { try RecordingControl.requestStop(in: folder, outcome: .done) }

        // This test process is alive but is no recorder: it must not get SIGUSR1 (which would end it).
        try RecordingControl.writePidFile(in: folder)
        let other = #expect(throws: RecordingError.self) { try RecordingControl.requestStop(in: folder, outcome: .done) }
        #expect(other?.message.contains("stale pid file") == true)
        #expect(!RecordingControl.isRunning(in: folder))
    }
}
