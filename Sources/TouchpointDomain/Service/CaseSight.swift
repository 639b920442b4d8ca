import Foundation
import Tagged

/// Who may see what a case put on a customer's timeline: the same rule as for the case itself, applied to its events
/// (a subject and message previews are the case's content), so an agent of one team reads no other team's cases
/// through a profile.
public enum CaseSight {
    /// The case an event belongs to, if it is one of the service desk's timeline events.
    public static func caseID(ofEventPayload payload: JSONValue) -> CaseID? {
        payload["properties"]?["caseId"]?.stringValue.map(CaseID.init(rawValue:))
    }

    /// The entries `agent` may see: everything for those who see every case (and for credentials of no agent);
    /// otherwise, of the service desk's events, only those of cases the agent can see. An event whose case is gone
    /// (erased) shows nothing to hide and stays.
    public static func visible<Entry>(_ entries: [Entry], payload: (Entry) -> JSONValue, to agent: ServiceAgent?,
                                      cases: [CaseID: ServiceCase]) -> [Entry] {
        guard let agent, !agent.seesEveryCase else { return entries }
        return entries.filter { entry in
            guard let id = caseID(ofEventPayload: payload(entry)), let serviceCase = cases[id] else { return true }
            return agent.canSee(serviceCase)
        }
    }
}
