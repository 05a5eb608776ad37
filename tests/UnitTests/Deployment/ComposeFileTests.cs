using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Tchek.Events.UnitTests.Deployment;

/// <summary>
/// The compose file's rules, read as YAML (the same file `docker compose config` validates in .ci/run;
/// the compose CI job runs it for real): a PostgreSQL healthcheck that a first start's transient
/// server cannot pass, restart policies, a named data volume, images pinned to patch releases, and
/// a healthcheck on /health/ready for each app, on the port it listens on.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly YamlMappingNode Compose = Yaml.Document("docker-compose.yml");

    private static IEnumerable<KeyValuePair<string, YamlNode>> Services => Compose.At("services").Entries();

    // The apps built from deploy/Dockerfile, and where their routes are mapped.
    public static TheoryData<string, string> Apps => new()
    {
        { "poller", "src/StatusPoller" },
        { "simulator", "src/Simulator" },
        { "consumers", "src/Consumers.Sample" },
    };

    [Fact]
    public void Postgres_is_healthy_only_once_it_answers_over_tcp()
    {
        var test = string.Join(' ', Compose.At("services", "postgres", "healthcheck", "test").Items().Select(i => ((YamlScalarNode)i).Value));

        Assert.Contains("pg_isready -h 127.0.0.1 ", test, StringComparison.Ordinal);
    }

    // Services that do one thing and exit: a restart policy would run them again and again.
    private static readonly string[] OneShots = ["demo", "samples-queues", "postgres-init", "migrate"];

    [Fact]
    public void Long_running_services_restart_unless_stopped_and_the_one_shots_do_not()
    {
        Assert.All(Services.Where(s => !OneShots.Contains(s.Key)), s => Assert.True(s.Value.Text("restart") == "unless-stopped", $"{s.Key} has no restart: unless-stopped"));
        Assert.All(OneShots, name => Assert.Null(Compose.At("services", name, "restart")));
    }

    [Fact]
    public void Postgres_keeps_its_data_in_a_named_volume()
    {
        var declared = Compose.At("volumes").Entries().Select(v => v.Key).ToList();

        var data = Assert.Single(Compose.At("services", "postgres", "volumes").Items(), v => ((YamlScalarNode)v).Value!.EndsWith(":/var/lib/postgresql/data", StringComparison.Ordinal));
        Assert.Contains(((YamlScalarNode)data).Value!.Split(':')[0], declared);
    }

    [Fact]
    public void Every_image_is_pinned_to_a_patch_release()
    {
        var images = Services.Select(s => s.Value.Text("image")).OfType<string>()
            .Concat(File.ReadAllLines(Repository.PathOf("deploy/Dockerfile")).Select(l => From().Match(l)).Where(m => m.Success).Select(m => m.Groups["image"].Value))
            .ToList();

        Assert.True(images.Count >= 5, string.Join(", ", images));
        Assert.All(images, image => Assert.Matches(PinnedTag(), image));
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Each_app_has_a_readiness_healthcheck_on_the_port_it_listens_on(string service, string source)
    {
        var app = Compose.At("services", service)!;
        var test = app.At("healthcheck", "test").Items().Select(i => ((YamlScalarNode)i).Value!).ToList();
        var urls = new Uri(app.Text("environment", "Urls")!.Replace("0.0.0.0", "localhost", StringComparison.Ordinal));

        Assert.Equal(["CMD", "wget"], test.Take(2));
        var probe = new Uri(test[^1]);
        Assert.Equal(("127.0.0.1", urls.Port, "/health/ready"), (probe.Host, probe.Port, probe.AbsolutePath));
        // The route exists in the app or a project it references (the integration test DeploymentProbeTests asks the running app).
        Assert.Contains(ProjectReferences.Closure(source).SelectMany(folder => Directory.EnumerateFiles(Repository.PathOf(folder), "*.cs", SearchOption.AllDirectories)),
            file => File.ReadAllText(file).Contains("\"/health/ready\"", StringComparison.Ordinal));
        // wget is in the image: the .NET base images have no HTTP client of their own.
        Assert.Matches(@"apt-get install [^\n]*\bwget\b", File.ReadAllText(Repository.PathOf("deploy/Dockerfile")));
    }

    [Fact]
    public void A_dependency_with_a_healthcheck_is_waited_for_until_healthy()
    {
        var withHealthcheck = Services.Where(s => s.Value.At("healthcheck") is not null).Select(s => s.Key).ToHashSet();

        var dependencies = Services.SelectMany(s => s.Value.At("depends_on").Entries().Select(d => (Service: s.Key, DependsOn: d.Key, Condition: d.Value.Text("condition")))).ToList();
        Assert.NotEmpty(dependencies);
        Assert.All(dependencies.Where(d => withHealthcheck.Contains(d.DependsOn)), d => Assert.True(d.Condition == "service_healthy", $"{d.Service} waits for {d.DependsOn} only until {d.Condition}"));
    }

    [Fact]
    public void Published_ports_are_on_loopback_only()
    {
        var ports = Services.SelectMany(s => s.Value.At("ports").Items()).Select(p => ((YamlScalarNode)p).Value!).ToList();

        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
    }

    // registry/name:MAJOR.MINOR.PATCH with an optional variant (-alpine, -management-alpine). PostgreSQL
    // numbers its releases MAJOR.MINOR since version 10, the minor being the patch release; Prometheus
    // prefixes its tags with v (v3.1.0).
    [GeneratedRegex(@"^(postgres:\d+\.\d+|[a-z0-9./-]+:v?\d+\.\d+\.\d+)(-[a-z0-9.-]+)?$")]
    private static partial Regex PinnedTag();

    [GeneratedRegex(@"^FROM\s+(?<image>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex From();
}
