import ArgumentParser
import Foundation
import TouchpointStorage
import TouchpointWeb

/// `touchpoint backup FILE`: a consistent copy of the SQLite database while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to FILE while the server keeps running (one consistent moment).",
        discussion: """
            Every write the server acknowledged before the backup began is in the copy. On PostgreSQL use the \
            server's own tools (pg_basebackup, or pg_dump); docs/operations.md gives the procedure.
            """)

    @Argument(help: ArgumentHelp("The new backup file (never overwritten).", valueName: "FILE"))
    var file: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let location = try Runtime.config(database: database.database).database
        guard case .sqlite(let path) = location else {
            throw ValidationError("touchpoint backup copies SQLite files; on PostgreSQL run pg_basebackup or pg_dump (see docs/operations.md)")
        }
        let started = Date()
        do {
            let checked = try await SQLiteBackup.backup(databaseAt: path, to: file)
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            print("Backed up \(path) to \(file) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: "
                  + "\(checked.events) events, \(checked.profiles) profiles, \(checked.migrations) migrations, \(size / 1_048_576) MB.")
        } catch let error as StorageError {
            throw ValidationError("\(error)")
        }
    }
}

/// `touchpoint restore FILE`: puts a backup in place as the database (server stopped).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup made by `touchpoint backup` in place as the SQLite database; stop the server first.",
        discussion: """
            The backup is checked (SQLite's integrity check, a Touchpoint schema) before anything is touched. An existing \
            database is replaced only with --force, and kept beside it as PATH.before-restore. Start the server afterwards: \
            it applies any migration the backup is missing.
            """)

    @Argument(help: ArgumentHelp("A backup file.", valueName: "FILE"))
    var file: String

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Replace an existing database (kept as PATH.before-restore).")
    var force = false

    func run() async throws {
        let location = try Runtime.config(database: database.database).database
        guard case .sqlite(let path) = location else {
            throw ValidationError("touchpoint restore writes SQLite files; on PostgreSQL restore with the server's tools (see docs/operations.md)")
        }
        do {
            let checked = try await SQLiteBackup.restore(file, to: path, replacing: force)
            print("Restored \(file) to \(path): \(checked.events) events, \(checked.profiles) profiles. Start the server: touchpoint serve --database sqlite:\(path)")
        } catch let error as StorageError {
            throw ValidationError("\(error)")
        }
    }
}
