using Tchek.Events.StatusPoller.Persistence;

namespace Tchek.Events.UnitTests.StatusPoller.Persistence;

/// <summary>
/// What <c>migrate</c> grants Database:RuntimeRole: data rights only, the history read only, default privileges for
/// later tables, and names quoted so that no option value is ever read as SQL. (That the rights suffice for the
/// poller's whole work, and refuse DDL, is RuntimeLoginTests' against the real server.)
/// </summary>
public sealed class RuntimeGrantsTests
{
    [Fact]
    public void Data_rights_only_with_the_history_read_only_and_default_privileges_for_later_tables()
    {
        var statements = RuntimeGrants.Statements("tchek_events", "public", "tchek_poller");

        Assert.Contains("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"public\" TO \"tchek_poller\"", statements);
        Assert.Contains("REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON \"public\".\"__EFMigrationsHistory\" FROM \"tchek_poller\"", statements);
        Assert.Contains("ALTER DEFAULT PRIVILEGES IN SCHEMA \"public\" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO \"tchek_poller\"", statements);
        Assert.Contains("ALTER DEFAULT PRIVILEGES IN SCHEMA \"public\" GRANT USAGE ON SEQUENCES TO \"tchek_poller\"", statements);
        Assert.DoesNotContain(statements, s => s.Contains("CREATE", StringComparison.Ordinal) || s.Contains("ALL PRIVILEGES", StringComparison.Ordinal) || s.Contains("TRUNCATE ON", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tchek_poller", "\"tchek_poller\"")]
    [InlineData("Poller-Runtime", "\"Poller-Runtime\"")]
    [InlineData("x\"; DROP TABLE tracked_tokens; --", "\"x\"\"; DROP TABLE tracked_tokens; --\"")]
    public void Names_are_quoted_identifiers(string name, string quoted)
    {
        Assert.Equal(quoted, RuntimeGrants.Quote(name));
        Assert.All(RuntimeGrants.Statements("db", "public", name), s => Assert.Contains(quoted, s, StringComparison.Ordinal));
    }
}
