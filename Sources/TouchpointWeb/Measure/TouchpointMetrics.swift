import Prometheus
import Foundation

/// The Prometheus metrics Touchpoint exports at `/metrics`.
public final class TouchpointMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let requestDuration: DurationHistogram
    let commitDuration: DurationHistogram
    let commitGroupMessages: ValueHistogram
    /// The read replica's lag, set each time `/health` or `/metrics` is read (absent without a replica).
    let replicaLagSeconds: Gauge
    let replicaLagBytes: Gauge
    private let messageCounters: [String: Counter]
    private let requestCounters: [String: Counter]

    static let endpoints = ["identify", "track", "page", "screen", "group", "alias", "batch", "import"]
    static let results = ["stored", "duplicate", "rejected", "suppressed", "overloaded"]

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        requestDuration = registry.makeDurationHistogram(descriptor: MetricNameDescriptor(metricName: "touchpoint_ingest_request_duration", unitName: "seconds", helpText: "Time from a collection request's arrival to its committed answer"),
            buckets: [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                      .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)])
        commitDuration = registry.makeDurationHistogram(descriptor: MetricNameDescriptor(metricName: "touchpoint_ingest_commit_duration", unitName: "seconds", helpText: "Time of one group-commit transaction"),
            buckets: [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                      .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1)])
        commitGroupMessages = registry.makeValueHistogram(descriptor: MetricNameDescriptor(metricName: "touchpoint_ingest_commit", unitName: "messages", helpText: "Messages committed together in one transaction"),
            buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000])
        replicaLagSeconds = registry.makeGauge(name: "touchpoint_replica_lag_seconds", help: "Seconds the read replica trails the primary (0 when it has replayed everything)")
        replicaLagBytes = registry.makeGauge(name: "touchpoint_replica_lag_bytes", help: "Bytes of write-ahead log the read replica has not replayed")
        var messages = [String: Counter]()
        for result in Self.results {
            messages[result] = registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "touchpoint_ingest_messages", unitName: "total", helpText: "Collected messages by outcome"), labels: [("result", result)])
        }
        messageCounters = messages
        var requests = [String: Counter]()
        for endpoint in Self.endpoints {
            requests[endpoint] = registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "touchpoint_ingest_requests", unitName: "total", helpText: "Collection requests by endpoint"), labels: [("endpoint", endpoint)])
        }
        requestCounters = requests
    }

    func countMessages(_ result: String, _ amount: Int) {
        guard amount > 0 else { return }
        messageCounters[result]?.increment(by: Int64(amount))
    }

    func countRequest(_ endpoint: String) {
        requestCounters[endpoint]?.increment()
    }
}
