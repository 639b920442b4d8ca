import Foundation

/// How many failed sign-ins an account and an address may have before further attempts wait.
///
/// An account locks for the rest of its window after `accountFailures` failures (a password guessed slowly
/// from many addresses still stops), an address after `addressFailures` (one address trying many accounts).
/// A success does not reset the count: an attacker who owns one account cannot use it to clear the lock on another.
public struct SignInThrottle: Sendable, Equatable {
    public var window: TimeInterval
    public var accountFailures: Int
    public var addressFailures: Int

    public init(window: TimeInterval = 15 * 60, accountFailures: Int = 5, addressFailures: Int = 20) {
        self.window = window
        self.accountFailures = accountFailures
        self.addressFailures = addressFailures
    }

    public static let standard = SignInThrottle()

    /// Seconds to wait before the next attempt, or nil when it may go ahead. `accountFailureTimes` and
    /// `addressFailureTimes` are the failures of the last `window`, in any order.
    public func wait(accountFailureTimes: [Date], addressFailureTimes: [Date], now: Date) -> Int? {
        func waitFor(_ times: [Date], limit: Int) -> TimeInterval? {
            let recent = times.filter { now.timeIntervalSince($0) < window }.sorted()
            guard recent.count >= limit else { return nil }
            // Free again once the failure that filled the limit leaves the window.
            return recent[recent.count - limit].addingTimeInterval(window).timeIntervalSince(now)
        }
        let waits = [waitFor(accountFailureTimes, limit: accountFailures), waitFor(addressFailureTimes, limit: addressFailures)].compactMap { $0 }
        guard let longest = waits.max() else { return nil }
        return retryAfterSeconds(longest)
    }
}

/// What became of one sign-in attempt, as the audit log records it.
public enum SignInOutcome: String, Sendable, Codable, CaseIterable {
    case succeeded
    case wrongPassword = "wrong_password"
    case unknownAccount = "unknown_account"
    case throttled

    public var isFailure: Bool { self == .wrongPassword || self == .unknownAccount }
}

/// One recorded sign-in attempt.
public struct SignInAttempt: Sendable, Equatable {
    public var at: Date
    public var email: String
    public var address: String
    public var outcome: SignInOutcome

    public init(at: Date, email: String, address: String, outcome: SignInOutcome) {
        self.at = at
        self.email = email
        self.address = address
        self.outcome = outcome
    }
}
