using System.Text;
using BenchmarkDotNet.Attributes;
using Tchek.Events.StatusPoller.Detection;

namespace Tchek.Events.Benchmarks;

/// <summary>Parse + detect per payload, the pure core of every poll (./bench.sh --micro).</summary>
[MemoryDiagnoser]
public class ParseDetectBenchmarks
{
    private const string Uid = "T3D6288";
    private byte[] _unchanged = [];
    private byte[] _changed = [];
    private TokenState _stored = null!;

    [GlobalSetup]
    public void Setup()
    {
        _unchanged = Encoding.UTF8.GetBytes(Payload(2, "2023-06-13T07:05:53.747Z"));
        _changed = Encoding.UTF8.GetBytes(Payload(5, "2023-06-13T07:15:53.747Z"));
        _stored = Observation.Of(null, Uid, _unchanged, DateTimeOffset.UtcNow).State!;
    }

    [Benchmark(Baseline = true)]
    public int Unchanged() => Observation.Of(_stored, Uid, _unchanged, DateTimeOffset.UtcNow).Events.Count;

    [Benchmark]
    public int Changed() => Observation.Of(_stored, Uid, _changed, DateTimeOffset.UtcNow).Events.Count;

    private static string Payload(int status, string statusAt) => $$$"""
        {"token":{"expired":false,"id":"zH10GzxInV","createdAt":"2023-06-13T07:01:31.475Z","updatedAt":"2023-06-13T07:05:53.879Z",
        "tradeinVehicle":true,"tradeinStatus":{{{status}}},"tradeinStatusUpdatedAt":"{{{statusAt}}}","sendingType":0,
        "tchekPtr":{"id":"cD3BrVtuhh","type":0,"percentDamage":null},"vehiclePtr":{"id":"iJgGBgndLi"},"customerPtr":{"id":"jI33qU2Dz1"},
        "creatorUserPtr":{"id":"xNsqRXw9gn"},"uid":"T3D6288","deviceId":"T3D6288-pwa","expiresIn":"2023-07-13T07:01:31.061Z",
        "options":{"thirdParty":false,"fastTrack":false,"shootInspect":true,"cost":false,"report":false,"downloadRoi":false,"loadTchek":true},
        "APITokenPtr":{"id":"lMIgFXXXXX"}},"webApiVersion":"v2"}
        """;
}
