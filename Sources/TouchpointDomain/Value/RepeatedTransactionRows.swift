/// What reading a transactions file does with a row identical in every field to an earlier row.
///
/// Keeping is the default because, in an export without an order id, a verbatim repeat is usually a
/// real purchase: two identical items bought the same day. The published CDNOW preparation (Fader,
/// Hardie & Lee 2005) sums such same-day purchases, and so does ``CustomerSummary``: kept, they add to
/// that day's amount. Dropping is for files known to hold rows exported twice over.
public enum RepeatedRowPolicy: String, Sendable, Equatable, Codable, CaseIterable {
    /// Keep the row as one more purchase (and warn).
    case keep
    /// Leave the row out; the first of the identical rows stays.
    case drop

    /// The command-line flag that selects ``drop``, named in warnings so that the reader knows the way out.
    public static let dropFlag = "--drop-repeated-rows"
}

/// A row of a transactions file identical in every field — extra columns included — to an earlier row.
public struct RepeatedTransactionRow: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The line where this row starts (the header is line 1).
    public var line: Int
    /// The line of the first row it repeats (not of the previous repeat, so every repeat of one row names the same line).
    public var firstLine: Int

    public init(line: Int, firstLine: Int) {
        self.line = line
        self.firstLine = firstLine
    }

    public var description: String { "line \(line) = line \(firstLine)" }
}

/// The repeated rows of one file and what was done with them; also the text of the warning and of
/// the fit report's line about them (pure, so the CLI, a console or an API say the same).
public struct RepeatedTransactionRows: Sendable, Equatable {
    /// Every repeated row, in file order.
    public var rows: [RepeatedTransactionRow]
    /// Whether they were kept as purchases or dropped.
    public var policy: RepeatedRowPolicy

    public init(rows: [RepeatedTransactionRow], policy: RepeatedRowPolicy) {
        self.rows = rows
        self.policy = policy
    }

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }
    /// How many left the purchases (0 when they were kept).
    public var dropped: Int { policy == .drop ? rows.count : 0 }

    /// The first `shown` repeats as `line 5 = line 2, line 9 = line 3, … and 7 more`.
    public func lineList(shown: Int = 5) -> String {
        let limit = max(shown, 1)
        var text = rows.prefix(limit).map(\.description).joined(separator: ", ")
        if rows.count > limit { text += ", … and \(rows.count - limit) more" }
        return text
    }

    /// The warning for standard error, or `nil` when no row repeated another.
    ///
    /// It says how many, where, what was done, and how to do the other thing: a repeat kept silently
    /// could double a customer's spend, one dropped silently could halve it.
    public func warning(shown: Int = 5) -> String? {
        guard !rows.isEmpty else { return nil }
        let flag = RepeatedRowPolicy.dropFlag
        let lines = lineList(shown: shown)
        if rows.count == 1 {
            switch policy {
            case .keep:
                return "1 row repeats an earlier row exactly (\(lines)); kept as a separate purchase: " + Self.keepReason
                    + " If it is a row exported twice, drop it with \(flag)."
            case .drop:
                return "1 row repeating an earlier row exactly dropped (\(flag)): \(lines); the first stays."
            }
        }
        switch policy {
        case .keep:
            return "\(rows.count) rows repeat an earlier row exactly (\(lines)); kept as separate purchases: " + Self.keepReason
                + " If the file holds rows exported twice, drop them with \(flag)."
        case .drop:
            return "\(rows.count) rows repeating an earlier row exactly dropped (\(flag)): \(lines); the first of each stays."
        }
    }

    /// One line for a report or an import summary, or `nil` when no row repeated another.
    public func reportLine() -> String? {
        guard let first = rows.first else { return nil }
        let flag = RepeatedRowPolicy.dropFlag
        switch policy {
        case .keep:
            let counted = rows.count == 1 ? "repeats an earlier row exactly and counts as a separate purchase"
                : "repeat an earlier row exactly and count as separate purchases"
            return "Repeated rows: \(rows.count) \(counted) (first: \(first); \(flag) drops them)"
        case .drop:
            return "Repeated rows: \(rows.count) repeating an earlier row exactly dropped (\(flag); first: \(first))"
        }
    }

    /// Why keeping is right for most exports, said once for both the singular and the plural warning.
    private static let keepReason = "without an order id such rows are usually identical items bought the same day, "
        + "and the model adds them to that day's amount."
}
