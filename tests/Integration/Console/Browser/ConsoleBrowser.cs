using System.Collections.ObjectModel;
using System.Globalization;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Tchek.Events.IntegrationTests.OperatorConsole.Browser;

/// <summary>
/// Headless Chromium driven by Selenium against a poller's console: the OS's chromedriver named
/// explicitly (so Selenium Manager never looks for one on the network), a fixed window, and the
/// browser's console log read at every step, where an error fails the test.
/// </summary>
internal sealed class ConsoleBrowser : IDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    private readonly Uri _server;
    private readonly string _name;
    private int _step;

    private ConsoleBrowser(ChromeDriver driver, Uri server, string name)
    {
        Driver = driver;
        _server = server;
        _name = name;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Starts a browser whose window is <paramref name="width"/> × <paramref name="height"/>; screenshots are named after <paramref name="name"/>.</summary>
    public static ConsoleBrowser Start(Uri server, string name, int width = 1280, int height = 1000)
    {
        var (chromium, driverPath) = BrowserPaths.Find();
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless=new",
            // Root in a container has no user namespace to sandbox into.
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--lang=en-US",
            $"--window-size={width},{height}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        return new ConsoleBrowser(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), server, name);
    }

    public string Url => Driver.Url;

    /// <summary>The path of the page shown (<c>/console/tokens</c>), without the query.</summary>
    public string PathShown => new Uri(Driver.Url).AbsolutePath;

    /// <summary>
    /// Makes the page's viewport <paramref name="width"/> × <paramref name="height"/> CSS pixels, as a
    /// phone's (headless Chromium's windows are never narrower than 500 pixels).
    /// </summary>
    public void EmulatePhone(int width, int height) =>
        Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = true,
        });

    /// <summary>Signs in through the form with <paramref name="key"/>.</summary>
    public void SignIn(string key)
    {
        Go("/console/sign-in");
        Find("input#api-key").Clear();
        Find("input#api-key").SendKeys(key);
        Find("button#sign-in").Click();
    }

    public void Go(string path) => Driver.Navigate().GoToUrl(new Uri(_server, path));

    /// <summary>Reloads the page, at most every half second (for <see cref="Until"/>); true once reloaded.</summary>
    public bool Refreshed()
    {
        Thread.Sleep(500);
        Driver.Navigate().Refresh();
        return true;
    }

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public ReadOnlyCollection<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    public bool Exists(string css) => FindAll(css).Count > 0;

    public string Text(string css) => Find(css).Text;

    public T Script<T>(string script, params object[] args) => (T)Driver.ExecuteScript(script, args)!;

    /// <summary>Waits until <paramref name="condition"/> holds (exceptions count as "not yet"), or fails saying what never happened.</summary>
    public void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultWait);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (WebDriverException ex)
            {
                last = ex;
            }

            Thread.Sleep(100);
        }

        var shot = Save($"{_name}-timeout");
        throw new Xunit.Sdk.XunitException(
            $"Timed out waiting for {what} on {Url} (screenshot: {shot}){(last is null ? "" : $"; last error: {last.Message}")}");
    }

    /// <summary>
    /// Ends a step: the browser's console has shown no error since the last step, and a screenshot
    /// is saved as <c>TestResults/console/{name}-{n}-{step}.png</c>. Returns its path.
    /// </summary>
    /// <param name="step">The step's name.</param>
    /// <param name="documentStatus">
    /// The error status the page shown was answered with, when that is the point of the step (a
    /// refused sign-in answers 401): Chromium logs it as an error, the only one tolerated.
    /// </param>
    public string Step(string step, int? documentStatus = null)
    {
        var expected = documentStatus is { } status ? $"{Url} - Failed to load resource: the server responded with a status of {status} " : null;
        var errors = ConsoleErrors();
        var shot = Save($"{_name}-{++_step:00}-{step}");
        if (expected is not null)
        {
            Assert.True(errors.Count(e => e.StartsWith(expected, StringComparison.Ordinal)) == 1,
                $"The page at step '{step}' was expected to answer {documentStatus}; the browser's console shows:\n{string.Join('\n', errors)}");
            errors.RemoveAll(e => e.StartsWith(expected, StringComparison.Ordinal));
        }

        Assert.True(errors.Count == 0, $"The browser's console shows errors at step '{step}' ({Url}; screenshot {shot}):\n{string.Join('\n', errors)}");
        return shot;
    }

    /// <summary>The console's errors (SEVERE) logged since the last call.</summary>
    public List<string> ConsoleErrors() =>
        [.. Driver.Manage().Logs.GetLog(LogType.Browser).Where(entry => entry.Level == LogLevel.Severe).Select(entry => entry.Message)];

    /// <summary>Saves a screenshot of the whole page (not only the viewport) under <see cref="Screenshots.Folder"/>; returns its path.</summary>
    public string Save(string name)
    {
        var path = Path.Combine(Screenshots.Folder, name + ".png");
        var metrics = (Dictionary<string, object?>)Driver.ExecuteCdpCommand("Page.getLayoutMetrics", [])!;
        var content = (Dictionary<string, object?>)metrics["cssContentSize"]!;
        var shot = (Dictionary<string, object?>)Driver.ExecuteCdpCommand("Page.captureScreenshot", new Dictionary<string, object?>
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new Dictionary<string, object?>
            {
                ["x"] = 0,
                ["y"] = 0,
                ["width"] = Convert.ToDouble(content["width"], CultureInfo.InvariantCulture),
                ["height"] = Convert.ToDouble(content["height"], CultureInfo.InvariantCulture),
                ["scale"] = 1,
            },
        })!;
        File.WriteAllBytes(path, Convert.FromBase64String((string)shot["data"]!));
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
