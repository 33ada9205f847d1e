import DeskgymCore
import Foundation

extension OSWorldTask {
    /// Loads a task file. Errors name the file as the URL gives it (a relative file URL keeps its
    /// relative path), the JSON path of the offending field, and its line and column.
    public static func load(from url: URL) throws(TaskLoadError) -> OSWorldTask {
        let name = url.isFileURL ? url.relativePath : url.absoluteString
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            var isFolder: ObjCBool = false
            let message: String
            if url.isFileURL, !FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) {
                message = "file not found"
            } else if isFolder.boolValue {
                message = "is a folder, not a task file"
            } else {
                message = "cannot read the file: \(error.localizedDescription)"
            }
            throw TaskLoadError(file: name, kind: .unreadable, message: message)
        }
        return try parse(data: data, source: name)
    }

    /// Reads a task from the bytes of a task file; `source` names the file in error messages.
    public static func parse(data: Data, source: String) throws(TaskLoadError) -> OSWorldTask {
        let bytes = [UInt8](data)
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes)
        } catch {
            throw loadError(for: error, source: source)
        }
        return try decode(json, source: source, bytes: bytes)
    }

    /// The load error for a file that is not valid JSON.
    static func loadError(for error: JSONSyntaxError, source: String) -> TaskLoadError {
        TaskLoadError(file: source, position: error.position, kind: .invalidJSON, message: "invalid JSON: \(error.message)")
    }

    /// Reads a task from a JSON value already parsed; errors carry no line numbers.
    public static func parse(json: JSONValue, source: String) throws(TaskLoadError) -> OSWorldTask {
        try decode(json, source: source, bytes: nil)
    }

    /// Decodes a parsed document; on failure, finds the offending value's line and column in
    /// `bytes` (for a missing field: the nearest enclosing value that exists).
    static func decode(_ json: JSONValue, source: String, bytes: [UInt8]?) throws(TaskLoadError) -> OSWorldTask {
        var decoder = TaskDecoder()
        do {
            return try decoder.decodeTask(json)
        } catch {
            var position: SourcePosition?
            if let bytes {
                var path: JSONPath? = error.path
                while let current = path, position == nil {
                    if let offset = JSONReader.offset(of: current, in: bytes) {
                        position = SourcePosition(offset: offset, in: bytes)
                    }
                    path = current.parent
                }
            }
            throw TaskLoadError(
                file: source, path: error.path, position: position, kind: error.kind,
                message: error.message)
        }
    }
}
