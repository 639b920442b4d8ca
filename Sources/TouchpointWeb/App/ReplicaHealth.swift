import Foundation
import TouchpointDomain
import TouchpointStorage

/// The read replica's state for `/health` (and the lag gauges of `/metrics`).
enum ReplicaHealth {
    /// `{"status": "ok", "lagSeconds": …, "lagBytes": …}`, `"unavailable"` with what to do when the replica does not
    /// answer or is no standby; nil without a replica. A replica that is down does not make the server unhealthy:
    /// writes and the primary's reads go on.
    static func read(_ services: TouchpointServices) async -> JSONValue? {
        guard services.reports.readsFromReplica else { return nil }
        do {
            let lag = try await services.reports.replicaLag(behind: services.store)
            services.metrics.replicaLagSeconds.set(lag.seconds)
            services.metrics.replicaLagBytes.set(Double(lag.bytes))
            guard lag.isStandby else {
                return .object(["status": .string("not_a_replica"),
                                "error": .string("TOUCHPOINT_DATABASE_READ_URL names a server that is not in recovery: point it at a streaming replica")])
            }
            return .object(["status": .string("ok"), "lagSeconds": .number(lag.seconds), "lagBytes": .number(Double(lag.bytes))])
        } catch {
            return .object(["status": .string("unavailable"), "error": .string("the read replica does not answer; reports wait for it")])
        }
    }
}
