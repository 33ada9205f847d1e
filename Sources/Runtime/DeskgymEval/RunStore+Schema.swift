import GRDB

extension RunStore {
    /// The schema, one migration a version. Never edit a registered migration: add another.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "runs") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("agent", .text).notNull()
                t.column("grammar", .text)
                t.column("model", .text)
                t.column("options", .text).notNull().defaults(to: "{}")
                t.column("started_at", .datetime).notNull()
                t.column("finished_at", .datetime)
            }
            try db.create(table: "episodes") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .integer).notNull().indexed().references("runs", onDelete: .cascade)
                t.column("task_id", .text).notNull()
                t.column("domain", .text).notNull()
                t.column("task_file", .text).notNull()
                t.column("instruction", .text)
                t.column("status", .text).notNull().defaults(to: EpisodeStatus.pending.rawValue)
                    .check(sql: "status IN ('pending', 'running', 'finished', 'environment_error')")
                t.column("score", .double)
                t.column("steps", .integer)
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("environment_error", .text)
                t.column("error_kind", .text)
                t.column("metrics", .text)
                t.column("decided_by", .text)
                t.column("started_at", .datetime)
                t.column("finished_at", .datetime)
                t.column("wall_ms", .double)
                t.column("folder", .text)
                t.uniqueKey(["run_id", "domain", "task_id"])
            }
            try db.create(table: "steps") { t in
                t.column("episode_id", .integer).notNull().references("episodes", onDelete: .cascade)
                t.column("step", .integer).notNull()
                t.column("action_text", .text)
                t.column("grammar", .text)
                t.column("thought", .text)
                t.column("actions", .text).notNull().defaults(to: "[]")
                t.column("screenshot", .text)
                t.column("env_ms", .double)
                t.column("settle_ms", .double)
                t.column("model_ms", .double)
                t.column("prompt_tokens", .integer)
                t.column("completion_tokens", .integer)
                t.column("error", .text)
                t.primaryKey(["episode_id", "step"])
            }
            try db.create(table: "attempts") { t in
                t.column("episode_id", .integer).notNull().references("episodes", onDelete: .cascade)
                t.column("attempt", .integer).notNull()
                t.column("started_at", .datetime).notNull()
                t.column("finished_at", .datetime)
                t.column("status", .text).notNull()
                t.column("environment_error", .text)
                t.column("error_kind", .text)
                t.primaryKey(["episode_id", "attempt"])
            }
        }
        return migrator
    }()
}
