import Foundation
import Synchronization
import Vapor
import TouchpointDomain

/// Token buckets by key (a write key, a visitor, an address), in this node's memory.
///
/// Each node limits what it receives; behind a load balancer the limits add up over the nodes, which is what a
/// cluster's capacity does too. At most `maximumKeys` keys are remembered: full buckets are forgotten first.
final class RateLimiter: Sendable {
    let rate: TokenBucket.Rate
    let maximumKeys: Int
    private let buckets = Mutex<[String: TokenBucket]>([:])

    init(_ rate: TokenBucket.Rate, maximumKeys: Int = 100_000) {
        self.rate = rate
        self.maximumKeys = maximumKeys
    }

    /// nil when the request may go ahead; otherwise the seconds to wait.
    func take(_ key: String, cost: Double = 1, now: Date = Date()) -> TimeInterval? {
        buckets.withLock { buckets in
            if buckets.count >= maximumKeys, buckets[key] == nil {
                buckets = buckets.filter { !$0.value.isFull(rate: rate, now: now) }
                if buckets.count >= maximumKeys { buckets.removeAll(keepingCapacity: true) }
            }
            var bucket = buckets[key] ?? TokenBucket(rate: rate, now: now)
            let wait = bucket.take(cost, rate: rate, now: now)
            buckets[key] = bucket
            return wait
        }
    }

    /// Throws 429 with Retry-After when `key` is over its rate.
    func check(_ key: String, cost: Double = 1, what: String) throws {
        if let wait = take(key, cost: cost) { throw APIError.tooManyRequests(retryAfter: wait, what: what) }
    }
}

extension APIError {
    /// 429 with the seconds to wait in `Retry-After` (whole seconds, at least one).
    static func tooManyRequests(retryAfter seconds: TimeInterval, what: String) -> APIError {
        let wait = retryAfterSeconds(seconds)
        var error = APIError(status: .tooManyRequests, code: "rate_limited", message: "too many \(what): try again in \(wait) s")
        error.headers = ["Retry-After": String(wait)]
        return error
    }
}

/// The limits of the public surface, one place to read them (`AppConfig` sets them).
struct PublicLimits: Sendable {
    /// Collection requests per write key: Segment allows 500 a second for a source, with a burst of a few seconds of that.
    let collection: RateLimiter
    /// Chat messages per visitor: a person types far slower; a script does not.
    let chatMessages = RateLimiter(.per(20, seconds: 60))
    /// New chat visitors per address (a household or office shares one): enough for people, not for a script.
    let chatVisitors: RateLimiter
    /// New chat conversations (cases) per address.
    let chatConversations: RateLimiter
    /// Help-centre pages, searches and suggestions per address: a reader clicks and types; a scraper or a flood does not.
    let helpCentre = RateLimiter(.init(capacity: 120, perSecond: 4))
    /// Placement decisions per address (`/v1/decide`): a page asks for a few placements a view.
    let placements = RateLimiter(.init(capacity: 60, perSecond: 5))

    init(_ config: AppConfig) {
        collection = RateLimiter(.init(capacity: config.collectRequestsPerSecond * 4, perSecond: config.collectRequestsPerSecond))
        chatVisitors = RateLimiter(.per(config.chatVisitorsPerHour, seconds: 3600))
        chatConversations = RateLimiter(.per(config.chatConversationsPerHour, seconds: 3600))
    }
}
