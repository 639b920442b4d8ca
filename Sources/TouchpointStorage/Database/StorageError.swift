/// Errors the storage layer reports in words a caller can act on.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    case unsupportedDatabase
    case invalidDatabaseURL(String)
    case notFound(String)
    case conflict(String)
    case invalid(String)
    /// The request names a person who was erased (GDPR art. 17): nothing new is stored for them.
    case erased(String)
    /// A commit did not answer within its deadline (the database restarting, a connection lost mid-way); nothing is
    /// acknowledged, and sending again is safe.
    case commitTimedOut
    /// The log's fsync failed: the commit may not be on disk, and no later one is acknowledged until a restart.
    case logNotSynced(String)

    public var description: String {
        switch self {
        case .unsupportedDatabase: return "the database does not speak SQL: use sqlite:PATH or postgres://…"
        case .invalidDatabaseURL(let url): return "cannot read database URL '\(url)': use sqlite:touchpoint.sqlite or postgres://user:pass@host:5432/db"
        case .notFound(let what): return what
        case .conflict(let what): return what
        case .invalid(let what): return what
        case .erased(let what): return what
        case .commitTimedOut: return "the database did not confirm the write in time: send the same request again (message ids keep it from being stored twice)"
        case .logNotSynced(let reason): return "the database's log could not be written to disk (\(reason)): free or repair the disk, restart the server, and send the request again"
        }
    }
}
