import Foundation
import Synchronization

/// A value read from storage and kept for a while, which every decision reads (the learnt beliefs, the budgets used).
///
/// Past its age the value is still answered while one read of the new value runs in the background: when every
/// decision in flight waited for its own read at the same moment, the decisions of that moment all stalled behind
/// the same query. Only the first caller, with nothing read yet, waits.
final class RefreshedValue<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var loadedAt: UInt64 = 0
        var refreshing = false
    }

    private let state = Mutex(State())
    private let maximumAge: UInt64

    /// `maximumAge` in monotonic nanoseconds.
    init(maximumAge: UInt64) {
        self.maximumAge = maximumAge
    }

    /// The value, read by `load` when there is none yet; when it is older than the maximum age, the value kept while
    /// `load` runs once in the background.
    func value(load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let now = DispatchTime.now().uptimeNanoseconds
        let (kept, refresh) = state.withLock { state -> (Value?, Bool) in
            guard let value = state.value else { return (nil, false) }
            guard now &- state.loadedAt >= maximumAge, !state.refreshing else { return (value, false) }
            state.refreshing = true
            return (value, true)
        }
        if let kept {
            if refresh {
                Task {
                    let fresh = try? await load()
                    self.state.withLock { state in
                        if let fresh { state.value = fresh; state.loadedAt = DispatchTime.now().uptimeNanoseconds }
                        state.refreshing = false
                    }
                }
            }
            return kept
        }
        let fresh = try await load()
        state.withLock { state in
            state.value = fresh
            state.loadedAt = DispatchTime.now().uptimeNanoseconds
        }
        return fresh
    }

    /// Changes the kept value in place (a node counts its own shows at once); nothing when none was read yet.
    func update(_ change: (inout Value) -> Void) {
        state.withLock { state in
            if state.value != nil { change(&state.value!) }
        }
    }
}
