import Foundation
import Synchronization

/// Contact fatigue, enforced when an invitation falls due: one cooldown per person across every survey and channel,
/// a recontact period per survey, quiet hours in the person's time zone, and the person's own opt-out.
public struct ContactPolicy: Codable, Sendable, Equatable {
    /// No second survey invitation to the same person within this many days, whichever survey.
    public var cooldownDays: Int
    /// Local hours when nothing is sent: from `quietFromHour` until `quietUntilHour` the next morning.
    public var quietFromHour: Int
    public var quietUntilHour: Int
    /// Used when the profile has no `timezone` trait.
    public var defaultTimeZone: String

    public static let standard = ContactPolicy(cooldownDays: 14, quietFromHour: 21, quietUntilHour: 8, defaultTimeZone: "Europe/Warsaw")

    public init(cooldownDays: Int, quietFromHour: Int, quietUntilHour: Int, defaultTimeZone: String) {
        self.cooldownDays = cooldownDays
        self.quietFromHour = quietFromHour
        self.quietUntilHour = quietUntilHour
        self.defaultTimeZone = defaultTimeZone
    }

    /// What is known about the person when the invitation falls due.
    public struct Invitee: Sendable, Equatable {
        public var email: String?
        public var optedOut: Bool
        /// The `timezone` trait (an IANA name), if any.
        public var timeZone: String?
        /// When the person was last sent any survey invitation, and this survey's.
        public var lastInvitedAnySurvey: Date?
        public var lastInvitedThisSurvey: Date?

        public init(email: String?, optedOut: Bool, timeZone: String? = nil, lastInvitedAnySurvey: Date? = nil, lastInvitedThisSurvey: Date? = nil) {
            self.email = email
            self.optedOut = optedOut
            self.timeZone = timeZone
            self.lastInvitedAnySurvey = lastInvitedAnySurvey
            self.lastInvitedThisSurvey = lastInvitedThisSurvey
        }

        /// Traits that say "do not survey me": `survey_opt_out`, `do_not_contact`, `unsubscribed` true, or
        /// `email_opt_in` / `survey_consent` false.
        public static func optedOut(traits: [String: JSONValue]) -> Bool {
            func flag(_ key: String) -> Bool? { TraitFlag.read(traits[key]) }
            return flag("survey_opt_out") == true || flag("do_not_contact") == true || flag("unsubscribed") == true
                || flag("email_opt_in") == false || flag("survey_consent") == false
        }
    }

    public enum Decision: Equatable, Sendable {
        case send
        /// Inside the person's quiet hours: due again at this moment.
        case later(Date)
        case skip(InvitationSkipReason)
    }

    /// Decides a due invitation. The order is the order a person would ask "why not?": the survey, the person's
    /// wish, the address, then how recently they were asked, then the clock.
    public func decide(survey: Survey, invitee: Invitee, now: Date) -> Decision {
        if survey.status != .active || survey.endsAt.map({ $0 <= now }) == true { return .skip(.surveyClosed) }
        if invitee.optedOut { return .skip(.optedOut) }
        guard let email = invitee.email, !email.isEmpty else { return .skip(.noReachableChannel) }
        if !survey.ignoresCooldown, let last = invitee.lastInvitedAnySurvey, now.timeIntervalSince(last) < Double(cooldownDays) * 86_400 {
            return .skip(.cooldown)
        }
        if let last = invitee.lastInvitedThisSurvey, now.timeIntervalSince(last) < Double(survey.recontactDays) * 86_400 { return .skip(.recontact) }
        if let resume = endOfQuietHours(at: now, timeZone: invitee.timeZone) { return .later(resume) }
        return .send
    }

    /// When the person's quiet hours end, if `now` falls inside them.
    public func endOfQuietHours(at now: Date, timeZone name: String?) -> Date? {
        guard isQuiet(at: now, timeZone: name) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone(named: name)
        let hour = calendar.component(.hour, from: now)
        var day = calendar.startOfDay(for: now)
        if hour >= quietFromHour && quietFromHour > quietUntilHour { day = calendar.date(byAdding: .day, value: 1, to: day)! }
        return calendar.date(bySettingHour: quietUntilHour, minute: 0, second: 0, of: day)
    }

    /// Whether `now` falls in the person's quiet hours. Asked on every decision for a mail, call or push, so the local
    /// hour comes from the zone's offset rather than a calendar.
    public func isQuiet(at now: Date, timeZone name: String?) -> Bool {
        let local = now.timeIntervalSince1970 + Double(zone(named: name).secondsFromGMT(for: now))
        let hour = (Int((local / 3_600).rounded(.down)) % 24 + 24) % 24
        return quietFromHour > quietUntilHour ? (hour >= quietFromHour || hour < quietUntilHour) : (hour >= quietFromHour && hour < quietUntilHour)
    }

    /// The person's zone, else the default one, else UTC.
    func zone(named name: String?) -> TimeZone {
        name.flatMap(KnownTimeZones.named) ?? KnownTimeZones.named(defaultTimeZone) ?? TimeZone(secondsFromGMT: 0)!
    }

    /// Whether a person is in a survey's sampled share: a stable hash of the survey and the person, so asking again
    /// gives the same answer and every survey samples different people.
    public static func sampled(survey: SurveyID, person: ProfileID, percent: Int) -> Bool {
        guard percent < 100 else { return true }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (survey.rawValue + "|" + person.rawValue).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % 100) < percent
    }
}

/// Time zones by IANA name, made once: people name a few dozen zones, and making one reads the zone database.
enum KnownTimeZones {
    private static let made = Mutex<[String: TimeZone?]>([:])

    static func named(_ name: String) -> TimeZone? {
        if let known = made.withLock({ $0[name] }) { return known }
        let zone = TimeZone(identifier: name)
        made.withLock { made in
            // Names come from people's traits: a flood of made-up ones starts the table over rather than growing it.
            if made.count >= 1_024 { made.removeAll(keepingCapacity: true) }
            made[name] = zone
        }
        return zone
    }
}
