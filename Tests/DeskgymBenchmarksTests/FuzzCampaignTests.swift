import DeskgymBenchmarks
import Foundation
import Testing

/// ``FuzzCampaign`` against a stand-in child: a shell script that speaks the child's protocol and
/// traps on one iteration and sticks on another, as a parser might.
@Suite("Fuzz campaign")
struct FuzzCampaignTests {
    /// Reports chunks of 1,024 like `deskgym fuzz --child`; iteration 1500 dies of SIGILL (a Swift
    /// trap) after a runtime-like message, iteration 2100 is reported stuck.
    static let script = #"""
        #!/bin/sh
        start=$8; count=${10}; end=$((start + count)); i=$start
        while [ $i -lt $end ]; do
          stop=$((i + 1024)); [ $stop -gt $end ] && stop=$end
          if [ $i -le 1500 ] && [ 1500 -lt $stop ]; then
            echo "Fatal error: Double value cannot be converted to Int" >&2; kill -ILL $$
          fi
          if [ $i -le 2100 ] && [ 2100 -lt $stop ]; then echo "stuck 2100 21.5"; exit 3; fi
          printf 'chunk {"accepted":0,"count":%d,"parseSeconds":0,"peakKiB":7,"refused":%d,"slow":[],"slowestIteration":%d,"slowestSeconds":0.001,"start":%d}\n' \
            $((stop - i)) $((stop - i)) $i $i
          i=$stop
        done
        """#

    @Test("a crash is found by halving, the stuck input is a hang, and every other iteration still runs")
    func crashAndHang() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fake-deskgym-\(UUID().uuidString)")
        try Self.script.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        defer { try? FileManager.default.removeItem(at: file) }

        let campaign = FuzzCampaign(executable: file, seed: 9, start: 1000, count: 3000)
        let report = try campaign.run(parser: "pyautogui")
        #expect(report.inputs == 3000)
        #expect(report.refused == 2998, "every iteration but the crash and the hang, counted once")
        #expect(report.crashes.map(\.iteration) == [1500])
        #expect(report.crashes.first?.reproduced == true)
        #expect(report.crashes.first?.termination == "signal 4")
        #expect(report.crashes.first?.message.contains("Double value cannot be converted") == true)
        #expect(report.hangs.map(\.iteration) == [2100])
        #expect(report.peakKiB == 7)
        #expect(report.reproduction(1500) == "deskgym fuzz --child --parser pyautogui --seed 9 --start 1500 --count 1")
    }
}
