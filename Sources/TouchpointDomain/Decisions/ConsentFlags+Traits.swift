import Foundation

extension ConsentFlags {
    /// What a person's traits say they agreed to. Marketing consent is given unless withdrawn — `marketing_consent`
    /// or `email_opt_in` false, `marketing_opt_out`, `do_not_contact` or `unsubscribed` true — because the sites that
    /// send profiles collect it at sign-up and send the withdrawal as a trait. `do_not_contact` blocks every outbound
    /// channel (e-mail, phone, mobile); `unsubscribed` or `email_opt_in` false blocks e-mail; `do_not_call` the phone.
    public init(traits: [String: JSONValue]) {
        func flag(_ key: String) -> Bool? {
            switch traits[key] {
            case .bool(let value)?: value
            case .string(let text)?: ["true", "yes", "1"].contains(text.lowercased()) ? true : ["false", "no", "0"].contains(text.lowercased()) ? false : nil
            case .number(let number)?: number != 0
            default: nil
            }
        }
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
