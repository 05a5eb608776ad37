namespace Tchek.Events.Contracts;

/// <summary>What the token grants, from the vendor's <c>token.options</c>. A missing flag reads as false.</summary>
public sealed record TokenOptions
{
    /// <summary><c>options.thirdParty</c>.</summary>
    public bool ThirdParty { get; init; }

    /// <summary><c>options.fastTrack</c>: false when the final user is not in charge of validating the damage.</summary>
    public bool FastTrack { get; init; }

    /// <summary><c>options.shootInspect</c>.</summary>
    public bool ShootInspect { get; init; }

    /// <summary><c>options.cost</c>: the token grants access to repair costs.</summary>
    public bool Cost { get; init; }

    /// <summary><c>options.report</c>: the token grants access to the report.</summary>
    public bool Report { get; init; }

    /// <summary><c>options.downloadRoi</c>: the token grants downloading the report's images.</summary>
    public bool DownloadRoi { get; init; }

    /// <summary><c>options.loadTchek</c>.</summary>
    public bool LoadTchek { get; init; }
}
