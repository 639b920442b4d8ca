import ArgumentParser

/// `touchpoint`: the one binary. Each command is a thin wrapper around functions of the library modules.
@main
struct Touchpoint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "touchpoint",
        abstract: "Touchpoint — omnichannel customer experience platform.",
        subcommands: [ServeCommand.self, MigrateCommand.self, BackupCommand.self, RestoreCommand.self, RetentionCommand.self, ImportCommand.self, KnowledgeCommand.self, DecisionsCommand.self, ValueCommand.self, JourneysCommand.self, LifecycleCommand.self, BenchCommand.self, EvalCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
