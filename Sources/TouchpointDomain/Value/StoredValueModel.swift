import Foundation

/// A stored fit of the value models, as the API shows it.
public struct StoredValueModel: Sendable, Equatable {
    public var id: String
    public var fittedAt: Date
    public var fittedUntil: String
    public var lastOrderSequence: Int64
    public var customers: Int
    /// `{"bgnbd":{…},"gammaGamma":{…},"unit":…,"policy":{…}}`
    public var parameters: JSONValue

    public init(id: String, fittedAt: Date, fittedUntil: String, lastOrderSequence: Int64, customers: Int, parameters: JSONValue) {
        self.id = id
        self.fittedAt = fittedAt
        self.fittedUntil = fittedUntil
        self.lastOrderSequence = lastOrderSequence
        self.customers = customers
        self.parameters = parameters
    }
}
