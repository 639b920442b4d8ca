import SQLKit

/// The service desk: teams and agents, cases with their conversation (messages, attachments, calls),
/// every status change (the SLA clocks are computed from them), SLA alerts, routing rules and settings,
/// and chat visitors. API tokens may now belong to a person, so an agent's token sees what the agent sees.
struct M015CreateServiceDesk: SchemaMigration {
    static let migrationName = "015_create_service_desk"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        try await sql.run("ALTER TABLE api_tokens ADD COLUMN user_id TEXT")
        try await sql.run("CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL)")
        try await sql.run("CREATE TABLE team_members (team_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (team_id, user_id))")
        try await sql.run("CREATE INDEX team_members_user ON team_members (user_id)")
        try await sql.run("""
            CREATE TABLE agents (
                user_id TEXT PRIMARY KEY,
                presence TEXT NOT NULL,
                capacity BIGINT NOT NULL,
                skills TEXT NOT NULL,
                languages TEXT NOT NULL,
                sees_all_teams BIGINT NOT NULL,
                last_assigned_at BIGINT,
                updated_at BIGINT NOT NULL
            )
            """)
        try await sql.run("""
            CREATE TABLE cases (
                id TEXT PRIMARY KEY,
                number BIGINT NOT NULL UNIQUE,
                profile_id TEXT,
                customer TEXT NOT NULL,
                thread_key TEXT,
                channel TEXT NOT NULL,
                subject TEXT NOT NULL,
                status TEXT NOT NULL,
                priority TEXT NOT NULL,
                category TEXT,
                tags TEXT NOT NULL,
                language TEXT,
                team_id TEXT,
                assignee_id TEXT,
                required_skills TEXT NOT NULL,
                queued_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                first_response_at BIGINT,
                last_customer_message_at BIGINT,
                last_agent_reply_at BIGINT,
                resolved_at BIGINT,
                last_resolved_at BIGINT,
                closed_at BIGINT,
                reopen_count BIGINT NOT NULL,
                agent_replies BIGINT NOT NULL,
                handle_seconds DOUBLE PRECISION NOT NULL,
                csat_score BIGINT,
                csat_comment TEXT,
                csat_at BIGINT,
                merged_into TEXT,
                sla_state TEXT,
                sla_due_at BIGINT
            )
            """)
        try await sql.run("CREATE INDEX cases_status ON cases (status, priority, created_at)")
        try await sql.run("CREATE INDEX cases_assignee ON cases (assignee_id, status)")
        try await sql.run("CREATE INDEX cases_team ON cases (team_id, status)")
        try await sql.run("CREATE INDEX cases_profile ON cases (profile_id, created_at)")
        try await sql.run("CREATE INDEX cases_thread ON cases (thread_key)")
        try await sql.run("""
            CREATE TABLE case_messages (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL,
                seq BIGINT NOT NULL,
                direction TEXT NOT NULL,
                author_id TEXT,
                author_name TEXT NOT NULL,
                body TEXT NOT NULL,
                channel TEXT NOT NULL,
                client_id TEXT,
                external_id TEXT,
                created_at BIGINT NOT NULL,
                UNIQUE (case_id, seq)
            )
            """)
        try await sql.run("CREATE UNIQUE INDEX case_messages_client ON case_messages (case_id, client_id)")
        try await sql.run("CREATE INDEX case_messages_external ON case_messages (external_id)")
        try await sql.run("""
            CREATE TABLE case_attachments (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL,
                message_id TEXT NOT NULL,
                file_name TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size_bytes BIGINT NOT NULL,
                content TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """)
        try await sql.run("CREATE INDEX case_attachments_message ON case_attachments (message_id)")
        try await sql.run("""
            CREATE TABLE case_status_changes (
                seq \(dialect.sequencePrimaryKey),
                case_id TEXT NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                actor TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """)
        try await sql.run("CREATE INDEX case_status_changes_case ON case_status_changes (case_id, seq)")
        try await sql.run("""
            CREATE TABLE case_calls (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL,
                direction TEXT NOT NULL,
                phone TEXT,
                agent_id TEXT,
                started_at BIGINT NOT NULL,
                wait_seconds DOUBLE PRECISION NOT NULL,
                talk_seconds DOUBLE PRECISION NOT NULL,
                wrap_seconds DOUBLE PRECISION NOT NULL,
                outcome TEXT NOT NULL
            )
            """)
        try await sql.run("CREATE INDEX case_calls_case ON case_calls (case_id)")
        try await sql.run("""
            CREATE TABLE sla_alerts (
                id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL,
                metric TEXT NOT NULL,
                state TEXT NOT NULL,
                due_at BIGINT,
                at BIGINT NOT NULL,
                UNIQUE (case_id, metric, state)
            )
            """)
        try await sql.run("CREATE INDEX sla_alerts_at ON sla_alerts (at)")
        try await sql.run("CREATE TABLE service_settings (name TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at BIGINT NOT NULL)")
        try await sql.run("""
            CREATE TABLE chat_visitors (
                visitor_id TEXT PRIMARY KEY,
                source_id TEXT NOT NULL,
                case_id TEXT,
                created_at BIGINT NOT NULL,
                last_seen_at BIGINT NOT NULL
            )
            """)
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        for table in ["chat_visitors", "service_settings", "sla_alerts", "case_calls", "case_status_changes", "case_attachments",
                      "case_messages", "cases", "agents", "team_members", "teams"] {
            try await sql.run("DROP TABLE \(table)")
        }
        try await sql.run("ALTER TABLE api_tokens DROP COLUMN user_id")
    }
}
