using Microsoft.Extensions.Options;

namespace Tchek.Events.StatusPoller.Poll;

/// <summary>
/// Outside Development the vendor is reached over https only (the vendor key travels with every
/// request), except on loopback, where a local simulator or proxy answers, or where
/// <see cref="UpstreamOptions.AllowHttp"/> says so.
/// </summary>
internal sealed class UpstreamOptionsValidator(IHostEnvironment environment) : IValidateOptions<UpstreamOptions>
{
    public ValidateOptionsResult Validate(string? name, UpstreamOptions options) =>
        environment.IsDevelopment() || options.AllowHttp || options.BaseUrl is not { IsAbsoluteUri: true } url || url.Scheme == Uri.UriSchemeHttps || url.IsLoopback
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{UpstreamOptions.Section}:{nameof(UpstreamOptions.BaseUrl)} must be https outside Development, except on loopback or with Tchek:AllowHttp=true (it is {url.GetLeftPart(UriPartial.Authority)}; environment {environment.EnvironmentName}).");
}
