namespace Tchek.Events.IntegrationTests.OperatorConsole.Browser;

/// <summary>
/// Accessibility and layout checks run in the page itself (no extra package): one h1; every form
/// control named by a label (for=, wrapping, aria-label or aria-labelledby); every button named;
/// every role="img" with a text alternative; and the body no wider than the viewport.
/// </summary>
internal static class PageChecks
{
    private const string AccessibilityScript = """
        const problems = [];
        const h1s = document.querySelectorAll('h1');
        if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements, not one`);
        const named = el => (el.getAttribute('aria-label') || '').trim() !== ''
            || (el.getAttribute('aria-labelledby') || '').split(/\s+/).some(id => id && document.getElementById(id)?.textContent.trim())
            || (el.id && Array.from(document.querySelectorAll('label')).some(l => l.htmlFor === el.id && l.textContent.trim() !== ''))
            || (el.closest('label')?.textContent.trim() ?? '') !== '';
        const describe = el => el.outerHTML.slice(0, 120);
        for (const el of document.querySelectorAll('input, select, textarea')) {
            if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
            if (!named(el)) problems.push('control without a label: ' + describe(el));
        }
        for (const el of document.querySelectorAll('button, input[type=submit]')) {
            if ((el.textContent || el.value || '').trim() === '' && !named(el)) problems.push('button without a name: ' + describe(el));
        }
        for (const el of document.querySelectorAll('[role=img]')) {
            if (!named(el)) problems.push('image without a text alternative: ' + describe(el));
        }
        for (const el of document.querySelectorAll('img')) {
            if (!el.hasAttribute('alt')) problems.push('img without alt: ' + describe(el));
        }
        if (!document.documentElement.lang) problems.push('no lang on <html>');
        return problems;
        """;

    private const string OverflowScript = """
        const width = document.documentElement.clientWidth;
        return [document.documentElement.scrollWidth, document.body.scrollWidth, width];
        """;

    /// <summary>What the page gets wrong for a screen reader or a keyboard user (empty: nothing found).</summary>
    public static List<string> AccessibilityProblems(ConsoleBrowser browser) =>
        [.. browser.Script<IReadOnlyCollection<object>>(AccessibilityScript).Select(p => (string)p)];

    /// <summary>Fails when the page is wider than its viewport (a phone would scroll sideways).</summary>
    public static void AssertNoHorizontalOverflow(ConsoleBrowser browser, string page)
    {
        var widths = browser.Script<IReadOnlyCollection<object>>(OverflowScript).Select(Convert.ToInt64).ToArray();
        Assert.True(widths[0] <= widths[2] && widths[1] <= widths[2],
            $"{page} overflows its {widths[2]} px viewport: the document is {widths[0]} px wide, the body {widths[1]} px");
    }
}
