namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// Section <c>Database</c>: who changes the schema, and how. By default the poller migrates at every start
/// with <c>ConnectionStrings:Postgres</c>, so that login owns the schema. A deployment that keeps DDL rights
/// away from the running poller sets <see cref="MigrateAtStart"/> to false, runs the <c>migrate</c> command
/// with the owner's login (<c>ConnectionStrings:Migrations</c>), and gives the runtime login its rights through
/// <see cref="RuntimeRole"/> (docs/deploying/database-logins.md).
/// </summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// Apply pending migrations at every start. False for a runtime login without DDL rights: the poller then
    /// never changes the schema, and a start on a database with pending migrations fails, naming the
    /// <c>migrate</c> command to run first.
    /// </summary>
    public bool MigrateAtStart { get; set; } = true;

    /// <summary>
    /// The role (a login, or a group the runtime login is a member of) that the <c>migrate</c> command grants the
    /// running poller's rights to: SELECT, INSERT, UPDATE and DELETE on its tables (SELECT only on the migrations
    /// history), USAGE on its sequences, and the same on tables and sequences the owner creates later (ALTER
    /// DEFAULT PRIVILEGES). No DDL. Unset = the command grants nothing.
    /// </summary>
    [RegularExpression("^[A-Za-z_][A-Za-z0-9_$-]{0,62}$", ErrorMessage = Section + ":{0} must be a role name: a letter or _, then letters, digits, _, $ or -, at most 63 characters.")]
    public string? RuntimeRole { get; set; }

    /// <summary>
    /// Outside Development, a <c>ConnectionStrings:Postgres</c> whose <c>SSL Mode</c> is Disable, Allow or Prefer
    /// (Npgsql's default, which falls back to plaintext) logs a warning at start unless every host is loopback;
    /// true silences it, for a network you trust.
    /// </summary>
    public bool AllowPlaintext { get; set; }
}
