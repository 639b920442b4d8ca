import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The decisions area in the console: segments with a builder whose member count follows the typing, the action
/// catalogue, and the report of decisions, acceptance, uplift and suppressed offers. Everyone signed in reads them;
/// managers and admins change segments and actions (the API's roles). The profile page shows a person's segments and
/// decisions, and the case page next best actions for the case's customer (their own files).
extension ConsoleController {
    /// Called from `register(on:)` with the signed-in group.
    func registerDecisions(on signedIn: any RoutesBuilder, app: Application) {
        signedIn.get("decisions", "segments", use: segmentsPage)
        signedIn.post("decisions", "segments", use: saveSegmentForm)
        signedIn.post("decisions", "segments", "preview", use: previewSegment)
        signedIn.get("decisions", "actions", use: actionsPage)
        signedIn.get("decisions", "actions", ":id", use: actionPage)
        signedIn.post("decisions", "actions", ":id", "state", use: changeActionState)
        signedIn.get("decisions", "report", use: decisionReportPage)
        app.get("segment-builder.js", use: segmentBuilderScript)
    }

    /// Whether the signed-in user changes segments and actions: managers and admins, as over the API.
    static func mayManageDecisions(_ request: Request) -> Bool {
        request.consoleUser?.role.allows(.manager) == true
    }

    /// A path parameter as it was meant: `ConsoleLink` percent-encodes ids in paths and RoutingKit decodes parameters
    /// (once: decoding again would turn an id's own `%41` into `A`).
    static func pathParameter(_ request: Request, _ name: String) -> String {
        request.parameters.get(name) ?? ""
    }

    /// Segment names by id, for eligibility in words and for the report.
    static func segmentNames(_ snapshot: DecisionCatalogue.Snapshot) -> [SegmentID: String] {
        Dictionary(snapshot.segments.map { ($0.definition.id, $0.definition.name) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Script

    /// The segment builder's live count (`Resources/Public/segment-builder.js`; `decisions.js` is the snippet web
    /// pages embed for their offers).
    static let segmentBuilderScriptFile = ConsoleAssets.publicFile("segment-builder", "js")

    func segmentBuilderScript(_ request: Request) async throws -> Response {
        Response.asset(Self.segmentBuilderScriptFile, contentType: "application/javascript; charset=utf-8")
    }
}

extension ConsoleLink {
    /// The element id of a segment's row on the segments page (and the fragment that links to it): the id with every
    /// character but ASCII letters, digits, `-` and `_` percent-encoded, so it is a valid id and reads back the same.
    static func segmentAnchor(_ id: String) -> String {
        "seg-" + (id.addingPercentEncoding(withAllowedCharacters: anchorCharacters) ?? id)
    }

    /// An id as one path segment: unreserved ASCII only (`/`, `?`, `#` and `%` are encoded); RoutingKit decodes it
    /// (`ConsoleController.pathParameter`).
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: pathCharacters) ?? id
    }

    private static var anchorCharacters: CharacterSet { CharacterSet(charactersIn: asciiAlphanumerics + "-_") }
    private static var pathCharacters: CharacterSet { CharacterSet(charactersIn: asciiAlphanumerics + "-_.~") }
    private static let asciiAlphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
}
