import Foundation
import NIOPosix
import SQLiteNIO

/// Backup and restore of a SQLite database file.
///
/// A backup is taken with `VACUUM INTO` on a connection of its own: one read transaction, so the copy is the database
/// as of one moment (every write committed before it began, nothing half-written), taken while the server goes on
/// reading and writing (WAL mode lets a reader and the writer run together). The copy is compact and complete in one
/// file (no `-wal` beside it).
public enum SQLiteBackup {
    /// What a restore found in the backup before putting it in place.
    public struct Checked: Sendable, Equatable {
        public var migrations: Int
        public var events: Int
        public var profiles: Int
    }

    /// Copies the database at `path` to a new file `destination` while the server may be running. Refuses to
    /// overwrite a file that exists.
    public static func backup(databaseAt path: String, to destination: String) async throws -> Checked {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StorageError.invalid("no database at \(path): give the file the server runs on (--database sqlite:PATH)")
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw StorageError.invalid("\(destination) exists: a backup never overwrites a file; give a new name or remove it first")
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: .singleton,
                                                         on: MultiThreadedEventLoopGroup.singleton.any())
        do {
            // The server's writer may hold the write lock for a moment; a reader in WAL mode never waits for it,
            // but a checkpoint by another connection can make the first read retry.
            _ = try await connection.query("PRAGMA busy_timeout = 10000")
            _ = try await connection.query("VACUUM INTO ?", [.text(destination)])
            try await connection.close()
        } catch {
            try? await connection.close()
            try? FileManager.default.removeItem(atPath: destination)
            throw error
        }
        return try await check(destination)
    }

    /// Checks that `file` is a whole Touchpoint database (SQLite's integrity check, its migrations recorded).
    public static func check(_ file: String) async throws -> Checked {
        guard FileManager.default.fileExists(atPath: file) else { throw StorageError.invalid("no file at \(file)") }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: file), threadPool: .singleton,
                                                         on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            throw StorageError.invalid("\(file) is not a SQLite database: \(error)")
        }
        do {
            let integrity: String?
            do {
                integrity = try await connection.query("PRAGMA integrity_check").first?.column("integrity_check")?.string
            } catch {
                throw StorageError.invalid("\(file) is not a SQLite database (\(error)): give a file made by touchpoint backup")
            }
            guard integrity == "ok" else {
                throw StorageError.invalid("\(file) fails SQLite's integrity check (\(integrity ?? "no answer")): it cannot be restored")
            }
            func count(_ table: String) async throws -> Int {
                let rows = try await connection.query("SELECT COUNT(*) AS n FROM \(table)")
                return rows.first?.column("n")?.integer ?? 0
            }
            let tables = try await connection.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_fluent_migrations'")
            guard !tables.isEmpty else {
                throw StorageError.invalid("\(file) is a SQLite database but not a Touchpoint one (no migrations recorded)")
            }
            let checked = Checked(migrations: try await count("_fluent_migrations"), events: try await count("events"),
                                  profiles: try await count("profiles"))
            try await connection.close()
            return checked
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Puts the backup `file` in place as the database at `path`, with the server stopped. The backup is checked
    /// first; an existing database is replaced only with `replacing` (and kept beside it as `PATH.before-restore`).
    /// The copy is written next to the target and renamed over it, so a crash mid-restore leaves the old database.
    public static func restore(_ file: String, to path: String, replacing: Bool) async throws -> Checked {
        let checked = try await check(file)
        let manager = FileManager.default
        let exists = manager.fileExists(atPath: path)
        if exists && !replacing {
            throw StorageError.invalid("\(path) exists: stop the server, then add --force to replace it (it is kept as \(path).before-restore)")
        }
        let staging = path + ".restoring"
        try? manager.removeItem(atPath: staging)
        try manager.copyItem(atPath: file, toPath: staging)
        if exists {
            let kept = path + ".before-restore"
            try? manager.removeItem(atPath: kept)
            // The old database with its write-ahead log folded in would need a connection; the three files are kept as they are.
            try manager.copyItem(atPath: path, toPath: kept)
            for suffix in ["-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
                try? manager.removeItem(atPath: kept + suffix)
                try manager.moveItem(atPath: path + suffix, toPath: kept + suffix)
            }
        }
        guard rename(staging, path) == 0 else {
            throw StorageError.invalid("could not move the restored copy into place at \(path) (errno \(errno))")
        }
        return checked
    }
}
