import Foundation

/// What identifies one purchase of a transactions file across imports, so that importing the same
/// file again stores nothing new while two identical rows still store two purchases.
///
/// The content is what the stored purchase carries — customer, day and amount, as read (spaces
/// trimmed, `10.50` and `10.5` alike) — not the raw row: extra columns never reach the event, so two
/// rows that differ only there are two purchases that look the same and must be told apart the
/// same way. The repeat index does that: the first row with a given content is 0, the next 1, and so
/// on in file order. Counting within a content rather than by line keeps every key when rows with
/// other contents are added, removed or moved, and importing a file that has gained a repeat adds
/// just that repeat.
public struct TransactionImportKey: Sendable, Hashable, CustomStringConvertible {
    /// `customer_id|date|amount`.
    public var content: String
    /// How many earlier rows of the file have the same content (0 for the first).
    public var repeatIndex: Int

    public init(content: String, repeatIndex: Int) {
        self.content = content
        self.repeatIndex = repeatIndex
    }

    /// `customer_id|date|amount|repeatIndex`: the text `import transactions` hashes into the event's
    /// messageId. The form is the one it has hashed since it first numbered same-content rows, so
    /// purchases imported by earlier versions are recognised and not stored twice.
    public var description: String { "\(content)|\(repeatIndex)" }

    /// The content of one purchase. The amount is written by `Decimal`'s description, which
    /// depends only on the value read, so the same row gives the same text on every run.
    public static func content(of transaction: Transaction) -> String {
        "\(transaction.customerID)|\(transaction.date)|\(transaction.amount)"
    }

    /// One key per transaction, in order, repeats numbered in the order they come.
    public static func keys(for transactions: [Transaction]) -> [TransactionImportKey] {
        var seen = [String: Int]()
        seen.reserveCapacity(transactions.count)
        return transactions.map { transaction in
            let text = Self.content(of: transaction)
            let repeatIndex = seen[text, default: 0]
            seen[text] = repeatIndex + 1
            return TransactionImportKey(content: text, repeatIndex: repeatIndex)
        }
    }
}
