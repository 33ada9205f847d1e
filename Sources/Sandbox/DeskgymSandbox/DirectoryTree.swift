/// A folder and everything under it (or a single file), as the desktop's machine sees it:
/// what OSWorld's `list_directory` getter reports.
public struct DirectoryTree: Sendable, Hashable {
    /// The entry's own name (the last path component).
    public var name: String
    /// Whether it is a folder (a link to a folder counts as one, as Python's `os.path.isdir` says).
    public var isDirectory: Bool
    /// The entries inside a folder, sorted by name; empty for a file.
    public var children: [DirectoryTree]

    public init(name: String, isDirectory: Bool, children: [DirectoryTree] = []) {
        self.name = name
        self.isDirectory = isDirectory
        self.children = children
    }
}
