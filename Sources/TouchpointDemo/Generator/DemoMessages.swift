import Foundation
import TouchpointDomain

private typealias J = DemoJSON

/// One generated message before its timestamp is written: kept as milliseconds so sorting is cheap.
struct DemoMessage: Sendable {
    let ms: Int64
    let customer: Int
    let sequence: Int
    var fields: [String: JSONValue]
}

/// A purchase as it goes to the transactions CSV.
struct DemoPurchase: Sendable {
    let ms: Int64
    let customer: Int
    let userId: String
    let orderId: String
    let totalCents: Int
}

/// Small builders that keep the journey code readable.
enum DemoJSON {
    static func s(_ text: String) -> JSONValue { .string(text) }
    static func n(_ number: Int) -> JSONValue { .number(Double(number)) }
    static func d(_ number: Double) -> JSONValue { .number(number) }
    static func b(_ flag: Bool) -> JSONValue { .bool(flag) }
    static func o(_ fields: [String: JSONValue]) -> JSONValue { .object(fields) }
    static func a(_ items: [JSONValue]) -> JSONValue { .array(items) }
    /// Grosze → PLN as a JSON number (2 decimals).
    static func pln(_ cents: Int) -> JSONValue { .number(Double(cents) / 100) }

    static func plnText(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let absolute = abs(cents)
        return "\(sign)\(absolute / 100).\(DemoTime.twoDigits(absolute % 100))"
    }
}

/// The basket of an order.
struct DemoOrder: Sendable {
    struct Line: Sendable {
        let product: DemoProduct
        let quantity: Int
    }

    let id: String
    let lines: [Line]
    let coupon: String?
    let discountCents: Int
    let shippingCents: Int

    var itemsCents: Int { lines.reduce(0) { $0 + $1.product.priceCents * $1.quantity } }
    var subtotalCents: Int { itemsCents - discountCents }
    var totalCents: Int { subtotalCents + shippingCents }
    /// VAT 23% contained in the gross total.
    var taxCents: Int { (totalCents * 23 + 61) / 123 }
    var main: DemoProduct { lines[0].product }

    func productsJSON() -> JSONValue {
        J.a(lines.enumerated().map { position, line in
            J.o([
                "product_id": J.s(line.product.id), "sku": J.s(line.product.sku), "name": J.s(line.product.name),
                "brand": J.s(line.product.brand), "category": J.s(line.product.category.title),
                "price": J.pln(line.product.priceCents), "quantity": J.n(line.quantity), "position": J.n(position + 1),
            ])
        })
    }

    /// Segment's Order Completed / Checkout Started properties.
    func properties(affiliation: String) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [
            "order_id": J.s(id), "affiliation": J.s(affiliation),
            "total": J.pln(totalCents), "subtotal": J.pln(subtotalCents), "revenue": J.pln(subtotalCents),
            "shipping": J.pln(shippingCents), "tax": J.pln(taxCents), "discount": J.pln(discountCents),
            "currency": J.s("PLN"), "products": productsJSON(),
        ]
        if let coupon { properties["coupon"] = J.s(coupon) }
        return properties
    }
}

extension DemoProduct {
    var url: String { "https://www.elektroswiat.pl/p/\(slug)-\(id.lowercased())" }
    var path: String { "/p/\(slug)-\(id.lowercased())" }

    /// Segment's product properties (Product Viewed, Product Added …).
    func properties() -> [String: JSONValue] {
        [
            "product_id": J.s(id), "sku": J.s(sku), "name": J.s(name), "brand": J.s(brand),
            "category": J.s(category.title), "price": J.pln(priceCents), "currency": J.s("PLN"), "url": J.s(url),
        ]
    }

    func listItem(position: Int) -> JSONValue {
        J.o(["product_id": J.s(id), "name": J.s(name), "price": J.pln(priceCents), "position": J.n(position)])
    }
}
