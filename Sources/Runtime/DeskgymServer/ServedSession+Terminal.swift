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
            // Beneath HOME, whatever links the session made after the check above.
            guard let data = try desktop.readHomeFile(Self.relative(url, to: desktop.home)) else {
                throw APIError(status: 404, code: "file_not_found", message: "no file '\(path)' in the session's HOME")
            }
            return data
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(status: 403, code: "file_error", message: "cannot read '\(path)': \(error)")
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
            // Beneath HOME: a dangling link to a place outside makes a file inside, if anything.
            try desktop.writeHomeFile(data, to: Self.relative(url, to: desktop.home))
        } catch {
            throw APIError(status: 403, code: "file_error", message: "cannot write '\(path)': \(error)")
        }
        return url.path
    }

    /// `url` (inside `home`, as ``HomePath`` resolved it) relative to `home`.
    static func relative(_ url: URL, to home: URL) -> String {
        let real = URL(fileURLWithPath: home.path).resolvingSymlinksInPath().path
        let path = url.path
        if path.hasPrefix(real + "/") { return String(path.dropFirst(real.count + 1)) }
        if path.hasPrefix(home.path + "/") { return String(path.dropFirst(home.path.count + 1)) }
        return "."
    }
}
