extern alias simulator;

using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using simulator::Tchek.Events.Simulator.Tokens;
using SimulatorOptions = simulator::Tchek.Events.Simulator.SimulatorOptions;

namespace Tchek.Events.UnitTests.Simulator;

/// <summary><c>Simulator:StatePath</c>: the tokens survive a restart, and a file that cannot be read stops the start untouched.</summary>
public sealed class TokenStateTests : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 6, 13, 7, 0, 0, TimeSpan.FromHours(2));

    private readonly string _directory = Directory.CreateTempSubdirectory("tchek-simulator-state-").FullName;

    private string StatePath => Path.Combine(_directory, "tokens.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Saved_tokens_load_back_field_for_field()
    {
        SimulatedToken[] tokens =
        [
            new("T3D6288", Created, [new(TimeSpan.Zero, 0), new(TimeSpan.FromSeconds(4.5), 6), new(TimeSpan.FromMinutes(3), 4, PercentDamage: 12.5m), new(TimeSpan.FromHours(2), 4, Expired: true, PercentDamage: 12.5m)],
                "zH10GzxInV", "cD3BrVtuhh", "iJgGBgndLi", "jI33qU2Dz1", "xNsqRXw9gn", "lMIgFXXXXX", 2, TimeSpan.FromDays(1)),
            new("TFLAP01", Created.AddTicks(1), [new(TimeSpan.Zero, 2)], "a", "b", "c", "d", "e", "f", 0, TimeSpan.FromDays(30), Flapping: true),
        ];

        TokenStateFile.Save(StatePath, tokens);
        var loaded = TokenStateFile.Load(StatePath);

        Assert.Equal(tokens.Length, loaded.Count);
        foreach (var (expected, actual) in tokens.Zip(loaded))
        {
            Assert.Equal(expected.Steps, actual.Steps);
            Assert.Equal(expected with { Steps = [] }, actual with { Steps = [] });
        }

        Assert.Equal([StatePath], Directory.GetFiles(_directory));
    }

    [Fact]
    public void No_file_yet_is_no_tokens()
    {
        Assert.Empty(TokenStateFile.Load(StatePath));
    }

    public static TheoryData<string, string, string> BadFiles() => new()
    {
        { "truncated JSON", """{"version":1,"tokens":[{"uid":"T3D6288","createdAt":""", "JSON" },
        { "not JSON", "tokens: T3D6288", "JSON" },
        { "another version", """{"version":2,"tokens":[]}""", "version 1" },
        { "no tokens", """{"version":1}""", "version 1" },
        { "a null token", """{"version":1,"tokens":[null]}""", "token #0" },
        { "a bad uid", Token("T3 D", """[{"at":"00:00:00","status":0}]"""), "token #0" },
        { "a life out of order", Token("T3D6288", """[{"at":"00:00:00","status":0},{"at":"00:01:00","status":2},{"at":"00:00:30","status":1}]"""), "T3D6288: Step 2" },
        { "an unknown status", Token("T3D6288", """[{"at":"00:00:00","status":9}]"""), "outside 0..6" },
        { "no life", Token("T3D6288", "null"), "at least one step" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_file_that_is_not_a_valid_token_state_is_a_clear_error_and_stays_as_it_was(string name, string content, string said)
    {
        File.WriteAllText(StatePath, content, Encoding.UTF8);

        var error = Assert.Throws<InvalidDataException>(() => TokenStateFile.Load(StatePath));

        Assert.Contains(StatePath, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains(said, StringComparison.Ordinal), $"{name}: {error.Message}");
        Assert.Equal(content, File.ReadAllText(StatePath));
    }

    [Fact]
    public void The_same_uid_twice_is_refused()
    {
        var token = Token("T3D6288", """[{"at":"00:00:00","status":0}]""");
        var twice = token.Replace("]}", "," + token[(token.IndexOf('[') + 1)..token.LastIndexOf(']')] + "]}", StringComparison.Ordinal);
        File.WriteAllText(StatePath, twice);

        Assert.Contains("appears twice", Assert.Throws<InvalidDataException>(() => TokenStateFile.Load(StatePath)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restart_finds_the_tokens_created_before_it_and_draws_no_uid_twice()
    {
        var first = Registry(seed: 7);
        var persistence = Persistence(first);
        await persistence.StartAsync(CancellationToken.None);
        var created = first.Create(null, null)!;
        await persistence.StopAsync(CancellationToken.None);

        var second = Registry(seed: 7);
        await Persistence(second).StartAsync(CancellationToken.None);
        var another = second.Create(null, null)!;

        Assert.True(second.TryGet(created.Uid, out var restored));
        Assert.Equal(created.CreatedAt, restored.CreatedAt);
        Assert.Equal(created.Steps, restored.Steps);
        // Same seed, same first draw: the restored token's uid is taken, so another one is drawn.
        Assert.NotEqual(created.Uid, another.Uid);
    }

    [Fact]
    public async Task A_corrupt_file_stops_the_start_and_is_never_overwritten()
    {
        File.WriteAllText(StatePath, "{\"version\":1,\"tok");
        var registry = Registry(seed: 1);
        var persistence = Persistence(registry);

        await Assert.ThrowsAsync<InvalidDataException>(() => persistence.StartAsync(CancellationToken.None));
        registry.Create(null, null);
        await persistence.StopAsync(CancellationToken.None);

        Assert.Equal("{\"version\":1,\"tok", File.ReadAllText(StatePath));
    }

    [Fact]
    public void A_state_path_must_name_a_file_in_an_existing_directory()
    {
        Assert.Empty(Validate(new SimulatorOptions()));
        Assert.Empty(Validate(new SimulatorOptions { StatePath = StatePath }));
        Assert.Single(Validate(new SimulatorOptions { StatePath = _directory }));
        Assert.Single(Validate(new SimulatorOptions { StatePath = Path.Combine(_directory, "missing", "tokens.json") }));
        Assert.Single(Validate(new SimulatorOptions { StatePath = " " }));
    }

    private static string Token(string uid, string steps) =>
        $$"""{"version":1,"tokens":[{"uid":"{{uid}}","createdAt":"2026-06-13T07:00:00+00:00","steps":{{steps}},"id":"a","inspectionId":"b","vehicleId":"c","customerId":"d","creatorUserId":"e","apiTokenId":"f","sendingType":0,"validFor":"30.00:00:00"}]}""";

    private static TokenRegistry Registry(int seed) =>
        new(TimeProvider.System, new Random(seed), Options.Create(new SimulatorOptions { Seed = seed }));

    private TokenStatePersistence Persistence(TokenRegistry registry) =>
        new(registry, Options.Create(new SimulatorOptions { StatePath = StatePath }), TimeProvider.System, NullLogger<TokenStatePersistence>.Instance);

    private static List<ValidationResult> Validate(SimulatorOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
