import Foundation

/// The profile directory's refusals, in the product's words; the web layer gives each its HTTP answer.
public enum ProfileDirectoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A reference that cannot name a profile (`ann@example.com` without its `email:`).
    case invalidReference(String)
    /// Nothing answers to the reference, merge or pair.
    case notFound(String)

    public var description: String {
        switch self {
        case .invalidReference(let message), .notFound(let message): message
        }
    }
}
