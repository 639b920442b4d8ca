import ArgumentParser
import Foundation
import TouchpointApp
import TouchpointDomain
import TouchpointWeb

/// `touchpoint decisions export --segment ID --channel email`: a campaign list (CSV) for a segment and a channel.
struct DecisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions", abstract: "Next best action for campaigns.", subcommands: [DecisionsExportCommand.self])
}

struct DecisionsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a campaign list (CSV) for a segment on a channel: each member's next best action there.",
        discussion: """
            Every member is decided for as if the channel asked now: contact policy, consent, caps, budgets and the control \
            group apply, and each decision is logged on the person's timeline, so send the list (or a part of it) and \
            report back with Offer Viewed / Accepted / Dismissed events carrying decision_id and action_id. \
            Columns: profile_id, email, name, phone, language, decision_id, action_id, action_kind, title, body, call_to_action, score.
            """)

    @Option(help: "The segment's id") var segment: String
    @Option(help: "The channel the campaign goes out on (email, phone, mobile, web…)") var channel: String
    @Option(help: "The placement, e.g. email_weekly (optional)") var placement: String?
    @Option(name: .shortAndLong, help: "The CSV file to write (default: standard output)") var output: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let channel = TouchpointDomain.Channel(rawValue: channel.lowercased()) else {
            throw ValidationError("--channel must be one of \(TouchpointDomain.Channel.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let config = try Runtime.config(database: database.database)
        let app = try await Runtime.makeApplication(config: config, serve: false)
        do {
            let started = Date()
            let list: CampaignList
            do {
                list = try await app.touchpoint.decisions.campaign(segment: SegmentID(rawValue: segment), channel: channel, placement: placement) { done, total in
                    FileHandle.standardError.write(Data(String(format: "\r%5.1f%%  %d of %d members", Double(done) * 100 / Double(max(total, 1)), done, total).utf8))
                }
            } catch DecisionDeskError.unknownSegment {
                let known = try await app.touchpoint.decisions.catalogue.reload().segments.map(\.definition.id.rawValue)
                FileHandle.standardError.write(Data("touchpoint: no segment '\(segment)'; the segments are: \(known.joined(separator: ", "))\n".utf8))
                throw ExitCode(2)
            }
            FileHandle.standardError.write(Data("\n".utf8))
            if let output {
                try Data(list.csv.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(list.csv.utf8))
            }
            FileHandle.standardError.write(Data(("\(list.rows.count) of \(list.members) members get an action on \(channel.rawValue)"
                + " (\(list.withoutAction) none: contact policy, consent or caps) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
                + (output.map { "; written to \($0)" } ?? "") + "\n").utf8))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
