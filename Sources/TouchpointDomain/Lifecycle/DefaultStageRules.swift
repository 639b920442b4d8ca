import Foundation

extension StageRuleSet {
    /// Signals that mark a bad experience: a regression back to experience, and the negative side of "what a bad experience costs".
    public static let badExperienceSignals = ["complaint", "refund", "lowScore", "escalation"]

    /// The shipped stage model, built on the Segment spec's semantic events (E-commerce v2, e-mail, sign-up)
    /// plus the service events Touchpoint's own channels send (calls, chat, complaints, surveys).
    /// `docs/lifecycle-rules.md` explains every rule; keep the two in step.
    public static let `default` = StageRuleSet(signals: defaultSignals, rules: defaultRules)

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
        StageRule(id: "engagement-repeat-purchase", description: "A second order within 365 days.",
                  stage: .engagement, signals: ["purchase"], fact: DerivedFact(signal: "purchase", atLeast: 2, withinDays: 365)),
        StageRule(id: "engagement-return-after-bad-experience", description: "An order after a complaint, refund, low score or escalation: the customer came back.",
                  stage: .engagement, signals: ["purchase"], fact: DerivedFact(signal: "purchase", since: badExperienceSignals)),
        StageRule(id: "engagement-recommendation", description: "A buyer's positive review (4+), share or referral.",
                  stage: .engagement, signals: ["recommendation"], fromStages: [.experience]),
        StageRule(id: "loyalty-promoter", description: "A buyer answering NPS 9 or 10.",
                  stage: .loyalty, signals: ["promoter"], fromStages: [.experience, .engagement]),
        StageRule(id: "loyalty-advocate", description: "An engaged customer recommending: review 4+, share or referral.",
                  stage: .loyalty, signals: ["recommendation"], fromStages: [.engagement]),
        StageRule(id: "regression-bad-experience", description: "A complaint, refund, low score or escalation sends engaged and loyal customers back to experience.",
                  stage: .experience, signals: badExperienceSignals, fromStages: [.engagement, .loyalty], regression: true),
    ]
}
