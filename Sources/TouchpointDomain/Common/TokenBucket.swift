import Foundation

/// A wait as `Retry-After` states it: whole seconds, rounded up, at least one.
public func retryAfterSeconds(_ wait: TimeInterval) -> Int {
    max(1, Int(wait.rounded(.up)))
}

/// A token bucket: `capacity` requests at once, refilled at `perSecond`. The rule behind every rate limit of the
/// public surface (collection per write key, chat per visitor and per address, sign-ups of chat visitors).
public struct TokenBucket: Sendable, Equatable {
    public struct Rate: Sendable, Equatable {
        public var capacity: Double
        public var perSecond: Double

        public init(capacity: Double, perSecond: Double) {
            precondition(capacity >= 1 && perSecond > 0, "a rate needs room for one request and a positive refill")
            self.capacity = capacity
            self.perSecond = perSecond
        }

        /// `count` a `period` (seconds), all of them available at once.
        public static func per(_ count: Double, seconds period: Double) -> Rate { Rate(capacity: count, perSecond: count / period) }
    }

    public var tokens: Double
    public var updated: Date

    public init(rate: Rate, now: Date) {
        tokens = rate.capacity
        updated = now
    }

    /// Takes `cost` tokens if there are enough and returns nil; otherwise takes none and returns the seconds until there will be.
    public mutating func take(_ cost: Double = 1, rate: Rate, now: Date) -> TimeInterval? {
        let elapsed = max(0, now.timeIntervalSince(updated))
        tokens = min(rate.capacity, tokens + elapsed * rate.perSecond)
        updated = now
        if tokens >= cost {
            tokens -= cost
            return nil
        }
        return (cost - tokens) / rate.perSecond
    }

    /// Whether the bucket is full again, so it can be forgotten without changing any answer.
    public func isFull(rate: Rate, now: Date) -> Bool {
        tokens + max(0, now.timeIntervalSince(updated)) * rate.perSecond >= rate.capacity
    }
}
