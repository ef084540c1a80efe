using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>A user row of the emulator (table <c>users</c>). Flags come from <c>data</c> as on the real server.</summary>
public sealed record AyonUserRecord(string Name, bool Active, JsonObject Attrib, JsonObject Data, string CreatedAt, string UpdatedAt)
{
    public bool IsService => Flag("isService");
    public bool IsGuest => Flag("isGuest");

    /// <summary>Service users are admins (unless guests); <c>isAdmin</c> in data as well.</summary>
    public bool IsAdmin => !IsGuest && (IsService || Flag("isAdmin"));

    /// <summary>Admins are managers; <c>isManager</c> in data as well.</summary>
    public bool IsManager => IsAdmin || (!IsGuest && Flag("isManager"));

    private bool Flag(string key) => Data[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>The user in the shape of <c>GET /api/users/me</c> (nulls omitted).</summary>
    public JsonObject ToJson()
    {
        var data = (JsonObject)Data.DeepClone();
        return new JsonObject
        {
            ["name"] = Name,
            ["active"] = Active,
            ["attrib"] = Attrib.DeepClone(),
            ["data"] = data,
            ["ownAttrib"] = new JsonArray([.. Attrib.Select(p => (JsonNode?)JsonValue.Create(p.Key))]),
            ["createdAt"] = CreatedAt,
            ["updatedAt"] = UpdatedAt,
        };
    }
}

/// <summary>
/// What one request to the emulator runs as, built by the auth middleware from the API key, <c>x-as-user</c>
/// and the context headers (ayon-protocol.md §1.2, §1.3). Endpoints read it with
/// <see cref="AyonRequestContextExtensions.Ayon(HttpContext)"/>.
/// </summary>
public sealed record AyonRequestContext
{
    /// <summary>The authenticated user, or the impersonated one when a service key sent <c>x-as-user</c>.</summary>
    public required AyonUserRecord User { get; init; }

    /// <summary>The user the key belongs to (differs from <see cref="User"/> when impersonating).</summary>
    public required AyonUserRecord KeyOwner { get; init; }

    public bool IsService => User.IsService;
    public bool IsAdmin => User.IsAdmin;
    public bool IsManager => User.IsManager;
    public bool IsGuest => User.IsGuest;

    /// <summary>Name of the acting user (recorded as event <c>user</c>).</summary>
    public string UserName => User.Name;

    /// <summary><c>x-sender</c> when present and valid, else null.</summary>
    public string? Sender { get; init; }

    /// <summary><c>x-sender-type</c> when present and valid; <c>"api"</c> otherwise.</summary>
    public required string SenderType { get; init; }

    /// <summary>The raw <c>x-sender-type</c> header (null when absent), for endpoints that answer 400 on a bad value.</summary>
    public string? SenderTypeHeader { get; init; }

    /// <summary>True when <c>x-sender-type</c> was sent but does not match the entity-name pattern.</summary>
    public bool SenderTypeHeaderInvalid => SenderTypeHeader is not null && !AyonNames.EntityName().IsMatch(SenderTypeHeader);
}

/// <summary>Access to the per-request <see cref="AyonRequestContext"/>.</summary>
public static class AyonRequestContextExtensions
{
    internal const string ItemKey = "ayon.context";

    /// <summary>The authenticated context; throws when the route allowed anonymous access and nobody authenticated.</summary>
    public static AyonRequestContext Ayon(this HttpContext httpContext) =>
        httpContext.AyonOrNull() ?? throw new InvalidOperationException("This request is not authenticated.");

    /// <summary>The authenticated context, or null for anonymous requests on anonymous routes.</summary>
    public static AyonRequestContext? AyonOrNull(this HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return httpContext.Items.TryGetValue(ItemKey, out var value) ? value as AyonRequestContext : null;
    }
}
