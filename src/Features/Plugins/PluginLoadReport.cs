using System.Text.Json.Nodes;
using AyonFtrack.Features.Pipeline;

namespace AyonFtrack.Features.Plugins;

/// <summary>How one handler archive ended up.</summary>
public enum ArchiveLoadStatus
{
    /// <summary>At least one slice module was found and is handed to the host.</summary>
    Loaded,

    /// <summary>The archive could not be used (download, extraction, manifest, assemblies or modules).</summary>
    Failed,

    /// <summary>The archive is well formed but cannot run here (a newer manifest version, or Python handlers only).</summary>
    Unsupported,
}

/// <summary>What became of one handler archive.</summary>
/// <param name="AddonName">The addon that ships it.</param>
/// <param name="AddonVersion">That addon's version.</param>
/// <param name="Endpoint">Where it was downloaded from (relative to the AYON base URL).</param>
/// <param name="Status">Loaded, failed or unsupported.</param>
/// <param name="Reason">Why it failed or is unsupported; null when loaded.</param>
/// <param name="Modules">The full names of the slice module types it contributes.</param>
/// <param name="Problems">Things that went wrong without stopping the archive (a type that failed, Python files ignored, ...).</param>
public sealed record ArchiveLoadReport(
    string AddonName,
    string AddonVersion,
    string Endpoint,
    ArchiveLoadStatus Status,
    string? Reason,
    IReadOnlyList<string> Modules,
    IReadOnlyList<string> Problems)
{
    /// <summary>"addon version: status (reason)" on one line.</summary>
    public override string ToString()
    {
        var head = $"{AddonName} {AddonVersion}: {Status.ToString().ToLowerInvariant()}";
        return Status == ArchiveLoadStatus.Loaded
            ? $"{head} ({Modules.Count} module{(Modules.Count == 1 ? "" : "s")}{(Problems.Count > 0 ? $", {Problems.Count} problem{(Problems.Count == 1 ? "" : "s")}" : "")})"
            : $"{head} ({Reason})";
    }
}

/// <summary>
/// The load report of the custom handler archives of one variant, published by the processor as an AYON event so an
/// admin can see what runs, what failed and why (the original only printed it).
/// </summary>
/// <param name="Variant">The settings variant whose bundle was asked.</param>
/// <param name="Archives">One entry per archive, in the order they were listed.</param>
/// <param name="ListingError">Why the archive list could not be read; null when it could.</param>
public sealed record PluginLoadReport(string Variant, IReadOnlyList<ArchiveLoadReport> Archives, string? ListingError)
{
    /// <summary>Archives loaded.</summary>
    public int Loaded => Count(ArchiveLoadStatus.Loaded);

    /// <summary>Archives failed.</summary>
    public int Failed => Count(ArchiveLoadStatus.Failed);

    /// <summary>Archives unsupported.</summary>
    public int Unsupported => Count(ArchiveLoadStatus.Unsupported);

    /// <summary>True when nothing failed (unsupported archives are reported, not counted as failures).</summary>
    public bool Succeeded => ListingError is null && Failed == 0;

    /// <summary>One line: counts, then every archive with its outcome.</summary>
    public string Summary
    {
        get
        {
            var head = ListingError is not null
                ? $"Custom handlers ({Variant}): the list could not be read: {ListingError}"
                : Archives.Count == 0
                    ? $"Custom handlers ({Variant}): none offered"
                    : $"Custom handlers ({Variant}): {Loaded} loaded, {Failed} failed, {Unsupported} unsupported";
            var line = Archives.Count == 0 ? head : $"{head}: {string.Join("; ", Archives)}";
            return OneLine(line);
        }
    }

    /// <summary>The event payload: snake_case keys like the rest of the addon's AYON events.</summary>
    public JsonObject ToEventPayload() => new()
    {
        ["variant"] = Variant,
        ["summary"] = Summary,
        ["loaded"] = Loaded,
        ["failed"] = Failed,
        ["unsupported"] = Unsupported,
        ["listing_error"] = ListingError,
        ["archives"] = new JsonArray([.. Archives.Select(a => (JsonNode)new JsonObject
        {
            ["addon_name"] = a.AddonName,
            ["addon_version"] = a.AddonVersion,
            ["endpoint"] = a.Endpoint,
            ["status"] = a.Status.ToString().ToLowerInvariant(),
            ["reason"] = a.Reason,
            ["modules"] = new JsonArray([.. a.Modules.Select(m => (JsonNode)JsonValue.Create(m))]),
            ["problems"] = new JsonArray([.. a.Problems.Select(p => (JsonNode)JsonValue.Create(p))]),
        })]),
    };

    private int Count(ArchiveLoadStatus status) => Archives.Count(a => a.Status == status);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');
}

/// <summary>What <see cref="HandlerPluginLoader.LoadAsync"/> returns: the modules to add to the host, and the report.</summary>
/// <param name="Modules">The slice modules of every loaded archive; pass them to <c>Composition.AddAyonFtrack</c> as extra modules.</param>
/// <param name="Report">What happened to each archive.</param>
public sealed record PluginLoadResult(IReadOnlyList<ISliceModule> Modules, PluginLoadReport Report);
