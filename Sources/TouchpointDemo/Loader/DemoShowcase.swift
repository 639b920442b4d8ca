import TouchpointWeb

/// A few products of the demo shop, for the page that shows the chat widget in a shop: one of each of the first categories.
public enum DemoShowcase {
    public static func featured(count: Int = 8) -> [Showcase.Item] {
        var seen = Set<String>()
        return DemoCatalog.products.compactMap { product -> Showcase.Item? in
            guard seen.insert(product.category.rawValue).inserted else { return nil }
            return Showcase.Item(name: product.name, priceCents: product.priceCents, category: product.category.rawValue)
        }.prefix(count).map { $0 }
    }
}
