import Foundation

/// A status move a rule made. Storage keeps it in the case's status history; the timeline shows it.
public struct CaseTransition: Sendable, Equatable {
    /// Nil when the case was just opened.
    public var from: CaseStatus?
    public var to: CaseStatus
    /// Who moved it: an agent's id, `customer`, `system`.
    public var actor: String
    public var at: Date

    public init(from: CaseStatus?, to: CaseStatus, actor: String, at: Date) {
        self.from = from
        self.to = to
        self.actor = actor
        self.at = at
    }
}

/// The service desk's rules for one case, as pure functions: each takes the inputs and the time, changes the case,
/// and returns the status moves it made. Storage loads the case, calls one of these and saves what it returns, so
/// each rule is written once, here, and tested without a database.
extension ServiceCase {
    /// The longest working time one reply may add to a case. A longer measurement is a tab left open, not work.
    public static let longestHandleTimePerReply: Double = 4 * 3600

    /// The handle time a reply adds: the measured seconds when they are plausible, else nothing.
    public static func countableHandleTime(_ seconds: Double?) -> Double? {
        guard let seconds, seconds.isFinite, seconds > 0, seconds <= longestHandleTimePerReply else { return nil }
        return seconds
    }

    /// Tags as cases keep them: trimmed, lower-case, at most 50 characters, each once, in the given order.
    public static func cleanTags(_ tags: [String]) -> [String] {
        var seen = Set<String>()
        return tags.compactMap { tag in
            let cleaned = String(tag.trimmedWhitespace.lowercased().prefix(50))
            guard !cleaned.isEmpty, seen.insert(cleaned).inserted else { return nil }
            return cleaned
        }
    }

    /// When a message counts as sent: the channel's own time (an e-mail's Date), never later than now.
    public static func messageTime(_ message: NewServiceMessage, now: Date) -> Date {
        message.at.map { min($0, now) } ?? now
    }

    /// Opens a case from what the channel brought. Storage gives the id and the next free number.
    /// - Parameter firstMessageAt: when the first message was sent, if the case has one; the case is as old as it.
    public static func open(_ new: NewCase, id: CaseID, number: Int64, firstMessageAt: Date?, now: Date) throws(ServiceRuleError)
        -> (ServiceCase, CaseTransition) {
        let subject = new.subject.trimmedWhitespace
        guard !subject.isEmpty else { throw .invalid("a case needs a subject (or a first message to take it from)") }
        let created = firstMessageAt.map { min($0, now) } ?? now
        let opened = ServiceCase(
            id: id, number: number, profileID: nil, customer: new.customer, threadKey: new.threadKey, channel: new.channel,
            subject: String(subject.prefix(300)), status: .new, priority: new.priority, category: new.category, tags: cleanTags(new.tags),
            language: new.language?.lowercased(), teamID: nil, assigneeID: nil, requiredSkills: new.requiredSkills, queuedAt: nil,
            createdAt: created, updatedAt: now, origin: new.origin)
        return (opened, CaseTransition(from: nil, to: .new, actor: new.origin == .customer ? "customer" : new.origin.rawValue, at: created))
    }

    /// Whether a message may be written to the case: a merged case sends writers to the case it went into.
    public func checkAcceptsMessages() throws(ServiceRuleError) {
        if let mergedInto {
            throw .conflict("case \(number) was merged into another case (\(mergedInto.rawValue)): write there")
        }
    }

    /// The channel id a message is stored with: an agent's reply on an e-mail case goes out with a Message-ID of ours that
    /// names the case, so that the customer's answer (In-Reply-To) threads back into it.
    public func externalID(for message: NewServiceMessage) -> String? {
        guard message.direction == .outbound, message.externalID == nil, channel == .email else { return message.externalID }
        return "<case-\(number)-\(TimeOrderedID.make())@touchpoint>"
    }

    /// Checks a message before anything is stored: it needs text or a file.
    public static func check(_ message: NewServiceMessage) throws(ServiceRuleError) {
        guard !message.body.trimmedWhitespace.isEmpty || !message.attachments.isEmpty else {
            throw .invalid("the message is empty: write some text or attach a file")
        }
    }

    /// What a message means for the case. The customer writing again takes a case off hold or re-opens a solved one;
    /// an agent's reply answers it (first response, reply count), opens a new case and gives an unowned case to its
    /// author; a note changes nothing but the time.
    public mutating func receive(_ direction: ServiceMessageDirection, authorID: String?, at: Date, now: Date) throws(ServiceRuleError)
        -> [CaseTransition] {
        try checkAcceptsMessages()
        var moves = [CaseTransition]()
        switch direction {
        case .inbound:
            lastCustomerMessageAt = at
            if status == .pending || status == .resolved || status == .closed {
                moves.append(applyStatus(.open, actor: "customer", at: at))
            }
        case .outbound:
            agentReplies += 1
            lastAgentReplyAt = at
            if firstResponseAt == nil { firstResponseAt = at }
            if status == .new { moves.append(applyStatus(.open, actor: authorID ?? "agent", at: at)) }
            if assigneeID == nil, let authorID { assign(to: AgentID(rawValue: authorID), at: now) }
        case .note:
            break
        }
        updatedAt = now
        return moves
    }

    /// Moves the case to another status when `CaseStatus.canMove(to:)` allows it; nil when it already has that status.
    public mutating func move(to target: CaseStatus, actor: String, at: Date) throws(ServiceRuleError) -> CaseTransition? {
        guard target != status else { return nil }
        guard mergedInto == nil else { throw .conflict("case \(number) was merged into another case") }
        guard status.canMove(to: target) else {
            let article = status == .open ? "an" : "a"
            throw .invalid("\(article) \(status.rawValue) case cannot become \(target.rawValue)")
        }
        return applyStatus(target, actor: actor, at: at)
    }

    /// The bookkeeping of a status move: reopen count, the first and last resolution, closing, leaving the queue.
    private mutating func applyStatus(_ target: CaseStatus, actor: String, at: Date) -> CaseTransition {
        let from = status
        if from.isReopen(to: target) {
            reopenCount += 1
            closedAt = nil
        }
        switch target {
        case .resolved:
            if resolvedAt == nil { resolvedAt = at }
            lastResolvedAt = at
        case .closed:
            closedAt = at
            if resolvedAt == nil { resolvedAt = at }
            if lastResolvedAt == nil { lastResolvedAt = at }
        case .new, .open, .pending:
            break
        }
        if !target.isActive { queuedAt = nil }
        status = target
        updatedAt = at
        return CaseTransition(from: from, to: target, actor: actor, at: at)
    }

    /// Changes the case's fields. Returns the agent it was given to, if the edit assigned it, so that storage can check
    /// the agent exists and note the assignment for round-robin.
    @discardableResult
    public mutating func edit(_ update: CaseUpdate, now: Date) throws(ServiceRuleError) -> AgentID? {
        if let newSubject = update.subject {
            let trimmed = newSubject.trimmedWhitespace
            guard !trimmed.isEmpty else { throw .invalid("the subject cannot be empty") }
            subject = String(trimmed.prefix(300))
        }
        if let newPriority = update.priority { priority = newPriority }
        if let newCategory = update.category { category = newCategory?.trimmedWhitespace.nilIfEmpty }
        if let newTags = update.tags { tags = Self.cleanTags(newTags) }
        if let newLanguage = update.language { language = newLanguage?.lowercased().nilIfEmpty }
        if let team = update.teamID { teamID = team }
        var assigned: AgentID?
        if let assignee = update.assigneeID {
            if let agent = assignee { assign(to: agent, at: now); assigned = agent } else { assigneeID = nil }
        }
        updatedAt = now
        return assigned
    }

    /// Whether the case still waits for someone to take it (routing on another node may have given it away meanwhile).
    public var isWaitingForAgent: Bool { assigneeID == nil && status.isActive && mergedInto == nil }

    /// Gives the case to an agent: it leaves the queue.
    public mutating func assign(to agent: AgentID, at now: Date) {
        assigneeID = agent
        queuedAt = nil
        updatedAt = now
    }

    /// Applies what routing decided: the team, a priority raised (never lowered) by the rule, the rule's skills, and
    /// the agent — or the queue, keeping the time the case started waiting. Returns the agent it was given to.
    @discardableResult
    public mutating func apply(_ decision: RoutingDecision, at now: Date) -> AgentID? {
        teamID = decision.teamID
        priority = max(priority, decision.priority)
        if let rule = decision.rule { requiredSkills = rule.requiredSkills }
        if let agent = decision.agentID {
            assign(to: agent, at: now)
        } else {
            assigneeID = nil
            if queuedAt == nil { queuedAt = now }
        }
        updatedAt = now
        return decision.agentID
    }

    /// Records a phone call: its handle time counts; an answered call is the agent's response; an unowned case goes
    /// to the agent who took the call.
    public mutating func record(_ call: CallRecord, now: Date) {
        handleSeconds += call.handleSeconds
        if call.talkSeconds > 0 {
            let answeredAt = call.startedAt.addingTimeInterval(call.waitSeconds)
            if firstResponseAt == nil { firstResponseAt = answeredAt }
            lastAgentReplyAt = max(lastAgentReplyAt ?? answeredAt, answeredAt)
            agentReplies += 1
        }
        if assigneeID == nil, let agent = call.agentID { assign(to: agent, at: now) }
        updatedAt = now
    }

    /// The customer's satisfaction answer (1–5), asked after resolution; a later answer replaces an earlier one.
    public mutating func rate(score: Int, comment: String?, at now: Date) throws(ServiceRuleError) {
        guard (1...5).contains(score) else { throw .invalid("CSAT is a score from 1 to 5") }
        guard resolvedAt != nil else { throw .conflict("CSAT is asked after resolution: case \(number) is not resolved yet") }
        csatScore = score
        csatComment = comment?.trimmedWhitespace.nilIfEmpty.map { String($0.prefix(2000)) }
        csatAt = now
        updatedAt = now
    }

    /// Checks that `duplicate` may be merged into this case, before storage moves anything.
    public func checkCanAbsorb(_ duplicate: ServiceCase) throws(ServiceRuleError) {
        guard duplicate.id != id else { throw .invalid("a case cannot be merged into itself") }
        guard duplicate.mergedInto == nil else { throw .conflict("case \(duplicate.number) is already merged") }
        guard mergedInto == nil else { throw .conflict("case \(number) was itself merged: merge into the case it went to") }
    }

    /// Merges a duplicate into this case, the one it repeats: tags, replies, handle time and the customer's and agents'
    /// times carry over; the duplicate closes, pointing here. Returns the duplicate's move to closed, if it was not closed.
    public mutating func absorb(_ duplicate: inout ServiceCase, actor: String, at now: Date) throws(ServiceRuleError) -> CaseTransition? {
        try checkCanAbsorb(duplicate)
        tags = Self.cleanTags(tags + duplicate.tags)
        agentReplies += duplicate.agentReplies
        handleSeconds += duplicate.handleSeconds
        if let other = duplicate.lastCustomerMessageAt, other > (lastCustomerMessageAt ?? .distantPast) { lastCustomerMessageAt = other }
        if let other = duplicate.firstResponseAt, other < (firstResponseAt ?? .distantFuture) { firstResponseAt = other }
        updatedAt = now
        var closing: CaseTransition?
        if duplicate.status != .closed {
            closing = CaseTransition(from: duplicate.status, to: .closed, actor: actor, at: now)
            duplicate.status = .closed
            duplicate.closedAt = now
        }
        duplicate.mergedInto = id
        duplicate.assigneeID = nil
        duplicate.queuedAt = nil
        duplicate.updatedAt = now
        return closing
    }
}
