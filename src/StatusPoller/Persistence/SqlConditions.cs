namespace Tchek.Events.StatusPoller.Persistence;

/// <summary>
/// The WHERE clause of a filtered listing: only the conditions whose value is given reach the
/// statement, each with its parameter, so each can use its own index.
/// </summary>
internal sealed class SqlConditions(NpgsqlParameterCollection parameters)
{
    private readonly List<string> _conditions = [];

    /// <summary>Adds <paramref name="condition"/> and binds <paramref name="value"/> as <paramref name="name"/>, unless the value is null.</summary>
    public SqlConditions Add(object? value, string condition, string name)
    {
        if (value is not null)
        {
            _conditions.Add(condition);
            parameters.AddWithValue(name, value);
        }

        return this;
    }

    /// <summary><c>WHERE</c> and the conditions joined by <c>AND</c>, or nothing when none was given.</summary>
    public override string ToString() => _conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _conditions);
}
