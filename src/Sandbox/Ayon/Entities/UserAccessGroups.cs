using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// How AYON keeps a user's access groups in <c>data</c> (ayon-backend <c>api/users/users.py</c> <c>validate_user_data</c>
/// and <c>ayon_server/entities/user.py</c> <c>validate_access_groups</c>): <c>defaultAccessGroups</c> is a list of group
/// names, <c>accessGroups</c> maps a project name to a list of group names. A PATCH replaces these keys as a whole (the
/// one-level merge of <c>data</c>); on save, groups that do not exist, projects that do not exist and empty lists are
/// dropped, and an empty <c>accessGroups</c>/<c>defaultAccessGroups</c> is removed from <c>data</c>.
/// </summary>
internal static class UserAccessGroups
{
    /// <summary>400 when the keys have the wrong shape (<c>validate_user_data</c>), before anything is merged.</summary>
    public static void Validate(JsonObject? data)
    {
        if (data?["defaultAccessGroups"] is { } defaults && !(defaults is JsonArray list && list.All(IsString)))
        {
            throw new AyonBadRequestException("defaultAccessGroups must be a list of str");
        }

        if (data?["accessGroups"] is not { } groups)
        {
            return;
        }

        if (groups is not JsonObject byProject)
        {
            throw new AyonBadRequestException("accessGroups must be a dict");
        }

        if (byProject.Any(p => p.Value is not JsonArray names || !names.All(IsString)))
        {
            throw new AyonBadRequestException("acces group list must be a list of str");
        }
    }

    /// <summary>The clean-up on save: unknown groups and projects and empty lists go (in place).</summary>
    public static void Clean(AyonDb db, JsonObject data)
    {
        var existingGroups = new SqliteEntityStore(db).ListDocuments(EntityCollections.AccessGroups, null)
            .Select(g => g["name"]?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var defaults = (data["defaultAccessGroups"] as JsonArray ?? []).Select(Name).OfType<string>().Where(existingGroups.Contains).ToList();
        var byProject = new JsonObject();
        if (data["accessGroups"] is JsonObject groups)
        {
            var store = new SqliteEntityStore(db);
            foreach (var (project, names) in groups)
            {
                var kept = (names as JsonArray ?? []).Select(Name).OfType<string>().Where(existingGroups.Contains).ToList();
                if (kept.Count > 0 && store.GetProject(project) is not null)
                {
                    byProject[project] = new JsonArray([.. kept.Select(k => (JsonNode)JsonValue.Create(k))]);
                }
            }
        }

        data.Remove("accessGroups");
        data.Remove("defaultAccessGroups");
        if (byProject.Count > 0)
        {
            data["accessGroups"] = byProject;
        }

        if (defaults.Count > 0)
        {
            data["defaultAccessGroups"] = new JsonArray([.. defaults.Select(d => (JsonNode)JsonValue.Create(d))]);
        }
    }

    private static bool IsString(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out _);

    private static string? Name(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;
}
