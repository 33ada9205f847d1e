import Foundation

extension TrajectoryLine {
    /// The file name of the step log inside a trajectory folder.
    public static let fileName = "trajectory.jsonl"
    /// The largest `trajectory.jsonl` read: a replay folder may come from anywhere.
    public static let maximumFileBytes = 256 << 20

    /// The line as written to `trajectory.jsonl` (sorted keys, no newline).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The lines of `folder`'s `trajectory.jsonl`, in file order (blank lines skipped).
    /// - Throws: ``TrajectoryError`` naming the file, the line and the field.
    public static func lines(in folder: URL) throws(TrajectoryError) -> [TrajectoryLine] {
        let file = folder.appendingPathComponent(fileName)
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= maximumFileBytes else {
                throw TrajectoryError(
                    file: file.path, line: nil,
                    problem: "\(size) bytes is more than the \(maximumFileBytes) a trajectory may have")
            }
            data = try Data(contentsOf: file)
        } catch let error as TrajectoryError {
            throw error
        } catch {
            throw TrajectoryError(file: file.path, line: nil, problem: "cannot read: \(error.localizedDescription)")
        }
        return try parse(data, file: file.path)
    }

    /// Reads JSON lines; `file` names them in errors.
    public static func parse(_ data: Data, file: String) throws(TrajectoryError) -> [TrajectoryLine] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw TrajectoryError(file: file, line: nil, problem: "not UTF-8 text")
        }
        let decoder = JSONDecoder()
        var lines: [TrajectoryLine] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do {
                lines.append(try decoder.decode(TrajectoryLine.self, from: Data(line.utf8)))
            } catch let error as DecodingError {
                throw TrajectoryError(file: file, line: offset + 1, problem: error.summary)
            } catch {
                throw TrajectoryError(file: file, line: offset + 1, problem: "not JSON: \(error.localizedDescription)")
            }
        }
        return lines
    }
}
