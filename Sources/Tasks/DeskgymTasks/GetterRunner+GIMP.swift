import DeskgymTaskModel
import Foundation

extension GetterRunner {
    /// The folder OSWorld's `gimp_config_file` reads, under the session's HOME: GIMP 2.10's, as
    /// OSWorld names it (a GIMP 3 keeps its settings in `~/.config/GIMP/3.0` instead, which
    /// OSWorld's tasks do not look at either).
    static let gimpConfigFolder = ".config/GIMP/2.10"

    /// `gimp_config_file`: the file `file_name` of GIMP's config folder (`~/.config/GIMP/2.10/`
    /// in the session's HOME, as the session's programs see it, in a guest the guest's HOME),
    /// copied into the cache as `dest`; nil when there is no such file (OSWorld returns `None`).
    static func gimpConfigFile(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        let name = try field(spec, "file_name")
        let dest = try field(spec, "dest")
        // OSWorld appends the name as text to `~/…/2.10/` and expands `~` in the session: the
        // session's HOME as its programs see it, mapped to where Deskgym reads it.
        let path = context.mapPath("~/\(gimpConfigFolder)/\(name)")
        try FileManager.default.createDirectory(at: context.cacheFolder, withIntermediateDirectories: true)
        let copy = context.cacheFolder.appendingPathComponent(dest)
        return .file(try await context.session.copyFile(fromDesktop: path, to: copy) ? copy : nil)
    }
}
