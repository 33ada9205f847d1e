import DeskgymCore
import DeskgymSandbox
import Foundation

extension ServedSession {
    /// `POST /sessions/{id}/command`: runs `command` with bash in the session (its HOME, DISPLAY
    /// and environment, its own process group); at `timeout` the whole group is ended.
    func run(command: String, timeout: Duration) async throws(APIError) -> CommandResult {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        do {
            return try await desktop.run(command, timeout: timeout)
        } catch {
            do {
                try await desktop.checkHealth()
            } catch {
                throw await environmentFailure("command", error)
            }
            throw APIError(status: 500, code: "command_failed", message: "the command could not be started: \(error)")
        }
    }

    /// `GET /sessions/{id}/files?path=…`: the bytes of a file in the session's HOME.
    func readFile(_ path: String) async throws(APIError) -> Data {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        let url = try HomePath.resolve(path, home: desktop.home)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw APIError(status: 404, code: "file_not_found", message: "no file '\(path)' in the session's HOME")
        }
        guard !isFolder.boolValue else {
            throw APIError(status: 400, code: "is_a_folder", message: "'\(path)' is a folder, not a file")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw APIError(status: 500, code: "file_error", message: "cannot read '\(path)': \(error.localizedDescription)")
        }
    }

    /// `POST /sessions/{id}/files?path=…`: writes `data` to a file in the session's HOME, making
    /// the folders on the way. Returns the file's path as the session sees it.
    func writeFile(_ path: String, data: Data) async throws(APIError) -> String {
        try await enter()
        defer { leave() }
        let desktop = try requireDesktop()
        let url = try HomePath.resolve(path, home: desktop.home)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw APIError(status: 400, code: "is_a_folder", message: "'\(path)' is a folder, not a file")
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        } catch {
            throw APIError(status: 500, code: "file_error", message: "cannot write '\(path)': \(error.localizedDescription)")
        }
        return url.path
    }
}
