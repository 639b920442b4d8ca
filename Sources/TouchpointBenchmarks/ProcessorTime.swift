import Foundation

/// Processor time used so far by this process and by the PostgreSQL server's processes on the same machine, from
/// Linux's `/proc` (nil elsewhere). A benchmark divides the difference over a load by its requests: the cost of one
/// request, which a slow moment of a shared machine changes far less than it changes requests a second.
struct ProcessorTime: Sendable {
    /// Seconds of user and system time of this process.
    var own: Double
    /// Seconds of user and system time of every process named `postgres` (0 without PostgreSQL).
    var database: Double

    static let zero = ProcessorTime(own: 0, database: 0)

    static func now() -> ProcessorTime? {
        #if os(Linux)
        guard let own = seconds(statOf: "self") else { return nil }
        var database = 0.0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where entry.first?.isNumber == true {
            guard let comm = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8),
                  comm.trimmingCharacters(in: .whitespacesAndNewlines) == "postgres" else { continue }
            database += seconds(statOf: entry) ?? 0
        }
        return ProcessorTime(own: own, database: database)
        #else
        return nil
        #endif
    }

    /// utime + stime of `/proc/<process>/stat`, fields 14 and 15, counted after the command's closing parenthesis
    /// (the command may hold spaces).
    private static func seconds(statOf process: String) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(process)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func - (after: ProcessorTime, before: ProcessorTime) -> ProcessorTime {
        ProcessorTime(own: after.own - before.own, database: after.database - before.database)
    }

    static func + (left: ProcessorTime, right: ProcessorTime) -> ProcessorTime {
        ProcessorTime(own: left.own + right.own, database: left.database + right.database)
    }
}
