using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary><c>GET /api/users/{name}</c> (full model for managers; ayon-protocol.md §3.6).</summary>
public sealed record UserModel
{
    public required string Name { get; init; }
    public bool Active { get; init; } = true;
    public JsonObject Attrib { get; init; } = [];
    public JsonObject Data { get; init; } = [];
    public IReadOnlyList<string> OwnAttrib { get; init; } = [];
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>
/// Body of <c>PUT /api/users/{name}</c> (create, 204; 409 when the user exists). The password is
/// never printed by <see cref="ToString"/>.
/// </summary>
public sealed record UserCreate
{
    public bool Active { get; init; } = true;
    public JsonObject Attrib { get; init; } = [];
    public JsonObject Data { get; init; } = [];

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; init; }

    public override string ToString() => $"UserCreate {{ Active = {Active}, Password = {(Password is null ? "none" : "***")} }}";

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Active = ").Append(Active).Append(", Password = ").Append(Password is null ? "none" : "***");
        return true;
    }
}

/// <summary>Body of <c>PATCH /api/users/{name}</c>; absent members are not sent.</summary>
public sealed record UserPatch
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Active { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Attrib { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }
}

/// <summary>One entry of <c>GET /api/accessGroups/_</c>.</summary>
public sealed record AccessGroupModel
{
    public required string Name { get; init; }
    public bool IsProjectLevel { get; init; }
}

/// <summary>Node of the GraphQL <c>users</c> listing. <see cref="AccessGroups"/> is a JSON string on the wire.</summary>
public sealed record UserNode
{
    public required string Name { get; init; }
    public bool Active { get; init; } = true;
    public bool IsAdmin { get; init; }
    public bool IsManager { get; init; }
    public bool IsService { get; init; }
    public bool IsGuest { get; init; }
    public bool IsDeveloper { get; init; }
    public bool HasPassword { get; init; }
    public IReadOnlyList<string> DefaultAccessGroups { get; init; } = [];
    public string? AccessGroups { get; init; }
    public UserNodeAttrib Attrib { get; init; } = new();
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary><see cref="AccessGroups"/> parsed: project name to access group names.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ParseAccessGroups() =>
        GraphQlJson.ParseObject(AccessGroups, "users.accessGroups") is { } parsed
            ? parsed.ToDictionary(
                p => p.Key,
                p => (IReadOnlyList<string>)(p.Value as JsonArray ?? []).Select(v => v?.GetValue<string>() ?? "").ToList(),
                StringComparer.Ordinal)
            : new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
}

/// <summary>The user attributes requested by the fixed users query.</summary>
public sealed record UserNodeAttrib
{
    public string? FullName { get; init; }
    public string? Email { get; init; }
    public string? AvatarUrl { get; init; }
}
