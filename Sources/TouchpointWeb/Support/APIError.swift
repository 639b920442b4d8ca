import Vapor
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// An error with the contract's JSON body: `{"error":{"code":"...","message":"..."}}`.
struct APIError: AbortError, Sendable {
    var status: HTTPResponseStatus
    var code: String
    var message: String
    /// Extra top-level fields (e.g. the rejected messages of a batch).
    var details: [String: JSONBody]?
    /// Extra response headers (e.g. Retry-After).
    var headers: [String: String] = [:]

    var reason: String { message }

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(status: .badRequest, code: code, message: message) }
    static func unauthorized(_ message: String) -> APIError { APIError(status: .unauthorized, code: "unauthorized", message: message) }
    static func forbidden(_ message: String) -> APIError { APIError(status: .forbidden, code: "forbidden", message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, code: "not_found", message: message) }
    static func conflict(_ message: String) -> APIError { APIError(status: .conflict, code: "conflict", message: message) }
    static func tooLarge(_ code: String, _ message: String) -> APIError { APIError(status: .payloadTooLarge, code: code, message: message) }
}

extension APIError {
    /// A storage error in HTTP terms: the one place where each kind gets its status.
    init(storage error: StorageError) {
        switch error {
        case .notFound(let message): self = .notFound(message)
        case .conflict(let message): self = .conflict(message)
        case .invalid(let message): self = APIError(status: .unprocessableEntity, code: "invalid", message: message)
        case .erased(let message): self = APIError(status: .conflict, code: "erased_customer", message: message)
        case .unsupportedDatabase, .invalidDatabaseURL: self = APIError(status: .internalServerError, code: "server_error", message: error.description)
        case .commitTimedOut: self = APIError(status: .serviceUnavailable, code: "commit_timed_out", message: error.description)
        case .logNotSynced: self = APIError(status: .serviceUnavailable, code: "log_not_synced", message: error.description)
        }
    }
}

extension APIError {
    /// A service rule's refusal in HTTP terms: nonsense is 422, a clash with the case as it is now is 409.
    init(rule error: ServiceRuleError) {
        switch error {
        case .invalid(let message): self = APIError(status: .unprocessableEntity, code: "invalid", message: message)
        case .conflict(let message): self = .conflict(message)
        }
    }
}

extension APIError {
    /// The service desk's own refusals: still starting is 503, a refused document 422 with the desk's code.
    init(desk error: ServiceDeskError) {
        switch error {
        case .notReady: self = APIError(status: .serviceUnavailable, code: "not_ready", message: error.description)
        case .refused(let code, let message): self = APIError(status: .unprocessableEntity, code: code, message: message)
        }
    }
}

extension APIError {
    /// The profile directory's refusals: a reference that cannot name a profile is 400, one that names none 404.
    init(profiles error: ProfileDirectoryError) {
        switch error {
        case .invalidReference(let message): self = .badRequest("invalid_reference", message)
        case .notFound(let message): self = .notFound(message)
        }
    }
}

extension APIError {
    /// The survey desk's refusals: an unknown survey or link is 404, a second answer 409, a value the survey does not allow 422.
    init(surveys error: SurveyDeskError) {
        switch error {
        case .notFound(let message): self = .notFound(message)
        case .alreadyAnswered(let message): self = APIError(status: .conflict, code: "already_answered", message: message)
        case .invalid(let message): self = APIError(status: .unprocessableEntity, code: "invalid", message: message)
        }
    }
}

extension APIError {
    /// The knowledge base's refusals: every problem of an article listed (422), roles (403), unknown (404), taken (409).
    init(knowledge error: KnowledgeError) {
        switch error {
        case .invalid(let problems):
            self = APIError(status: .unprocessableEntity, code: "invalid_article", message: problems.joined(separator: "; "),
                            details: ["problems": .array(problems.map { .string($0) })])
        case .notFound(let message): self = .notFound(message)
        case .forbidden(let message): self = .forbidden(message)
        case .conflict(let message): self = .conflict(message)
        }
    }
}

extension APIError {
    /// The decisions area's refusals: every problem of a segment or action listed (422), an unknown person or entry 404.
    init(decisions error: DecisionDeskError) {
        switch error {
        case .invalid(let problems):
            self = APIError(status: .unprocessableEntity, code: "invalid_definition", message: problems.joined(separator: "; "),
                            details: ["problems": .array(problems.map { .string($0) })])
        case .unknownProfile: self = .notFound("no such person (unknown or erased); nothing was stored")
        case .unknownSegment: self = .notFound("no such segment")
        case .unknownAction: self = .notFound("no such action")
        }
    }
}

extension APIError {
    /// The measurement area's refusals: settings with every problem listed (422), an unknown segment 404.
    init(measure error: MeasureDeskError) {
        switch error {
        case .invalid(let problems):
            self = APIError(status: .unprocessableEntity, code: "invalid_settings", message: problems.joined(separator: "; "),
                            details: ["problems": .array(problems.map { .string($0) })])
        case .unknownSegment: self = .notFound("no such segment")
        }
    }
}

/// Turns every error into the contract's JSON form. Clients never see a stack trace; a fault of ours
/// is a 500 that says so, logged with the request id.
struct APIErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as APIError {
            let response = Self.response(status: error.status, code: error.code, message: error.message, details: error.details)
            for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        } catch let error as AbortError {
            let code: String
            switch error.status {
            case .payloadTooLarge: code = "payload_too_large"
            case .notFound: code = "not_found"
            case .unauthorized: code = "unauthorized"
            case .methodNotAllowed: code = "method_not_allowed"
            case .unsupportedMediaType: code = "unsupported_media_type"
            default: code = error.status.code < 500 ? "bad_request" : "server_error"
            }
            var message = error.reason
            if error.status == .payloadTooLarge { message = "the request body is larger than this endpoint accepts (500 KB for collection)" }
            if error.status == .notFound { message = "no such endpoint: \(request.method) \(request.url.path)" }
            return Self.response(status: error.status, code: code, message: message, details: nil)
        } catch let error as StorageError {
            let answer = APIError(storage: error)
            return Self.response(status: answer.status, code: answer.code, message: answer.message, details: nil)
        } catch let error as ServiceDeskError {
            let answer = APIError(desk: error)
            return Self.response(status: answer.status, code: answer.code, message: answer.message, details: nil)
        } catch let error as ServiceRuleError {
            let answer = APIError(rule: error)
            return Self.response(status: answer.status, code: answer.code, message: answer.message, details: nil)
        } catch let error as ProfileDirectoryError {
            let answer = APIError(profiles: error)
            return Self.response(status: answer.status, code: answer.code, message: answer.message, details: nil)
        } catch let error as SurveyDeskError {
            let answer = APIError(surveys: error)
            return Self.response(status: answer.status, code: answer.code, message: answer.message, details: nil)
        } catch let error as KnowledgeError {
            let answer = APIError(knowledge: error)
            return Self.response(status: answer.status, code: answer.code, message: answer.message, details: answer.details)
        } catch let error as DecisionDeskError {
            let answer = APIError(decisions: error)
            return Self.response(status: answer.status, code: answer.code, message: answer.message, details: answer.details)
        } catch let error as MeasureDeskError {
            let answer = APIError(measure: error)
            return Self.response(status: answer.status, code: answer.code, message: answer.message, details: answer.details)
        } catch let error as DecodingError {
            return Self.response(status: .badRequest, code: "invalid_body", message: "the request body does not match the expected form: \(error.localizedDescription)", details: nil)
        } catch {
            request.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Self.response(status: .internalServerError, code: "server_error", message: "something failed on the server; the request was not applied. Try again, and report it if it persists.", details: nil)
        }
    }

    static func response(status: HTTPResponseStatus, code: String, message: String, details: [String: JSONBody]?) -> Response {
        var body: [String: JSONBody] = ["error": .object(["code": .string(code), "message": .string(message)])]
        for (key, value) in details ?? [:] { body[key] = value }
        return Response.json(.object(body), status: status)
    }
}
