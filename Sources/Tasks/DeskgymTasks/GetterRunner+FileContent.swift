import DeskgymCore
import DeskgymMetrics
import DeskgymTaskModel
import Foundation

extension GetterRunner {
    /// `content_from_vm_file`: the file at `path` is fetched like `vm_file` (into the cache under
    /// its own name) and read; OSWorld knows one kind, `file_type: xlsx` with
    /// `file_content: last_row` — the last row of the first sheet as pandas gives it, as strings
    /// (see `XLSXWorkbook.pandasLastRow`). A file that is not there is `nil` (scored 0).
    static func contentFromVMFile(_ spec: GetterSpec, context: TaskContext) async throws -> GetterValue {
        let path = try field(spec, "path")
        let fileType = try field(spec, "file_type"), content = try field(spec, "file_content")
        guard fileType == "xlsx" else {
            throw StepProblem("getter 'content_from_vm_file': file_type '\(fileType)' is not supported (OSWorld reads only 'xlsx')")
        }
        guard content == "last_row" else {
            throw StepProblem("getter 'content_from_vm_file': file_content '\(content)' is not one OSWorld reads (only 'last_row')")
        }
        let source = context.mapPath(path)
        try FileManager.default.createDirectory(at: context.cacheFolder, withIntermediateDirectories: true)
        let copy = context.cacheFolder.appendingPathComponent((source as NSString).lastPathComponent)
        guard try await context.session.copyFile(fromDesktop: source, to: copy) else { return .file(nil) }
        do {
            return .json(.array(try XLSXWorkbook.load(copy).pandasLastRow(url: copy).map(JSONValue.string)))
        } catch {
            throw StepProblem("getter 'content_from_vm_file': \(error)")
        }
    }
}
