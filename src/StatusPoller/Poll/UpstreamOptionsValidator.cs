namespace Tchek.Events.StatusPoller.Poll;

/// <summary>
/// The rules of <see cref="UpstreamOptions"/> no attribute can say: the vendor key travels with every request, so
/// outside Development https only, except on loopback or with <see cref="UpstreamOptions.AllowHttp"/>.
/// </summary>
internal sealed class UpstreamOptionsValidator(IHostEnvironment environment) : IValidateOptions<UpstreamOptions>
{
    private const string Section = UpstreamOptions.Section;

    public ValidateOptionsResult Validate(string? name, UpstreamOptions options)
    {
        var failures = new List<string>();
        if (options.BaseUrl is { } url && (!url.IsAbsoluteUri || !url.AbsolutePath.EndsWith('/')))
        {
            failures.Add($"{Section}:{nameof(options.BaseUrl)} must be absolute and end with '/' (it is {url}).");
        }
        else if (!(environment.IsDevelopment() || options.AllowHttp || options.BaseUrl is null || options.BaseUrl.Scheme == Uri.UriSchemeHttps || options.BaseUrl.IsLoopback))
        {
            failures.Add(
                $"{Section}:{nameof(options.BaseUrl)} must be https outside Development, except on loopback or with Tchek:AllowHttp=true (it is {options.BaseUrl.GetLeftPart(UriPartial.Authority)}; environment {environment.EnvironmentName}).");
        }

        if (RequestBudget.Invalid(options.RequestBudgetPerDay, options.RequestBudgetBurst) is { } budget)
        {
            failures.Add($"{Section}:{nameof(options.RequestBudgetPerDay)} {budget} ({Section}:{nameof(options.RequestBudgetBurst)} is {options.RequestBudgetBurst}).");
        }

        if (options.TotalTimeout < options.AttemptTimeout)
        {
            failures.Add(OptionChecks.NotAtMost($"{Section}:{nameof(options.AttemptTimeout)}", options.AttemptTimeout, nameof(options.TotalTimeout), options.TotalTimeout));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
