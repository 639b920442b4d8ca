import Foundation

extension ConsentFlags {
    /// What a person's traits say they agreed to. Marketing consent is given unless withdrawn — `marketing_consent`
    /// or `email_opt_in` false, `marketing_opt_out`, `do_not_contact` or `unsubscribed` true — because the sites that
    /// send profiles collect it at sign-up and send the withdrawal as a trait. `do_not_contact` blocks every outbound
    /// channel (e-mail, phone, mobile); `unsubscribed` or `email_opt_in` false blocks e-mail; `do_not_call` the phone.
    public init(traits: [String: JSONValue]) {
        func flag(_ key: String) -> Bool? { TraitFlag.read(traits[key]) }
        let doNotContact = flag("do_not_contact") == true
        let unsubscribed = flag("unsubscribed") == true || flag("email_opt_in") == false
        let marketing = !(flag("marketing_consent") == false || flag("marketing_opt_out") == true || doNotContact || unsubscribed)
        var blocked = Set<Channel>()
        if doNotContact { blocked.formUnion([.email, .phone, .mobile]) }
        if unsubscribed { blocked.insert(.email) }
        if flag("do_not_call") == true { blocked.insert(.phone) }
        self.init(marketing: marketing, blockedChannels: blocked)
    }
}

/// A yes/no trait as sites send it: `true`/`false`, `"yes"`/`"no"`, `"1"`/`"0"`, or a number; nil when absent or unreadable.
/// Consent for decisions and the surveys' opt-outs read traits the same way.
public enum TraitFlag {
    public static func read(_ value: JSONValue?) -> Bool? {
        switch value {
        case .bool(let flag)?: flag
        case .string(let text)?: ["true", "yes", "1"].contains(text.lowercased()) ? true : ["false", "no", "0"].contains(text.lowercased()) ? false : nil
        case .number(let number)?: number != 0
        default: nil
        }
    }
}
