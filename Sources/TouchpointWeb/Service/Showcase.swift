import Synchronization

/// The products the chat demo page (`/chat/demo`) shows around the widget, so that it looks like a shop page.
/// Empty until someone fills it: the `touchpoint` executable puts the demo company's products here.
public final class Showcase: Sendable {
    public struct Item: Sendable, Equatable {
        public let name: String
        public let priceCents: Int
        public let category: String

        public init(name: String, priceCents: Int, category: String) {
            self.name = name
            self.priceCents = priceCents
            self.category = category
        }
    }

    private let stored = Mutex<[Item]>([])

    public var items: [Item] { stored.withLock { $0 } }

    public func use(_ items: [Item]) { stored.withLock { $0 = items } }
}
