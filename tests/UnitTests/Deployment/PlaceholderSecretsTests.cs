using System.Text.RegularExpressions;
using Tchek.Events.StatusPoller.Hosting.Rules;
using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>
/// Finding 7: every placeholder secret the repository ships is one the poller recognises (and so
/// refuses outside Development), read from the deploy files themselves, so a new one cannot slip by.
/// </summary>
public sealed partial class PlaceholderSecretsTests
{
    [Fact]
    public void Every_value_of_the_kubernetes_secret_template_is_a_recognised_placeholder()
    {
        var values = Yaml.Documents("deploy/kubernetes/secret.yaml")
            .Where(d => d.Text("kind") == "Secret")
            .SelectMany(d => ((YamlMappingNode)d.At("stringData")!).Children)
            .Select(kv => new KeyValuePair<string, string?>(((YamlScalarNode)kv.Key).Value!, ((YamlScalarNode)kv.Value).Value))
            .ToList();

        Assert.NotEmpty(values);
        Assert.Equal(values.Select(v => v.Key).Order(StringComparer.OrdinalIgnoreCase), ShippedPlaceholders.Find(values));
    }

    [Fact]
    public void The_template_placeholders_are_in_the_list_itself_not_only_caught_by_prefix()
    {
        var text = File.ReadAllText(Repository.PathOf("deploy/kubernetes/secret.yaml"));
        var shipped = PlaceholderWord().Matches(text).Select(m => m.Value).Distinct();

        Assert.All(shipped, placeholder => Assert.Contains(placeholder, ShippedPlaceholders.Values));
    }

    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData("run.sh")]
    [InlineData("scripts/dotenv.sh")]
    [InlineData("src/StatusPoller/appsettings.json")]
    public void Compose_run_sh_and_appsettings_give_the_poller_no_literal_api_key_or_broker_password(string file)
    {
        // Literal values of secret-named settings (Api__Keys__0: x, TCHEK_API_KEY=x, amqp://u:x@h) must be
        // references (${VAR}, $VAR, $(...)) or recognised placeholders; a literal would ship a secret.
        var text = File.ReadAllText(Repository.PathOf(file));
        var literals = SecretSetting().Matches(text).Select(m => m.Groups["value"].Value.Trim('"', '\''))
            .Concat(AmqpPassword().Matches(text).Select(m => m.Groups["password"].Value))
            .Where(value => value.Length > 0 && !value.StartsWith('$') && !ShippedPlaceholders.Is(value))
            // run.sh's loopback services (scripts/services.sh): the Debian postgres password and RabbitMQ's
            // guest account (which the broker refuses off loopback). Not refused at start: the tests use them too.
            .Where(value => value is not ("guest" or "postgres"))
            .ToList();

        Assert.Empty(literals);
    }

    [Theory]
    [InlineData("Api:Keys:0", "REPLACE-ME-with-a-long-random-key")]
    [InlineData("Api:Clients:crm:Key", "replace-me-0123456789abcdef0123456789")]
    [InlineData("ConnectionStrings:Postgres", "Host=postgres;Username=tchek;Password=REPLACE-ME;Database=tchek_events")]
    [InlineData("ConnectionStrings:RabbitMq", "amqp://tchek-poller:REPLACE-ME@rabbitmq:5672/")]
    [InlineData("Tchek:ApiKey", "REPLACE-ME")]
    public void A_placeholder_is_found_by_the_option_that_holds_it(string option, string value)
    {
        Assert.Equal([option], ShippedPlaceholders.Find([new(option, value), new("Api:KeyHeader", "X-Api-Key")]));
    }

    [Theory]
    [InlineData("Host=postgres;Username=replace;Password=s3cr3t-0123;Database=tchek_events")]
    [InlineData("amqp://tchek-poller:s3cr3t@rabbitmq:5672/")]
    [InlineData("a-real-key-that-mentions-REPLACE-ME-late")]
    [InlineData("")]
    public void Real_secrets_are_not_placeholders(string value)
    {
        Assert.Empty(ShippedPlaceholders.Find([new("ConnectionStrings:Postgres", value)]));
    }

    [GeneratedRegex("REPLACE-ME[A-Za-z0-9-]*")]
    private static partial Regex PlaceholderWord();

    [GeneratedRegex(@"(?im)^\s*(?:export\s+)?(?:Api__Keys__\d+|Api__Clients__\w+__Key|TCHEK_API_KEY|\w*PASSWORD)\s*[:=]\s*(?<value>[^\s#]*)")]
    private static partial Regex SecretSetting();

    [GeneratedRegex(@"amqps?://[^:/\s]+:(?<password>[^@\s]+)@")]
    private static partial Regex AmqpPassword();
}
