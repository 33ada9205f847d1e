import DeskgymCore
import DeskgymImage
import DeskgymSandbox
import DeskgymX11
import Foundation

/// One desktop of `deskgym bench settle`'s load test — xterm, mousepad and Chromium on a page of
/// the scene's page server — and the measured step with its staleness check.
public struct SettleDesk: Sendable {
    /// The session.
    public let session: DesktopSession
    /// Its X display.
    public let x11: X11Desktop
    /// The top-level window of each app.
    public let windows: [SettleScript.App: UInt]
    /// Where stale observations are written (`<label>-observed.png`, `<label>-truth.png`); nil: not kept.
    public let staleFolder: URL?

    /// What one measured step showed.
    public struct Result: Sendable {
        /// The step.
        public var step: SettleScript.Step
        /// Which policy's settle it waited for (its index in the benchmark's list).
        public var policy: Int
        /// The observation's settle wait.
        public var settleMilliseconds: Double
        /// The observation's unsettled signals (the cap).
        public var unsettled: [String]
        /// The observation against the screen once everything was quiet.
        public var difference: FrameDifference
        /// Repaints seen from the end of the settle to the start of the truth wait (the capture and
        /// PNG encode of the observation lie between).
        public var repaintsAfterSettle: Int
        /// Repaints during the truth wait, and when the last came (from the wait's start).
        public var truthRepaints: Int
        public var truthLastRepaint: Duration
        /// Whether the truth wait reached its cap (the "truth" may not be final either).
        public var truthCapped: Bool
        /// The files written for a stale observation.
        public var files: [String]
    }

    /// Activates `app`'s window and waits, with `truth`, until the screen and programs are quiet.
    public func activate(_ app: SettleScript.App, truth: SettlePolicy) async throws {
        guard let window = windows[app] else {
            throw BenchmarkError(benchmark: "settle", message: "\(session.displayName): no window of \(app.rawValue)")
        }
        try x11.windows.activate(window)
        _ = try await session.performAndSettle([], policy: truth)
    }

    /// Carries out `step` and observes after `policy`'s settle (``DesktopSession/observeSettled(after:policy:scaledTo:)``);
    /// then waits with `truth` and compares the observation with a fresh capture.
    /// - Parameter name: names the files of a stale observation.
    public func measure(
        _ step: SettleScript.Step, policy: SettlePolicy, policyIndex: Int, truth: SettlePolicy, name: String
    ) async throws -> Result {
        let observation = try await session.observeSettled(after: step.actions, policy: policy)
        let repaintsAfterSettle = try x11.damage.takeRepaints()
        let quiet = try await session.performAndSettle([], policy: truth)
        let observed: DecodedImage
        do {
            observed = try PNGDecoder.decode(observation.screenshot.png)
        } catch {
            throw BenchmarkError(benchmark: "settle", message: "\(session.displayName): cannot decode the observation of \(name): \(error)")
        }
        let difference = try x11.capturer.capture { frame in
            FrameDifference(
                observed: observed, current: frame.bytes, width: frame.width, height: frame.height, bytesPerLine: frame.bytesPerLine)
        }
        var files: [String] = []
        if !difference.isEmpty, let staleFolder {
            let observedFile = staleFolder.appendingPathComponent("\(name)-observed.png")
            let truthFile = staleFolder.appendingPathComponent("\(name)-truth.png")
            try observation.screenshot.png.write(to: observedFile)
            try x11.screenshot().screenshot.png.write(to: truthFile)
            files = [observedFile.path, truthFile.path]
        }
        return Result(
            step: step, policy: policyIndex, settleMilliseconds: observation.settleMilliseconds, unsettled: observation.unsettled,
            difference: difference, repaintsAfterSettle: repaintsAfterSettle, truthRepaints: quiet?.damageEvents ?? 0,
            truthLastRepaint: quiet?.lastDamageAfter ?? .zero, truthCapped: quiet?.hitCap ?? false, files: files)
    }
}
