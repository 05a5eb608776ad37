namespace Tchek.Events.IntegrationTests.OperatorConsole.Browser;

/// <summary>
/// Where Chromium and its driver are: <c>TCHEK_TEST_CHROMIUM</c> and <c>TCHEK_TEST_CHROMEDRIVER</c>
/// (exported by <c>scripts/services.sh</c>), else Debian's paths. Missing ones are an error that says
/// how to install them: a browser test that skips would pass on a machine that cannot run it.
/// </summary>
internal static class BrowserPaths
{
    public const string ChromiumVariable = "TCHEK_TEST_CHROMIUM";
    public const string ChromeDriverVariable = "TCHEK_TEST_CHROMEDRIVER";

    public static (string Chromium, string ChromeDriver) Find()
    {
        var chromium = Resolve(ChromiumVariable, "/usr/bin/chromium");
        var driver = Resolve(ChromeDriverVariable, "/usr/bin/chromedriver");
        var missing = new[] { (Path: chromium, Variable: ChromiumVariable), (Path: driver, Variable: ChromeDriverVariable) }
            .Where(p => !File.Exists(p.Path))
            .Select(p => $"{p.Path} (from {p.Variable} or its default)")
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The console's browser tests need Chromium and its driver; not found: {string.Join(", ", missing)}. "
                + "Install them with `source scripts/services.sh` as root (or `apt-get install -y chromium chromium-driver`), "
                + $"or point {ChromiumVariable} and {ChromeDriverVariable} at them.");
        }

        return (chromium, driver);
    }

    private static string Resolve(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? path : fallback;
}
