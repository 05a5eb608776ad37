using Microsoft.AspNetCore.Http.HttpResults;

namespace Tchek.Events.StatusPoller.Api;

/// <summary><c>GET /audit</c>: the audit trail, newest first, a page at a time; <c>admin</c> keys only.</summary>
internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/audit", ListAsync).RequireAuthorization(ApiScopes.Policy(ApiScopes.Admin)).RequireRateLimiting(ApiRateLimits.PerKeyPolicy).WithTags("Audit")
            .WithName("ListAudit").WithSummary("Read the audit trail")
            .WithDescription("Who tracked, untracked, replayed or erased what, console sign-ins and refused keys: newest first, "
                + "filtered by actor, action and uid (each exact). Pass nextCursor as cursor for the next page; null means the last page.");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> ListAsync(
        string? actor, string? action, string? uid, string? limit, string? cursor, AuditLog audit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (actor is not null && (actor.Length is 0 or > 128 || actor.Contains('\0')))
        {
            errors["actor"] = ["1 to 128 characters, without NUL."];
        }

        if (action is not null && (action.Length is 0 or > 32 || action.Contains('\0')))
        {
            errors["action"] = ["1 to 32 characters, without NUL."];
        }

        if (uid is not null && !TokenUids.IsValid(uid))
        {
            errors["uid"] = [TokenUids.Rule + "."];
        }

        var size = RequestValidation.DefaultListLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= RequestValidation.MaxListLimit))
        {
            errors["limit"] = [$"Between 1 and {RequestValidation.MaxListLimit}."];
        }

        long? before = null;
        if (cursor is not null && (before = AuditCursor.Decode(cursor)) is null)
        {
            errors["cursor"] = ["The nextCursor of a previous page, as it came."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (entries, more) = await audit.ListAsync(new AuditFilter(actor, action, uid, before, size), ct);
        return TypedResults.Ok(new AuditPage(
            [.. entries.Select(e => new AuditView(e.Id, e.At, e.Actor, e.Channel, e.Action, e.Uid, e.Detail, e.Outcome, e.ClientAddress))],
            more ? AuditCursor.Encode(entries[^1].Id) : null));
    }
}

/// <summary>An entry of the audit trail.</summary>
internal sealed record AuditView(long Id, DateTimeOffset At, string Actor, string Channel, string Action, string? Uid, string? Detail, string Outcome, string? ClientAddress);

/// <summary>Answer of <c>GET /audit</c>.</summary>
internal sealed record AuditPage(IReadOnlyList<AuditView> Items, string? NextCursor);
