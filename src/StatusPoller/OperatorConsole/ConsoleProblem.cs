namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>What went wrong, as a page says it: the API's problem title and its details as lines.</summary>
internal sealed record ConsoleProblem(string Title, IReadOnlyList<string> Lines)
{
    public static ConsoleProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new("One or more validation errors occurred.", ConsoleText.Errors(errors));

    public static ConsoleProblem UnknownToken(string uid) => new("Not found", [$"No token has uid {uid}."]);
}
