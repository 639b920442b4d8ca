import Foundation
import Synchronization

/// Values read from storage and trusted for a short while, by key: the write keys collection resolves on every
/// request, the API tokens every management call names, the rule documents every case opened reads.
public final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// How long a stored value is answered, in monotonic nanoseconds.
    public let lifetime: UInt64
    /// Entries at which the cache starts over rather than grow (nil: no bound, for a handful of fixed keys).
    public let capacity: Int?
    private let entries = Mutex<[Key: (value: Value, storedAt: UInt64)]>([:])

    public init(lifetime: UInt64, capacity: Int? = nil) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value stored for `key` less than ``lifetime`` before `now`.
    public func value(for key: Key, now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], now >= entry.storedAt, now - entry.storedAt < lifetime else { return nil }
            return entry.value
        }
    }

    public func store(_ value: Value, for key: Key, now: UInt64 = DispatchTime.now().uptimeNanoseconds) {
        entries.withLock { entries in
            if let capacity, entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (value, now)
        }
    }

    /// The value for `key`, read by `load` and stored when there is none or it is too old.
    public func value(for key: Key, load: () async throws -> Value) async throws -> Value {
        let now = DispatchTime.now().uptimeNanoseconds
        if let kept = value(for: key, now: now) { return kept }
        let fresh = try await load()
        store(fresh, for: key, now: now)
        return fresh
    }

    public func forget(_ key: Key) { _ = entries.withLock { $0.removeValue(forKey: key) } }

    public func forget(where matches: (Value) -> Bool) { entries.withLock { entries in entries = entries.filter { !matches($0.value.value) } } }
}
