import SQLKit

/// PostgreSQL: a number raised by every transaction that changes identifiers or profiles, so that a node's collection
/// path can keep what it read of them from one group to the next (`IngestCache`) and know when another node, or any
/// other write, has changed them since.
///
/// A trigger raises it once per statement on `identities` and `profiles`, except in the collection path's own
/// transactions (`touchpoint.collecting` set), which raise it once themselves at their end and read the result. The
/// raise locks the row until the transaction ends, so the raises of concurrent transactions follow their commits.
/// SQLite needs none: one connection makes every write (`SQLiteWriter`).
struct M045AddIdentityGraphVersion: SchemaMigration {
    static let migrationName = "045_add_identity_graph_version"

    func prepare(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        guard dialect == .postgres else { return }
        try await sql.run("CREATE TABLE identity_graph_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)")
        try await sql.run("INSERT INTO identity_graph_version (id, version) VALUES (1, 0)")
        try await sql.run("""
            CREATE FUNCTION touchpoint_identity_graph_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF current_setting('touchpoint.collecting', true) = 'on' THEN
                    RETURN NULL;
                END IF;
                UPDATE identity_graph_version SET version = version + 1 WHERE id = 1;
                RETURN NULL;
            END
            $$
            """)
        for table in ["identities", "profiles"] {
            try await sql.run("""
                CREATE TRIGGER \(sql: table)_change_graph_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(sql: table)
                FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_identity_graph_changed()
                """)
        }
    }

    func revert(on sql: any SQLDatabase, dialect: SQLDialectKind) async throws {
        guard dialect == .postgres else { return }
        for table in ["identities", "profiles"] {
            try await sql.run("DROP TRIGGER \(sql: table)_change_graph_version ON \(sql: table)")
        }
        try await sql.run("DROP FUNCTION touchpoint_identity_graph_changed()")
        try await sql.run("DROP TABLE identity_graph_version")
    }
}
