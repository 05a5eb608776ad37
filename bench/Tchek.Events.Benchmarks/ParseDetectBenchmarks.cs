using System.Text;
using BenchmarkDotNet.Attributes;
using Tchek.Events.StatusPoller.Claim;
using Tchek.Events.StatusPoller.Decide;

namespace Tchek.Events.Benchmarks;

/// <summary>Parse + detect + schedule per payload, the pure core of every poll (./bench.sh --micro).</summary>
[MemoryDiagnoser]
public class ParseDetectBenchmarks
{
    private const string Uid = "T3D6288";
    private byte[] _unchanged = [];
    private byte[] _changed = [];
    private static readonly PollingOptions Policy = new();
    private TokenState _stored = null!;

    [GlobalSetup]
    public void Setup()
    {
        _unchanged = Encoding.UTF8.GetBytes(Payload(2, "2023-06-13T07:05:53.747Z"));
        _changed = Encoding.UTF8.GetBytes(Payload(5, "2023-06-13T07:15:53.747Z"));
        _stored = Decide(null, _unchanged).State!;
    }

    [Benchmark(Baseline = true)]
    public int Unchanged() => Decide(_stored, _unchanged).Events.Count;

    [Benchmark]
    public int Changed() => Decide(_stored, _changed).Events.Count;

    private static PollDecision Decide(TokenState? stored, byte[] body) =>
        PollDecision.Of(Uid, stored, 0, null, FetchResult.Answered(body), DateTimeOffset.UtcNow, 0, Policy);

    private static string Payload(int status, string statusAt) => $$$"""
        {"token":{"expired":false,"id":"zH10GzxInV","createdAt":"2023-06-13T07:01:31.475Z","updatedAt":"2023-06-13T07:05:53.879Z",
        "tradeinVehicle":true,"tradeinStatus":{{{status}}},"tradeinStatusUpdatedAt":"{{{statusAt}}}","sendingType":0,
        "tchekPtr":{"id":"cD3BrVtuhh","type":0,"percentDamage":null},"vehiclePtr":{"id":"iJgGBgndLi"},"customerPtr":{"id":"jI33qU2Dz1"},
        "creatorUserPtr":{"id":"xNsqRXw9gn"},"uid":"T3D6288","deviceId":"T3D6288-pwa","expiresIn":"2023-07-13T07:01:31.061Z",
        "options":{"thirdParty":false,"fastTrack":false,"shootInspect":true,"cost":false,"report":false,"downloadRoi":false,"loadTchek":true},
        "APITokenPtr":{"id":"lMIgFXXXXX"}},"webApiVersion":"v2"}
        """;
}
