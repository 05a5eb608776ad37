using Tchek.Events.StatusPoller.OperatorConsole.Overview;

namespace Tchek.Events.StatusPoller.OperatorConsole;

/// <summary>
/// The operator console: Razor Pages under <c>/console</c>, signed in by an API key (a cookie of
/// its own, scheme <see cref="ConsoleAuthentication.SchemeName"/>), served by the poller itself.
/// </summary>
internal static class OperatorConsoleExtensions
{
    public const string PathPrefix = "/console";

    public static IServiceCollection AddOperatorConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        services.AddConsoleAuthentication();
        services.AddSingleton<SignInAttempts>();
        services.AddSingleton<ConsoleErrors>();
        services.AddConsoleOverview();
        services.AddRazorPages(pages =>
            {
                pages.RootDirectory = "/OperatorConsole/Pages";
                // Every page lives under /console: a page's route, its file path or its @page template
                // (even one written "/sign-in"), is taken relative to /console.
                pages.Conventions.AddFolderRouteModelConvention("/", model =>
                {
                    foreach (var selector in model.Selectors.Where(s => s.AttributeRouteModel is not null))
                    {
                        selector.AttributeRouteModel!.Template = ConsoleRoute(selector.AttributeRouteModel.Template);
                    }
                });
                pages.Conventions.AuthorizeFolder("/", ConsoleAuthentication.PolicyName);
                pages.Conventions.AddFolderApplicationModelConvention("/", model => model.Filters.Add(new ServiceFilterAttribute(typeof(ConsoleErrors))));
                pages.Conventions.AllowAnonymousToPage("/SignIn");
                // Who may do what (docs/operating/console.md): pages that show tokens need read, and
                // the action pages (which show the token too) also their action's scope.
                foreach (var page in (string[])["/Index", "/Tokens/Index", "/Tokens/Detail", "/Tokens/Timeline", "/Tokens/Replay", "/Tokens/Untrack", "/Tokens/Erase"])
                {
                    pages.Conventions.AuthorizePage(page, ApiScopes.Policy(ApiScopes.Read));
                }

                pages.Conventions.AuthorizePage("/Track", ApiScopes.Policy(ApiScopes.Track));
                pages.Conventions.AuthorizePage("/Tokens/Untrack", ApiScopes.Policy(ApiScopes.Track));
                pages.Conventions.AuthorizePage("/Tokens/Replay", ApiScopes.Policy(ApiScopes.Replay));
                pages.Conventions.AuthorizePage("/Tokens/Erase", ApiScopes.Policy(ApiScopes.Erase));
                pages.Conventions.AuthorizePage("/Audit", ApiScopes.Policy(ApiScopes.Admin));
            })
            .AddCookieTempDataProvider(tempData => tempData.Cookie = ConsoleAuthentication.Cookie("__Tchek.Console.Flash"));
        services.AddSingleton<IStartupFilter, ConsoleSecurityHeaders>();
        services.AddAntiforgery(antiforgery => antiforgery.Cookie = ConsoleAuthentication.Cookie("__Tchek.Console.Antiforgery"));
        return services;
    }

    /// <summary><c>console/&lt;template&gt;</c>, whether the template was written relative or absolute.</summary>
    public static string ConsoleRoute(string? template)
    {
        var relative = (template ?? "").TrimStart('~').TrimStart('/');
        return relative.Length == 0 ? PathPrefix[1..] : $"{PathPrefix[1..]}/{relative}";
    }

    public static WebApplication MapOperatorConsole(this WebApplication app)
    {
        app.MapConsoleAssets();
        app.MapRazorPages();
        return app;
    }
}
