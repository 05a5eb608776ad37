using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using Tchek.Events.IntegrationTests.Infrastructure;
using Tchek.Events.IntegrationTests.OperatorConsole.Support;
using Tchek.Events.IntegrationTests.Poller.Support;

namespace Tchek.Events.IntegrationTests.OperatorConsole;

/// <summary>
/// The console's Track page against the real poller, PostgreSQL and a stub vendor: every line of a
/// paste or a CSV file comes back created, already tracked or refused with the API's reason, the
/// database holds exactly the created ones, and a submission refused whole tracks nothing.
/// </summary>
[Collection("services")]
public sealed partial class ConsoleTrackTests(ServicesFixture services) : PollerTestBase(services)
{
    private const int MaxBatchSize = 6;
    private const string TrackPath = "/console/track";

    private PollerApp _app = null!;

    protected override async Task SetUpAsync()
    {
        await base.SetUpAsync();
        _app = StartApp(new Dictionary<string, string?> { ["Api:MaxBatchSize"] = $"{MaxBatchSize}" });
    }

    [Fact]
    public async Task A_csv_upload_tracks_its_valid_lines_and_refuses_the_others_each_with_the_api_s_reason()
    {
        var (fresh, known, ended, quoted, overlong) = (Uid(), Uid(), Uid(), Uid(), Uid());
        using var api = _app.CreateApiClient();
        (await api.PostAsync("/tokens", Json($$"""{"uid":"{{known}}","externalReference":"first"}"""))).EnsureSuccessStatusCode();
        (await api.PostAsync("/tokens", Json($$"""{"uid":"{{ended}}"}"""))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/tokens/{ended}")).StatusCode);
        var csv = string.Join("\r\n",
            "uid,externalReference",
            $"{fresh},lead-1",
            $"{known},lead-2",
            $"{ended},",
            "bad-uid!,x",
            $"{overlong},{new string('r', 257)}",
            $"{quoted},\"Dupont, Jean \"\"JD\"\"\"",
            "");
        using var session = await ConsoleSession.SignInAsync(_app);

        using var answer = await PostAsync(session, csv: Encoding.UTF8.GetBytes(csv));

        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(
        [
            new("2", fresh, "created", "", $"/console/tokens/{fresh}"),
            new("3", known, "existing", "", $"/console/tokens/{known}"),
            new("4", ended, "refused", $"Tracking of this token has ended: Token {ended} stopped being tracked (Untracked); its event stream is closed.", null),
            new("5", "bad-uid!", "refused", "uid: A token uid is 3 to 64 letters or digits, without the -pwa suffix.", null),
            new("6", overlong, "refused", "externalReference: At most 256 characters, without NUL.", null),
            new("7", quoted, "created", "", $"/console/tokens/{quoted}"),
        ], Rows(html));
        Assert.Equal("2 created, 1 existing, 3 refused.", Text(html, "track-summary"));
        Assert.Equal("2 created, 1 existing, 3 refused.", Text(html, "flash"));
        // Exactly the new ones, with their references; the known one keeps its own.
        Assert.Equal(new Dictionary<string, string?>
        {
            [fresh] = "lead-1",
            [known] = "first",
            [ended] = null,
            [quoted] = "Dupont, Jean \"JD\"",
        }, await TrackedAsync(fresh, known, ended, quoted, overlong));
        Assert.Equal(1, await ScalarAsync<int>("SELECT state FROM tracked_tokens WHERE uid = @uid", ("uid", ended)));
    }

    [Fact]
    public async Task Pasted_uids_are_tracked_one_per_line_a_padded_or_repeated_one_refused()
    {
        var (a, b, c) = (Uid(), Uid(), Uid());
        using var session = await ConsoleSession.SignInAsync(_app);

        using var answer = await PostAsync(session, uids: $"{a}\r\n\r\n{b} \r\n{a}\r\n{c}\r\n");

        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(
        [
            new("1", a, "created", "", $"/console/tokens/{a}"),
            new("3", b + " ", "refused", "uid: A token uid is 3 to 64 letters or digits, without the -pwa suffix.", null),
            new("4", a, "refused", "The same uid as line 1, which is tracked once.", null),
            new("5", c, "created", "", $"/console/tokens/{c}"),
        ], Rows(html));
        Assert.Contains($"<code>{b}␠</code>", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string?> { [a] = null, [c] = null }, await TrackedAsync(a, b, c));
    }

    [Fact]
    public async Task Over_the_batch_limit_the_whole_submission_is_refused_in_the_api_s_words_and_nothing_is_tracked()
    {
        var uids = Enumerable.Range(0, MaxBatchSize + 1).Select(_ => Uid()).ToArray();
        using var session = await ConsoleSession.SignInAsync(_app);

        using var pasted = await PostAsync(session, uids: string.Join("\n", uids));
        using var uploaded = await PostAsync(session, csv: Encoding.UTF8.GetBytes("uid\n" + string.Join("\n", uids)));

        foreach (var answer in new[] { pasted, uploaded })
        {
            var html = await answer.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal($"At most {MaxBatchSize} tokens per request. This submission has {MaxBatchSize + 1} lines; nothing was tracked. Split it.", Text(html, "track-error"));
            Assert.DoesNotContain("id=\"track-result\"", html, StringComparison.Ordinal);
        }

        Assert.Empty(await TrackedAsync(uids));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_tracks_nothing()
    {
        var uid = Uid();
        using var session = await ConsoleSession.SignInAsync(_app);

        using var answer = await PostAsync(session, uids: uid, antiforgery: false);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Empty(await TrackedAsync(uid));
    }

    [Fact]
    public async Task A_post_without_a_session_goes_to_sign_in_and_tracks_nothing()
    {
        var uid = Uid();
        using var signedIn = await ConsoleSession.SignInAsync(_app);
        var token = ConsoleSession.AntiforgeryToken(await signedIn.GetPageAsync(TrackPath));
        using var anonymous = ConsoleSession.Anonymous(_app);
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(uid), "Uids" } };

        using var answer = await anonymous.Client.PostAsync(TrackPath, form);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(ConsoleSession.SignInPath, answer.Headers.Location!.AbsolutePath);
        Assert.Empty(await TrackedAsync(uid));
    }

    [Fact]
    public async Task An_upload_over_the_api_s_request_limit_gets_a_readable_answer_and_tracks_nothing()
    {
        var uid = Uid();
        var big = Encoding.UTF8.GetBytes($"{uid},first\n" + new string('x', 1024 * 1024));
        using var session = await ConsoleSession.SignInAsync(_app);

        using var sized = await PostAsync(session, csv: big);
        using var chunked = await PostAsync(session, csv: big, chunked: true);

        foreach (var answer in new[] { sized, chunked })
        {
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Equal($"{TrackPath}?refused=too-large", answer.Headers.Location!.OriginalString);
        }

        var page = await session.GetPageAsync(sized.Headers.Location!.OriginalString);
        Assert.Equal("The submission was larger than 1024 KiB, the most a request to the API may carry; nothing was tracked. Split the file.", Text(page, "track-error"));
        Assert.Empty(await TrackedAsync(uid));
    }

    [Fact]
    public async Task Over_kestrel_an_upload_over_its_limit_is_answered_before_its_body_is_read()
    {
        var uid = Uid();
        await using var app = Own(new PollerApp(Settings()).StartedOnKestrel());
        using var bootstrap = app.CreateClient();
        // A browser's session over real HTTP: cookies kept, redirects seen (loopback, so no TLS needed).
        using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = bootstrap.BaseAddress };
        var signIn = ConsoleSession.AntiforgeryToken(await client.GetStringAsync(ConsoleSession.SignInPath));
        using var signedIn = await client.PostAsync(ConsoleSession.SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["apiKey"] = PollerSettings.ApiKey,
            ["__RequestVerificationToken"] = signIn,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var token = ConsoleSession.AntiforgeryToken(await client.GetStringAsync(TrackPath));
        // 8 MiB, sent whole as a browser sends it (no Expect: 100-continue): still being sent when the
        // answer comes. Were the connection cut then rather than the body drained, the client would
        // see a broken pipe instead of the answer (it did, before the drain).
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"{uid}\n" + new string('x', 8 * 1024 * 1024))), "Csv", "tokens.csv" },
        };

        using var answer = await client.PostAsync(TrackPath, form);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal($"{TrackPath}?refused=too-large", answer.Headers.Location!.OriginalString);
        Assert.Empty(await TrackedAsync(uid));
    }

    [Theory]
    [InlineData("a PNG", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "The file is not UTF-8 text (line 1); nothing was tracked. Save it as CSV UTF-8.")]
    [InlineData("NULs", new byte[] { (byte)'T', (byte)'1', (byte)'2', (byte)'3', 0, 0 }, "The file holds binary data (a control character on line 1); nothing was tracked. Upload a CSV text file.")]
    [InlineData("a quote never closed", new byte[] { (byte)'T', (byte)'1', (byte)'2', (byte)'3', (byte)',', (byte)'"', (byte)'x' }, "Line 1 opens a quoted field that never closes; nothing was tracked. Close the quote, and double any quote inside it (\"\").")]
    public async Task A_file_that_cannot_be_read_line_by_line_is_refused_whole(string name, byte[] file, string error)
    {
        using var session = await ConsoleSession.SignInAsync(_app);

        using var answer = await PostAsync(session, csv: file);

        var html = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, name);
        Assert.Equal(error, Text(html, "track-error"));
        Assert.Empty(await TrackedAsync("T123"));
    }

    [Fact]
    public async Task A_paste_and_a_file_together_are_refused_and_track_nothing()
    {
        var (pasted, uploaded) = (Uid(), Uid());
        using var session = await ConsoleSession.SignInAsync(_app);

        using var answer = await PostAsync(session, uids: pasted, csv: Encoding.UTF8.GetBytes(uploaded));

        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("Give pasted uids or a CSV file, not both; nothing was tracked.", Text(html, "track-error"));
        Assert.Empty(await TrackedAsync(pasted, uploaded));
    }

    [Fact]
    public async Task The_check_tracks_nothing_and_shows_each_line_s_plan_and_the_confirmation_re_reads_what_it_is_sent()
    {
        var (a, b) = (Uid(), Uid());
        using var session = await ConsoleSession.SignInAsync(_app);

        using var check = await CheckAsync(session, csv: Encoding.UTF8.GetBytes($"uid,externalReference\n{a},lead-a\nbad uid,x\n"));
        var html = await check.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal("1 line to track, 1 refused. Nothing is tracked until you confirm; lines already tracked stay as they are.", Text(html, "track-plan"));
        Assert.Matches($"""<tr data-uid="{a}" data-plan="track">""", html);
        Assert.Matches("""<tr data-uid="bad uid" data-plan="refused">""", html);
        Assert.DoesNotContain("id=\"track-result\"", html, StringComparison.Ordinal);
        Assert.Empty(await TrackedAsync(a));

        // The hidden text is the client's to change: the confirmation reads it again by the same rules.
        using var tampered = await ConfirmAsync(session, html, $"{b}\nnot a uid!", "paste");
        var result = await tampered.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, tampered.StatusCode);
        Assert.Equal(["created", "refused"], Rows(result).Select(r => r.Outcome));
        Assert.Equal(new Dictionary<string, string?> { [b] = null }, await TrackedAsync(a, b));
        using var nothing = await ConfirmAsync(session, html, "", "neither");
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Equal("Nothing to confirm: submit uids or a CSV file first; nothing was tracked.", Text(await nothing.Content.ReadAsStringAsync(), "track-error"));
    }

    [Fact]
    public async Task The_page_labels_its_fields_and_explains_the_format()
    {
        using var session = await ConsoleSession.SignInAsync(_app);

        var html = await session.GetPageAsync(TrackPath);

        Assert.Matches("""<label for="uids">[^<]+</label>\s*<textarea id="uids" name="Uids"[^>]*></textarea>""", html);
        Assert.Matches("""<label for="csv">[^<]+</label>\s*<input id="csv" name="Csv" type="file" accept=".csv,text/csv"[^>]*>""", html);
        Assert.Matches("""<button id="track" type="submit">Track</button>""", html);
        Assert.Matches("""<form id="track-form" method="post" enctype="multipart/form-data">""", html);
        Assert.Contains("uid,externalReference", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"track-result\"", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Track form as a browser sends it, then its confirmation as the check's page carries it:
    /// the check's answer when it was refused (or offers nothing to confirm), else the confirmation's.
    /// </summary>
    internal static async Task<HttpResponseMessage> PostAsync(ConsoleSession session, string? uids = null, byte[]? csv = null, bool antiforgery = true, bool chunked = false)
    {
        var check = await CheckAsync(session, uids, csv, antiforgery, chunked);
        var html = check.StatusCode == HttpStatusCode.OK ? await check.Content.ReadAsStringAsync() : "";
        if (ConfirmForm().Match(html) is not { Success: true } form)
        {
            return check;
        }

        check.Dispose();
        return await ConfirmAsync(session, html, Hidden(form.Value, "Pending"), Hidden(form.Value, "PendingKind"));
    }

    /// <summary>Posts the confirmation form of the check's page <paramref name="html"/>, with the given hidden fields.</summary>
    private static Task<HttpResponseMessage> ConfirmAsync(ConsoleSession session, string html, string pending, string kind) =>
        session.PostFormWithoutFetchingAsync($"{TrackPath}?handler=confirm", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = ConsoleSession.AntiforgeryToken(ConfirmForm().Match(html).Value),
            ["Pending"] = pending,
            ["PendingKind"] = kind,
        });

    private static string Hidden(string form, string name) =>
        WebUtility.HtmlDecode(Regex.Match(form, $"""<input type="hidden" name="{name}" value="(?<value>[^"]*)">""").Groups["value"].Value);

    [GeneratedRegex("""<form id="track-confirm".*?</form>""", RegexOptions.Singleline)]
    private static partial Regex ConfirmForm();

    /// <summary>The Track form as a browser sends it: multipart, the page's antiforgery token first. Only checks.</summary>
    private static async Task<HttpResponseMessage> CheckAsync(ConsoleSession session, string? uids = null, byte[]? csv = null, bool antiforgery = true, bool chunked = false)
    {
        var token = ConsoleSession.AntiforgeryToken(await session.GetPageAsync(TrackPath));
        using var form = new MultipartFormDataContent();
        if (antiforgery)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        form.Add(new StringContent(uids ?? ""), "Uids");
        if (csv is not null)
        {
            // A stream that cannot seek has no length: the body goes chunked, its size known only by reading it.
            HttpContent file = chunked ? new StreamContent(new UnseekableStream(csv)) : new ByteArrayContent(csv);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            form.Add(file, "Csv", "tokens.csv");
        }

        return await session.Client.PostAsync(TrackPath, form);
    }

    private string Uid()
    {
        var uid = NewUid();
        Vendor.Set(uid, 1);
        return uid;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The rows of <c>table#track-result</c>: line, uid, outcome, reason, and the uid's link.</summary>
    private static List<ResultRow> Rows(string html) => [.. ResultRowPattern().Matches(html).Select(row => new ResultRow(
        row.Groups["line"].Value,
        WebUtility.HtmlDecode(row.Groups["uid"].Value),
        row.Groups["outcome"].Value,
        WebUtility.HtmlDecode(row.Groups["reason"].Value.Trim()),
        row.Groups["link"].Success ? WebUtility.HtmlDecode(row.Groups["link"].Value) : null))];

    private static string? Text(string html, string id) =>
        Regex.Match(html, $"""<(?<tag>\w+) id="{id}"[^>]*>(?<text>.*?)</\k<tag>>""", RegexOptions.Singleline) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups["text"].Value.Trim())
            : null;

    private async Task<Dictionary<string, string?>> TrackedAsync(params string[] uids)
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("SELECT uid, external_reference FROM tracked_tokens WHERE uid = ANY(@uids)", connection);
        select.Parameters.AddWithValue("uids", uids);
        await using var reader = await select.ExecuteReaderAsync();
        var tracked = new Dictionary<string, string?>();
        while (await reader.ReadAsync())
        {
            tracked[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return tracked;
    }

    private sealed record ResultRow(string Line, string Uid, string Outcome, string Reason, string? Link);

    [GeneratedRegex("""<tr data-uid="(?<uid>[^"]*)" data-outcome="(?<outcome>[^"]*)">\s*<td>(?<line>\d+)</td>\s*<td>\s*(?:<a href="(?<link>[^"]*)">[^<]*</a>|<code>[^<]*</code>)\s*</td>\s*<td><span class="tag[^"]*">[^<]*</span></td>\s*<td class="reason">(?<reason>[^<]*)</td>""")]
    private static partial Regex ResultRowPattern();

    /// <summary>A read-only stream that will not tell its length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
