import Vapor

/// Headers every answer carries: no referrer leaves the site with a URL that may hold a case or profile id,
/// and no page is framed by another site.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if !response.headers.contains(name: "X-Content-Type-Options") { response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff") }
        return response
    }
}

extension Request {
    /// Whether the browser reached us over TLS: directly, or through a proxy that terminated it and says so.
    /// Cookies set on such a request are marked `Secure`.
    var arrivedOverTLS: Bool {
        if url.scheme == "https" { return true }
        return headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
            || headers.first(name: "Forwarded")?.lowercased().contains("proto=https") == true
    }
}

extension Request {
    /// The address the request came from, as the socket sees it. (Behind a load balancer that is the balancer;
    /// `X-Forwarded-For` is not trusted, since any client can send it.)
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
