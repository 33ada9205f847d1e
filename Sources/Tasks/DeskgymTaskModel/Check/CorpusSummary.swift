/// The counts of a ``CorpusReport``: how many files, how many tasks load and can run, and for
/// steps, getters and metrics the names the corpus uses, which of them are supported, and how many
/// tasks each missing name blocks.
public struct CorpusSummary: Sendable, Hashable {
    /// One registry's view of the corpus (setup/postconfig steps, getters or metrics).
    public struct Vocabulary: Sendable, Hashable {
        /// Which registry.
        public var category: TaskFeature.Category
        /// Every name the loaded tasks use → how many tasks use it.
        public var used: [String: Int]
        /// The used names the support implements.
        public var supported: Set<String>
        /// Every used name the support lacks → how many tasks it blocks.
        public var blocked: [String: Int]
        /// Missing name → how many tasks lack nothing else (implementing it alone makes them runnable).
        public var soleBlocker: [String: Int]
        /// Used names that OSWorld does not know either.
        public var unknownToOSWorld: Set<String>

        /// How many distinct names the corpus uses.
        public var usedCount: Int { used.count }
        /// How many of them are supported.
        public var supportedCount: Int { supported.count }

        /// The missing names that block the most tasks, most first (ties by name), at most `limit`.
        public func topMissing(_ limit: Int = .max) -> [(name: String, tasks: Int)] {
            Array(blocked.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map { ($0.key, $0.value) })
        }
    }

    /// `*.json` files found.
    public var jsonFiles: Int
    /// Files that are JSON but not task objects (index lists and the like).
    public var skipped: Int
    /// Task files that loaded.
    public var loaded: Int
    /// Task files that did not load (bad JSON, wrong types, missing fields).
    public var failed: Int
    /// Loaded tasks whose every step, getter and metric is supported.
    public var runnable: Int
    /// Loaded tasks that are OSWorld's infeasible kind.
    public var infeasible: Int
    /// Runnable tasks that are infeasible ones (scored by the agent's FAIL alone).
    public var runnableInfeasible: Int
    /// Steps, getters and metrics, in that order.
    public var vocabularies: [Vocabulary]
    /// Unrecognised field path → how many tasks have it (`hint`, `evaluator._config_note`).
    public var unrecognizedFields: [String: Int]
    /// Task ids used by more than one file → those files.
    public var duplicateIDs: [String: [String]]

    /// Files that are tasks or meant to be (`jsonFiles - skipped`).
    public var taskFiles: Int { jsonFiles - skipped }

    /// One registry's figures.
    public func vocabulary(_ category: TaskFeature.Category) -> Vocabulary {
        vocabularies.first { $0.category == category }!
    }

    /// Counts the entries of a report.
    public init(entries: [CorpusReport.Entry], support: TaskSupport) {
        jsonFiles = entries.count
        skipped = entries.filter { $0.skipReason != nil }.count
        failed = entries.filter { $0.loadError != nil }.count
        let reports = entries.compactMap(\.taskReport)
        loaded = reports.count
        runnable = reports.filter(\.isRunnable).count
        infeasible = reports.filter(\.isInfeasible).count
        runnableInfeasible = reports.filter { $0.isRunnable && $0.isInfeasible }.count

        vocabularies = TaskFeature.Category.allCases.map { category in
            var vocabulary = Vocabulary(
                category: category, used: [:], supported: [], blocked: [:],
                soleBlocker: [:], unknownToOSWorld: [])
            for report in reports {
                for name in report.usedNames(category) { vocabulary.used[name, default: 0] += 1 }
                for name in report.missingNames(category) { vocabulary.blocked[name, default: 0] += 1 }
                let allMissing = Set(report.missing.map { "\($0.kind.category)/\($0.name)" })
                if allMissing.count == 1, let only = report.missing.first, only.kind.category == category {
                    vocabulary.soleBlocker[only.name, default: 0] += 1
                }
                vocabulary.unknownToOSWorld.formUnion(
                    report.unknownToOSWorld.filter { $0.kind.category == category }.map(\.name))
            }
            vocabulary.supported = Set(vocabulary.used.keys).intersection(support.names(category))
            return vocabulary
        }

        var fields: [String: Int] = [:]
        for report in reports {
            for path in Set(report.unrecognizedFields.map(\.description)) { fields[path, default: 0] += 1 }
        }
        unrecognizedFields = fields

        var files: [String: [String]] = [:]
        for entry in entries {
            if let report = entry.taskReport { files[report.taskID, default: []].append(entry.path) }
        }
        duplicateIDs = files.filter { $0.value.count > 1 }
    }
}
