using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Refit;

namespace AyonFtrack.Features.Ayon;

/// <summary>
/// AYON's actions (ayon-backend <c>api/actions</c>): the actions addons offer for a context, and running one. Used by
/// the desktop client's Applications action (behaviour reference U-01).
/// </summary>
public partial interface IAyonApi
{
    /// <summary>
    /// <c>POST /api/actions/list?mode=&amp;variant=</c>: the actions available for <paramref name="context"/> (guests get
    /// none); <paramref name="mode"/> <c>simple</c>, <c>dynamic</c> or <c>all</c>; <paramref name="variant"/> the bundle
    /// (production when null).
    /// </summary>
    [Post("/api/actions/list")]
    Task<AyonActionList> ListActionsAsync([Body] AyonActionContext context, [Query] string? mode, [Query] string? variant, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /api/actions/execute?addonName&amp;addonVersion&amp;identifier&amp;variant</c>: runs an addon's action on
    /// <paramref name="context"/>. The server needs an <c>Authorization</c> header (403 without) and takes the server URL
    /// it gives a launcher from <paramref name="referer"/>; 404 when the addon version does not exist.
    /// </summary>
    [Post("/api/actions/execute")]
    Task<AyonActionResult> ExecuteActionAsync([Body] AyonActionContext context, [Query] string addonName, [Query] string addonVersion,
        [Query] string identifier, [Query] string variant, [Header("referer")] string? referer, CancellationToken cancellationToken);
}

/// <summary>The context of an action (ayon-backend <c>ActionContext</c>).</summary>
/// <param name="ProjectName">The project; without it the other fields are ignored (global actions).</param>
/// <param name="EntityType"><c>project</c>, <c>list</c>, <c>folder</c>, <c>task</c>, <c>product</c>, <c>version</c>, <c>representation</c> or <c>workfile</c>.</param>
/// <param name="EntityIds">The selected entities.</param>
/// <param name="EntitySubtypes">Their subtypes (task types, folder types); the server matches simple actions by them.</param>
public sealed record AyonActionContext(string? ProjectName, string? EntityType, IReadOnlyList<string>? EntityIds, IReadOnlyList<string>? EntitySubtypes = null);

/// <summary>The answer of <c>POST /api/actions/list</c>.</summary>
public sealed record AyonActionList(IReadOnlyList<AyonActionManifest>? Actions);

/// <summary>One available action (ayon-backend <c>BaseActionManifest</c>, nulls left out by the server).</summary>
public sealed record AyonActionManifest(
    string Identifier,
    string Label,
    string? GroupLabel,
    string? Description,
    string? Category,
    AyonActionIcon? Icon,
    string? AddonName,
    string? AddonVersion,
    string? Variant,
    int? Order);

/// <summary>An action's icon: <c>type</c> <c>url</c> (with <c>url</c>, possibly server-relative) or <c>material-symbols</c> (with <c>name</c>).</summary>
public sealed record AyonActionIcon(string? Type, string? Name, string? Color, string? Url);

/// <summary>
/// The answer of <c>POST /api/actions/execute</c> (ayon-backend <c>ExecuteResponseModel</c>): <c>type</c> <c>launcher</c>
/// carries <c>payload.uri</c> (<c>ayon-launcher://action?server_url=...&amp;token=...</c>).
/// </summary>
public sealed record AyonActionResult(string? Type, bool? Success, string? Message, JsonObject? Payload)
{
    /// <summary>The launcher response's type.</summary>
    public const string LauncherType = "launcher";

    /// <summary><c>payload.uri</c> when present.</summary>
    [JsonIgnore]
    public string? Uri => Payload?["uri"] is JsonValue v && v.TryGetValue<string>(out var uri) ? uri : null;
}
