import Foundation

/// Where the tests find OSWorld's task files: `../shared/osworld` beside the repository (the
/// repository found from this file's real path, so a symlinked copy of the tests works too), or
/// the folder named by `DESKGYM_OSWORLD` when set.
public enum TaskTestSupport {
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()  // DeskgymTaskTestSupport
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository
    }

    public static var osworldFolder: URL {
        if let path = ProcessInfo.processInfo.environment["DESKGYM_OSWORLD"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/osworld", isDirectory: true)
    }

    public static var osworldExamples: URL {
        osworldFolder.appendingPathComponent("examples", isDirectory: true)
    }

    /// The URLs of every `examples/<domain>/<id>.json`, sorted.
    public static func exampleFiles() throws -> [URL] {
        let manager = FileManager.default
        var files: [URL] = []
        for domain in try manager.contentsOfDirectory(atPath: osworldExamples.path).sorted() {
            let folder = osworldExamples.appendingPathComponent(domain, isDirectory: true)
            for name in try manager.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".json") {
                files.append(folder.appendingPathComponent(name))
            }
        }
        return files
    }

    /// One example file by domain and id.
    public static func example(_ domain: String, _ id: String) -> URL {
        osworldExamples.appendingPathComponent(domain).appendingPathComponent(id + ".json")
    }
}
