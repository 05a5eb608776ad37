using System.Security;

namespace Tchek.Events.UnitTests.Contracts;

/// <summary>
/// A .NET 8 subscriber's project, as one would start it: a PackageReference to the packed contracts,
/// a nuget.config that adds the pack folder to the machine's sources, and code that uses the types.
/// </summary>
internal static class ThrowawayConsumer
{
    /// <summary>Writes the project into <paramref name="directory"/>; returns its own package folder.</summary>
    public static string Write(string directory, PackedContracts package)
    {
        // Nothing of the repository (or of any folder above) is imported: the project stands alone.
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(directory, file), "<Project />\n");
        }

        // A package folder of its own, so a stale copy of this version cannot be picked up; the
        // machine's folder as a fallback, so the .NET 8 targeting pack is not downloaded again.
        var packages = Path.Combine(directory, "packages");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{SecurityElement.Escape(packages)}" />
              </config>
              <fallbackPackageFolders>
                <add key="machine" value="{SecurityElement.Escape(MachinePackageFolder())}" />
              </fallbackPackageFolders>
              <packageSources>
                <add key="tchek-contracts" value="{SecurityElement.Escape(package.Folder)}" />
              </packageSources>
            </configuration>
            """);

        // RollForward: a net8.0 program that also runs where only a newer runtime is installed.
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RollForward>Major</RollForward>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackedContracts.Id}" Version="[{package.Version}]" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using System.Reflection;
            using System.Runtime.Versioning;
            using Tchek.Events.Contracts;

            var completed = new InspectionCompleted
            {
                EventId = TokenEventIds.For("T3D6288", 14),
                TokenUid = "T3D6288",
                Sequence = 14,
                Status = TokenStatusCodes.Completed,
                PercentDamage = 12.5m,
                Options = new TokenOptions { Report = true, Cost = true },
            };
            ITokenEvent tokenEvent = completed;
            var stopped = new TokenTrackingStopped { Reason = TrackingStopReasons.Expired };
            var command = new TrackToken { TokenUid = tokenEvent.TokenUid, ExternalReference = "lead-42" };
            var framework = typeof(ITokenEvent).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;

            Console.WriteLine($"{framework} {tokenEvent.EventId} {tokenEvent.TokenUid} {tokenEvent.Sequence} {tokenEvent.Status} "
                + $"{TokenStatusCodes.IsProgress(tokenEvent.Status)} {completed.Options?.Report} {stopped.Reason} {command.ExternalReference}");
            """);
        return packages;
    }

    /// <summary>The machine's global package folder, as NuGet itself reports it.</summary>
    private static string MachinePackageFolder()
    {
        const string Prefix = "global-packages: ";
        var locals = DotnetCli.Run(Path.GetTempPath(), "nuget", "locals", "global-packages", "--list");
        var line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        return line?[Prefix.Length..] ?? throw new InvalidOperationException($"dotnet nuget locals gave no global-packages folder:\n{locals.Output}");
    }
}
