import Prometheus
import Foundation

/// The Prometheus metrics Touchpoint exports at `/metrics`.
public final class TouchpointMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let requestDuration: DurationHistogram
    let commitDuration: DurationHistogram
    let commitGroupMessages: ValueHistogram
    private let messageCounters: [String: Counter]
    private let requestCounters: [String: Counter]

    static let endpoints = ["identify", "track", "page", "screen", "group", "alias", "batch", "import"]
    static let results = ["stored", "duplicate", "rejected", "suppressed", "overloaded"]

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        requestDuration = registry.makeDurationHistogram(
            name: "touchpoint_ingest_request_duration_seconds",
            buckets: [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                      .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)],
            help: "Time from a collection request's arrival to its committed answer")
        commitDuration = registry.makeDurationHistogram(
            name: "touchpoint_ingest_commit_duration_seconds",
            buckets: [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                      .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1)],
            help: "Time of one group-commit transaction")
        commitGroupMessages = registry.makeValueHistogram(
            name: "touchpoint_ingest_commit_messages",
            buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
            help: "Messages committed together in one transaction")
        var messages = [String: Counter]()
        for result in Self.results {
            messages[result] = registry.makeCounter(name: "touchpoint_ingest_messages_total", labels: [("result", result)],
                                                    help: "Collected messages by outcome")
        }
        messageCounters = messages
        var requests = [String: Counter]()
        for endpoint in Self.endpoints {
            requests[endpoint] = registry.makeCounter(name: "touchpoint_ingest_requests_total", labels: [("endpoint", endpoint)],
                                                      help: "Collection requests by endpoint")
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
