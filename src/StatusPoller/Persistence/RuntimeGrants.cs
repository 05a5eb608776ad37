namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// The running poller's rights, granted by the schema owner to <see cref="DatabaseOptions.RuntimeRole"/>: rows in,
/// out and changed on every table, the migrations history read only (the readiness check reads it), the identity
/// sequences, and no DDL. Default privileges carry the same to tables a later migration creates. LISTEN/NOTIFY and
/// advisory locks, which the relay and the migrations lock use, need no grant.
/// </summary>
internal static class RuntimeGrants
{
    private const string History = "__EFMigrationsHistory";

    /// <summary>The statements for <paramref name="role"/> on <paramref name="schema"/> of <paramref name="database"/>, identifiers quoted.</summary>
    public static IReadOnlyList<string> Statements(string database, string schema, string role)
    {
        var (d, s, r) = (Quote(database), Quote(schema), Quote(role));
        return
        [
            $"GRANT CONNECT ON DATABASE {d} TO {r}",
            $"GRANT USAGE ON SCHEMA {s} TO {r}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {r}",
            $"REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {s}.{Quote(History)} FROM {r}",
            $"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
            $"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT USAGE ON SEQUENCES TO {r}",
        ];
    }

    /// <summary>A PostgreSQL identifier, double-quoted: any name is taken literally, never as SQL.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Grants <paramref name="role"/> its rights in the connection's database and current schema, in one transaction.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, string role, CancellationToken ct)
    {
        string database, schema, user;
        bool roleExists;
        await using (var who = new NpgsqlCommand("SELECT current_database(), current_schema(), current_user, EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)", connection))
        {
            who.Parameters.AddWithValue("role", role);
            await using var reader = await who.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            (database, schema, user, roleExists) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3));
        }

        if (!roleExists)
        {
            throw new InvalidOperationException(
                $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.RuntimeRole)} names role {role}, which does not exist on the server: create it first (deploy/postgres-init.sql shows how), or correct the option.");
        }

        if (role == user)
        {
            throw new InvalidOperationException(
                $"{DatabaseOptions.Section}:{nameof(DatabaseOptions.RuntimeRole)} is {role}, the login that migrates: the runtime role must be another one, without DDL rights.");
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var statement in Statements(database, schema, role))
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }
}
