import Foundation

extension StageRuleSet {
    /// Signals that mark a bad experience: a regression back to experience, and the negative side of "what a bad experience costs".
    public static let badExperienceSignals = ["complaint", "refund", "lowScore", "escalation"]

    /// Signals that speak well of the company: the goodwill loyalty needs besides returns.
    public static let goodwillSignals = ["promoter", "recommendation"]

    /// The shipped stage model, built on the Segment spec's semantic events (E-commerce v2, e-mail, sign-up)
    /// plus the service events Touchpoint's own channels send (calls, chat, complaints, surveys).
    /// `docs/lifecycle-rules.md` explains every rule with the reason the CX cycle gives for it; keep the two in step.
    public static let `default` = StageRuleSet(signals: defaultSignals, rules: defaultRules, lapse: LapseRule())

    /// "Keeps coming back": a second order within a year. The same fact makes a customer engaged on its own and is
    /// half of loyalty.
    private static let returns = DerivedFact(signal: "purchase", atLeast: 2, withinDays: 365)
    /// "Speaks well of the company", lately: a promoter answer or a recommendation within a year.
    private static let recentGoodwill = DerivedFact(signals: goodwillSignals, withinDays: 365)

    // NPS answers are 0–10 and CSAT 1–5; a survey without `survey_type` is read as NPS, the most common kind.
    private static let npsSurvey = PropertyCondition("survey_type", .noneOf, .array([.string("csat"), .string("ces")]))
    private static let csatSurvey = PropertyCondition("survey_type", .equals, .string("csat"))

    private static let defaultSignals: [String: [EventPattern]] = [
        "purchase": [.event("Order Completed")],
        "checkout": [.event("Checkout Started")],
        "complaint": [.event("Complaint Filed")],
        "refund": [.event("Order Refunded")],
        "lowScore": [
            .event("Survey Answered", where: [npsSurvey, PropertyCondition("score", .lessThanOrEqual, .number(6))]),
            .event("Survey Answered", where: [csatSurvey, PropertyCondition("score", .lessThanOrEqual, .number(2))]),
        ],
        "escalation": [
            .event("Call Completed", "Live Chat Conversation Ended", where: [PropertyCondition("outcome", .equals, .string("escalated"))]),
            .event("Case Escalated"),
        ],
        // A contact that left the customer worse off: not resolved, escalated, a long wait, or rated badly.
        "poorServiceContact": [
            .event("Call Completed", "Live Chat Conversation Ended",
                   where: [PropertyCondition("outcome", .oneOf, .array([.string("unresolved"), .string("escalated")]))]),
            .event("Call Completed", where: [PropertyCondition("waitSeconds", .greaterThanOrEqual, .number(600))]),
            .event("Survey Answered", where: [csatSurvey, PropertyCondition("score", .lessThanOrEqual, .number(2))]),
        ],
        "promoter": [.event("Survey Answered", where: [npsSurvey, PropertyCondition("score", .greaterThanOrEqual, .number(9))])],
        "recommendation": [
            .event("Product Reviewed", where: [PropertyCondition("rating", .greaterThanOrEqual, .number(4))]),
            .event("Product Shared", "Cart Shared", "Referral Sent"),
        ],
    ]

    private static let defaultRules: [StageRule] = [
        StageRule(id: "need-search", description: "Searching the catalogue expresses a need.",
                  stage: .need, pattern: .event("Products Searched")),
        StageRule(id: "first-contact", description: "Any first event brings a profile into the cycle: someone with a need turned up.",
                  stage: .need),
        StageRule(id: "awareness-campaign", description: "Arriving from a campaign (context.campaign, the UTM parameters) means the offer reached them.",
                  stage: .awareness, pattern: EventPattern(conditions: [PropertyCondition("context.campaign", .exists)])),
        StageRule(id: "awareness-promotion", description: "Seeing promotions, product lists or a marketing e-mail: becoming aware of the offer.",
                  stage: .awareness,
                  pattern: .event("Promotion Viewed", "Promotion Clicked", "Product List Viewed", "Product List Filtered", "Email Opened")),
        StageRule(id: "interaction-product", description: "Looking at a product, the cart or the checkout: interacting with the offer.",
                  stage: .interaction,
                  pattern: .event("Product Viewed", "Product Clicked", "Product Added", "Product Added to Wishlist", "Cart Viewed",
                                  "Checkout Started", "Checkout Step Viewed", "Checkout Step Completed", "Payment Info Entered", "Coupon Applied")),
        StageRule(id: "interaction-signup", description: "Signing up or following an e-mail link: a two-way relationship starts.",
                  stage: .interaction, pattern: .event("Signed Up", "Email Link Clicked")),
        StageRule(id: "interaction-contact", description: "Any tracked contact by phone, chat or in a store (a question before buying).",
                  stage: .interaction, pattern: EventPattern(types: [.track], channels: [.phone, .chat, .store])),
        StageRule(id: "experience-purchase", description: "A completed order: the actual experience of the product and service begins.",
                  stage: .experience, signals: ["purchase"]),
        // Engagement is positive contact after the purchase: praise, recommendations, repeated interaction.
        StageRule(id: "engagement-repeat-purchase", description: "A second order within 365 days: repeated interaction after the purchase.",
                  stage: .engagement, signals: ["purchase"], fact: returns),
        StageRule(id: "engagement-return-after-bad-experience", description: "An order after a complaint, refund, low score or escalation: the customer came back.",
                  stage: .engagement, signals: ["purchase"], fact: DerivedFact(signal: "purchase", since: badExperienceSignals)),
        StageRule(id: "engagement-recommendation", description: "A buyer's positive review (4+), share or referral: a recommendation after the purchase.",
                  stage: .engagement, signals: ["recommendation"], fromStages: [.experience]),
        StageRule(id: "engagement-promoter", description: "A buyer answering NPS 9 or 10: praise after the purchase.",
                  stage: .engagement, signals: ["promoter"], fromStages: [.experience]),
        // Loyalty is more than that: the customer keeps coming back and speaks well of the company. Both are needed,
        // so each rule asks for the one its event does not show; whichever comes last makes the customer loyal.
        StageRule(id: "loyalty-promoter", description: "NPS 9 or 10 from a customer with two orders within 365 days: comes back and speaks well of us.",
                  stage: .loyalty, signals: ["promoter"], fact: returns, fromStages: [.experience, .engagement]),
        StageRule(id: "loyalty-advocate", description: "A review (4+), share or referral from a customer with two orders within 365 days: comes back and recommends us.",
                  stage: .loyalty, signals: ["recommendation"], fact: returns, fromStages: [.experience, .engagement]),
        StageRule(id: "loyalty-return-after-goodwill", description: "An engaged customer's order that makes two within 365 days, with a promoter answer or recommendation within 365 days: speaks well of us and comes back.",
                  stage: .loyalty, signals: ["purchase"], facts: [returns, recentGoodwill], fromStages: [.engagement]),
        StageRule(id: "regression-bad-experience", description: "A complaint, refund, low score or escalation sends engaged and loyal customers back to experience.",
                  stage: .experience, signals: badExperienceSignals, fromStages: [.engagement, .loyalty], regression: true),
    ]
}
