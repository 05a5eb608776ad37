using System.Globalization;
using System.Xml.Linq;

namespace Tchek.Events.UnitTests.Contracts;

/// <summary>
/// The packed <c>Tchek.Events.Contracts</c>: the one <c>.ci/run</c> packs into
/// <c>artifacts/packages</c> when it is newer than every source file, or else one this fixture packs
/// itself into a folder of its own, with a version no cache can already hold.
/// </summary>
public sealed class PackedContracts : IDisposable
{
    public const string Id = "Tchek.Events.Contracts";

    private readonly DirectoryInfo? _ownOutput;

    public PackedContracts()
    {
        var version = ProjectVersion();
        var ciPackage = new FileInfo(Repository.PathOf($"artifacts/packages/{Id}.{version}.nupkg"));
        if (ciPackage.Exists && ciPackage.LastWriteTimeUtc > NewestSource())
        {
            (Folder, Version) = (ciPackage.DirectoryName!, version);
            return;
        }

        _ownOutput = Directory.CreateTempSubdirectory("tchek-contracts-pack-");
        Version = $"{version}-test.{DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}";
        Folder = System.IO.Path.Combine(_ownOutput.FullName, "packages");
        // Its own artifacts path: the repository's bin and obj folders stay as the build left them.
        var pack = DotnetCli.Run(Repository.Root, "pack", "src/Contracts", "-c", "Release", "-o", Folder,
            "--artifacts-path", System.IO.Path.Combine(_ownOutput.FullName, "build"), $"-p:Version={Version}", "--disable-build-servers");
        if (!pack.Succeeded)
        {
            throw new InvalidOperationException($"dotnet pack src/Contracts failed (exit {pack.ExitCode}):\n{pack.Output}");
        }
    }

    /// <summary>The folder that holds the package: a package source.</summary>
    public string Folder { get; }

    public string Version { get; }

    public string Path => System.IO.Path.Combine(Folder, $"{Id}.{Version}.nupkg");

    /// <summary>The <c>&lt;Version&gt;</c> of src/Contracts: the version of the next release.</summary>
    public static string ProjectVersion() =>
        XDocument.Load(Repository.PathOf("src/Contracts/Tchek.Events.Contracts.csproj")).Descendants("Version").Single().Value;

    public void Dispose() => _ownOutput?.Delete(recursive: true);

    private static DateTime NewestSource()
    {
        var contracts = Repository.PathOf("src/Contracts");
        return Directory.EnumerateFiles(contracts, "*", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(System.IO.Path.GetRelativePath(contracts, file)))
            .Append(Repository.PathOf("Directory.Build.props"))
            .Max(File.GetLastWriteTimeUtc);
    }

    private static bool IsBuildOutput(string relative) => relative.Split(System.IO.Path.DirectorySeparatorChar)[0] is "bin" or "obj";
}
