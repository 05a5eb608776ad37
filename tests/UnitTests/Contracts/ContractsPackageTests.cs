using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml.Linq;
using Tchek.Events.Contracts;

namespace Tchek.Events.UnitTests.Contracts;

/// <summary>
/// The NuGet package a subscriber references: what it declares, that a .NET 8 project builds and runs
/// against it, and that package validation refuses a breaking change. These run <c>dotnet</c> (about a
/// minute in all); one class, so they never run at the same time.
/// </summary>
public sealed class ContractsPackageTests(PackedContracts package) : IClassFixture<PackedContracts>
{
    [Fact]
    public void The_package_targets_net8_and_net10_has_its_metadata_and_no_dependency()
    {
        using var zip = ZipFile.OpenRead(package.Path);
        var nuspec = XDocument.Load(zip.GetEntry($"{PackedContracts.Id}.nuspec")!.Open()).Root!;
        string? Value(string name) => nuspec.Descendants(nuspec.Name.Namespace + name).SingleOrDefault()?.Value;
        XElement Element(string name) => nuspec.Descendants(nuspec.Name.Namespace + name).Single();

        var groups = nuspec.Descendants(nuspec.Name.Namespace + "group").Select(g => (string?)g.Attribute("targetFramework")).Order();
        Assert.Equal(["net10.0", "net8.0"], groups);
        Assert.Empty(nuspec.Descendants(nuspec.Name.Namespace + "dependency"));
        Assert.NotNull(zip.GetEntry("lib/net8.0/Tchek.Events.Contracts.dll"));
        Assert.NotNull(zip.GetEntry("lib/net10.0/Tchek.Events.Contracts.dll"));

        Assert.False(string.IsNullOrWhiteSpace(Value("authors")));
        Assert.NotEqual(PackedContracts.Id, Value("authors"));
        Assert.Equal("expression", (string?)Element("license").Attribute("type"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("TryGetMessage<InspectionCompleted>", new StreamReader(zip.GetEntry("README.md")!.Open()).ReadToEnd(), StringComparison.Ordinal);
        Assert.StartsWith("https://", (string?)Element("repository").Attribute("url"), StringComparison.Ordinal);
        Assert.StartsWith("https://", Value("projectUrl"), StringComparison.Ordinal);
        Assert.Contains("masstransit", Value("tags"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.ChangeExtension(package.Path, ".snupkg")), "no symbol package beside the package");
    }

    [Fact]
    public void A_net8_project_restores_the_package_builds_and_runs_against_its_net8_assembly()
    {
        var consumer = Directory.CreateTempSubdirectory("tchek-contracts-consumer-");
        try
        {
            var packages = ThrowawayConsumer.Write(consumer.FullName, package);

            var build = DotnetCli.Run(consumer.FullName, "build", "-c", "Release", "--disable-build-servers");
            Assert.True(build.Succeeded, $"the net8.0 consumer did not build:\n{build.Output}");

            // Restored from the package just packed, not from a copy some cache already held.
            var restored = Path.Combine(packages, PackedContracts.Id.ToLowerInvariant(), package.Version.ToLowerInvariant(),
                $"{PackedContracts.Id.ToLowerInvariant()}.{package.Version.ToLowerInvariant()}.nupkg.sha512");
            Assert.True(File.Exists(restored), $"{PackedContracts.Id} {package.Version} was not restored into the consumer's own package folder");
            Assert.Equal(Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(package.Path))), File.ReadAllText(restored).Trim());

            var run = DotnetCli.Run(consumer.FullName, Path.Combine("bin", "Release", "net8.0", "Consumer.dll"));
            Assert.True(run.Succeeded, $"the consumer failed:\n{run.Output}");
            Assert.Equal(
                $".NETCoreApp,Version=v8.0 {TokenEventIds.For("T3D6288", 14)} T3D6288 14 5 True True Expired lead-42",
                run.Output.Trim());
        }
        finally
        {
            consumer.Delete(recursive: true);
        }
    }

    [Fact]
    public void Removing_a_published_member_fails_the_pack_with_the_compatibility_error()
    {
        var copy = Directory.CreateTempSubdirectory("tchek-contracts-breaking-");
        try
        {
            var contracts = ContractsCopy.Write(copy.FullName);
            var changed = Path.Combine(contracts, "Events", "TokenStatusChanged.cs");
            var source = File.ReadAllText(changed);
            Assert.Contains("int PreviousStatus", source, StringComparison.Ordinal);
            File.WriteAllText(changed, source.Replace("int PreviousStatus", "int FormerStatus", StringComparison.Ordinal));

            var pack = DotnetCli.Run(copy.FullName, "pack", "src/Contracts", "-c", "Release", "-o", Path.Combine(copy.FullName, "out"), "--disable-build-servers");

            Assert.False(pack.Succeeded, $"the pack of a contract without TokenStatusChanged.PreviousStatus passed:\n{pack.Output}");
            Assert.Contains("error CP0002: Member 'int Tchek.Events.Contracts.TokenStatusChanged.PreviousStatus.get' exists on [Baseline]", pack.Output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
