import FluentKit
import SQLKit

/// A migration written as SQL for both dialects. Each numbered migration lives in its own file and is
/// never edited once it has landed: a schema change is a new migration.
protocol SchemaMigration: AsyncMigration {
    /// Stable name recorded in the `_fluent_migrations` table.
    static var migrationName: String { get }
    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws
    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws
}

extension SchemaMigration {
    var name: String { Self.migrationName }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
        try await prepare(on: sql, dialect: SQLDialectKind(sql))
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw StorageError.unsupportedDatabase }
        try await revert(on: sql, dialect: SQLDialectKind(sql))
    }
}

extension SQLDialectKind {
    /// Table options after the closing parenthesis. SQLite tables keyed by text are stored by that key
    /// (`WITHOUT ROWID`), so a look-up or insert touches one B-tree instead of two.
    var keyedByText: String {
        switch self {
        case .sqlite: return " WITHOUT ROWID"
        case .postgres: return ""
        }
    }

    /// An auto-incrementing 64-bit primary key: the order in which rows were committed.
    var sequencePrimaryKey: String {
        switch self {
        case .sqlite: return "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: return "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
        }
    }
}

/// The migrations in the order they apply.
public enum TouchpointMigrations {
    public static var all: [any AsyncMigration] {
        [
            M001CreateSources(),
            M002CreateAPITokens(),
            M003CreateProfiles(),
            M004CreateIdentities(),
            M005CreateEvents(),
            M006CreateMerges(),
            M007CreateIdentityConflicts(),
            M008CreateSuppressions(),
            M009CreateUsers(),
            M010CreateConsoleSessions(),
            M011CreateDailyChannelCounts(),
            M012CreateValueScores(),
            M013CreateLifecycleProjection(),
            M014IndexIdentitiesByKind(),
            M015CreateServiceDesk(),
            M016PartialIdentityAndMergeIndexes(),
            M017CreateServerSecrets(),
            M018CreateSignInAttempts(),
            M019CreateAuditLog(),
            M020AddSourceIdentitySecret(),
            M021CreateProfileSeparations(),
            M022CreateInstallationState(),
            M023DropChatVisitors(),
            M024AddCaseOrigin(),
            M025CreateSurveyAnswers(),
            M026CreateSurveys(),
            M027CreateMailOutbox(),
            M028AddCaseFollowUpFacts(),
            M029CreateFeedbackDays(),
            M030CreateKnowledgeBase(),
            M031CreateSelfServiceFacts(),
            M032CreateSegments(),
            M033CreateActionCatalogue(),
            M034CreateDecisionLog(),
            M035CreateMeasureAggregates(),
            M036AddLifecycleLapseClock(),
            M037CreateCXAlerts(),
            M038CreateWorkLeases(),
            M039CreateLifecycleStageCounts(),
            M040CreateValueTotals(),
            M041PartitionEventsByMonth(),
            M042AddSourceRetention(),
            M043AddCaseVersion(),
            M044AddProfileSeenHour(),
            M045AddIdentityGraphVersion(),
            M046CompareMessageIdsAsBytes(),
            M047IndexOfferOutcomes(),
            M048KeepOnlySegmentMembers(),
            M049FindShowsThroughDecisions(),
            M050ReadDecisionsOnTheTimelineFromTheirLog(),
            M051KeepSegmentTransitionsApart(),
        ]
    }
}
