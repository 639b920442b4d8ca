/// A person who signs in to the console.
public struct ConsoleUser: Sendable, Equatable {
    public var id: String
    public var email: String
    public var name: String
    public var role: Role
    /// `pl`, `en` or `ru`; nil follows the browser.
    public var language: String?
    public var createdAt: Int64

    public init(id: String, email: String, name: String, role: Role, language: String?, createdAt: Int64) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.language = language
        self.createdAt = createdAt
    }
}
