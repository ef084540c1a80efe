using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon.GraphQl;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// GraphQL fields of the entity module (ayon-protocol.md §3.10): root <c>users</c>, and under
/// <c>project(name:)</c> <c>folders</c>, <c>tasks</c>, <c>products</c>, <c>versions</c>,
/// <c>representations</c>, <c>activities</c> and <c>entityLists</c>, with the filter arguments the port uses
/// and Relay paging (cursor = creation counter). <c>allAttrib</c>, <c>data</c> and <c>activityData</c> are
/// JSON strings; <c>attrib</c> is the effective attribute object.
/// </summary>
internal static class EntityGraphQl
{
    public static void Register(AyonEmulator emulator)
    {
        var graphQl = emulator.GraphQl;
        graphQl.RegisterRootField("users", (context, cancellationToken) => UsersAsync(context, cancellationToken));
        graphQl.RegisterProjectField("folders", (c, ct) => EntitiesAsync(emulator, c, EntityKind.Folder, ct));
        graphQl.RegisterProjectField("tasks", (c, ct) => EntitiesAsync(emulator, c, EntityKind.Task, ct));
        graphQl.RegisterProjectField("products", (c, ct) => EntitiesAsync(emulator, c, EntityKind.Product, ct));
        graphQl.RegisterProjectField("versions", (c, ct) => EntitiesAsync(emulator, c, EntityKind.Version, ct));
        graphQl.RegisterProjectField("representations", (c, ct) => EntitiesAsync(emulator, c, EntityKind.Representation, ct));
        graphQl.RegisterProjectField("activities", (c, ct) => ActivitiesAsync(c, ct));
        graphQl.RegisterProjectField("entityLists", (c, ct) => EntityListsAsync(emulator, c, ct));
        foreach (var (field, key) in ProjectScalars)
        {
            graphQl.RegisterProjectField(field, (c, ct) => c.Store.ReadAsync(
                db => EntityRequests.Engine(emulator, db).Store.GetProject(c.ProjectName!)?[key]?.DeepClone(), ct));
        }
    }

    /// <summary>Scalar fields of <c>ProjectNode</c> (GraphQL name, stored key).</summary>
    private static readonly (string Field, string Key)[] ProjectScalars =
        [("name", "name"), ("projectName", "name"), ("code", "code"), ("label", "label"), ("active", "active"), ("library", "library")];

    private static async Task<JsonNode?> UsersAsync(GqlFieldContext context, CancellationToken cancellationToken)
    {
        var names = context.Field.StringsArg("names");
        var emails = context.Field.StringsArg("emails")?.Select(e => e.ToUpperInvariant()).ToHashSet();
        var users = await context.Store.ReadAsync(db => db.Query("SELECT rowid, name FROM users ORDER BY rowid", r => (r.GetInt64(0), r.GetString(1)))
            .Select(row => (row.Item1, User: AyonEmulator.FindUser(db, row.Item2)!))
            .ToList(), cancellationToken);
        var rows = users
            .Where(u => names is null || names.Contains(u.User.Name))
            .Where(u => emails is null || (u.User.Attrib["email"] is JsonValue v && v.TryGetValue<string>(out var email) && emails.Contains(email.ToUpperInvariant())))
            .Select(u => (u.Item1, UserEndpoints.ToNode(u.User)))
            .ToList();
        return GqlPaging.Connection(rows, context.Field);
    }

    private static Task<JsonNode?> EntitiesAsync(AyonEmulator emulator, GqlFieldContext context, EntityKind kind, CancellationToken cancellationToken)
    {
        var field = context.Field;
        var project = context.ProjectName!;
        return context.Store.ReadAsync<JsonNode?>(db =>
        {
            var engine = EntityRequests.Engine(emulator, db);
            var rows = new List<(long, JsonObject)>();
            IReadOnlyList<JsonObject>? links = null;
            foreach (var (seq, entity) in engine.Store.AllWithSeq(project, kind, field.StringsArg("ids"), ParentNarrowing(field, kind)))
            {
                if (Matches(field, kind, entity) && (kind != EntityKind.Folder || MatchesPath(field, engine.PathOf(project, kind, entity) ?? "")))
                {
                    var node = ToNode(engine, project, kind, entity);
                    LinkGraphQl.Attach(engine, project, field, node, ref links);
                    rows.Add((seq, node));
                }
            }

            return GqlPaging.Connection(rows, field);
        }, cancellationToken);
    }

    private static JsonObject ToNode(EntityEngine engine, string project, EntityKind kind, JsonObject entity)
    {
        var node = engine.Read(project, kind, entity);
        node["allAttrib"] = (node["attrib"] as JsonObject ?? []).ToJsonString();
        node["data"] = (entity["data"] as JsonObject ?? []).ToJsonString();
        if (kind == EntityKind.Folder && !node.ContainsKey("parentId"))
        {
            node["parentId"] = null;
        }

        if (kind == EntityKind.Folder)
        {
            node["hasProducts"] = engine.Store.HasChildren(project, EntityKind.Product, EntityEngine.Str(entity, "id") ?? "");
        }

        return node;
    }

    /// <summary>The parent ids a query names, for narrowing in SQL (<see cref="Matches"/> still applies every filter); null when it names none, or names the root.</summary>
    private static IReadOnlyCollection<string>? ParentNarrowing(GqlField field, EntityKind kind)
    {
        var argument = kind == EntityKind.Folder ? "parentIds"
            : kind == EntityKind.Task || kind == EntityKind.Product ? "folderIds"
            : kind == EntityKind.Version ? "productIds"
            : kind == EntityKind.Representation ? "versionIds"
            : null;
        var parents = argument is null ? null : field.StringsArg(argument);
        return parents is null || parents.Contains("root") ? null : parents;
    }

    /// <summary>
    /// The folder filters <c>paths</c> and <c>pathEx</c> of ayon-backend's folders resolver: <c>paths</c> lists exact paths
    /// (compared with the leading and trailing <c>/</c> stripped; an empty list matches nothing); <c>pathEx</c> is a
    /// regular expression searched (unanchored, case-sensitive, like PostgreSQL's <c>~</c>) in the path with one leading
    /// <c>/</c>.
    /// </summary>
    private static bool MatchesPath(GqlField field, string path)
    {
        var bare = path.Trim('/');
        if (field.StringsArg("paths") is { } paths && !paths.Any(p => p.Trim('/') == bare))
        {
            return false;
        }

        if (field.StringArg("pathEx") is { } pattern)
        {
            try
            {
                return System.Text.RegularExpressions.Regex.IsMatch("/" + bare, pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                throw new GqlFieldException($"invalid regular expression in pathEx: {ex.Message}");
            }
        }

        return true;
    }

    private static bool Matches(GqlField field, EntityKind kind, JsonObject entity)
    {
        bool In(string argument, string key)
        {
            var values = field.StringsArg(argument);
            return values is null || values.Contains(EntityEngine.Str(entity, key) ?? "");
        }

        if (!In("ids", "id") || !In("statuses", "status"))
        {
            return false;
        }

        if (field.StringsArg("tags") is { } tags && !(entity["tags"] as JsonArray ?? []).Any(t => tags.Contains(t?.GetValue<string>() ?? "")))
        {
            return false;
        }

        if (kind == EntityKind.Folder)
        {
            if (field.StringsArg("parentIds") is { } parents
                && !parents.Contains(EntityEngine.Str(entity, "parentId") ?? "root"))
            {
                return false;
            }

            return In("names", "name") && In("folderTypes", "folderType");
        }

        if (kind == EntityKind.Task)
        {
            var assignees = (entity["assignees"] as JsonArray ?? []).Select(a => a?.GetValue<string>() ?? "").ToList();
            if (field.StringsArg("assignees") is { } all && !all.All(assignees.Contains))
            {
                return false;
            }

            if (field.StringsArg("assigneesAny") is { } any && !any.Any(assignees.Contains))
            {
                return false;
            }

            return In("names", "name") && In("taskTypes", "taskType") && In("folderIds", "folderId");
        }

        if (kind == EntityKind.Product)
        {
            return In("names", "name") && In("folderIds", "folderId") && In("productTypes", "productType");
        }

        if (kind == EntityKind.Version)
        {
            if (field.Arguments.TryGetValue("versions", out var versions) && versions is JsonArray numbers
                && !numbers.Any(n => JsonNode.DeepEquals(n, entity["version"])))
            {
                return false;
            }

            return In("productIds", "productId") && In("taskIds", "taskId");
        }

        return In("names", "name") && In("versionIds", "versionId");
    }

    private static Task<JsonNode?> ActivitiesAsync(GqlFieldContext context, CancellationToken cancellationToken)
    {
        var field = context.Field;
        var project = context.ProjectName!;
        var ids = field.StringsArg("activityIds");
        var types = field.StringsArg("activityTypes");
        var entityIds = field.StringsArg("entityIds");
        var entityType = field.StringArg("entityType");
        var authors = field.StringsArg("authors");
        var changedAfter = AyonTime.Parse(field.StringArg("changedAfter"));
        var changedBefore = AyonTime.Parse(field.StringArg("changedBefore"));
        if (field.StringArg("changedAfter") is { Length: > 0 } after && changedAfter is null)
        {
            throw new GqlFieldException($"changedAfter '{after}' is not an ISO timestamp");
        }

        return context.Store.ReadAsync<JsonNode?>(db =>
        {
            var rows = new SqliteEntityStore(db).ListDocumentsWithSeq(EntityCollections.Activities, project)
                .Where(a => ids is null || ids.Contains(EntityEngine.Str(a.Body, "id") ?? ""))
                .Where(a => types is null || types.Contains(EntityEngine.Str(a.Body, "activityType") ?? ""))
                .Where(a => entityIds is null || entityIds.Contains(EntityEngine.Str(a.Body, "entityId") ?? ""))
                .Where(a => entityType is null || entityType == EntityEngine.Str(a.Body, "entityType"))
                .Where(a => authors is null || authors.Contains(EntityEngine.Str(a.Body, "author") ?? ""))
                .Where(a => changedAfter is null || AyonTime.Parse(EntityEngine.Str(a.Body, "updatedAt")) > changedAfter)
                .Where(a => changedBefore is null || AyonTime.Parse(EntityEngine.Str(a.Body, "updatedAt")) < changedBefore)
                .OrderBy(a => AyonTime.Parse(EntityEngine.Str(a.Body, "createdAt")))
                .ThenBy(a => a.Seq)
                .Select(a => (a.Seq, ActivityEndpoints.ToNode(a.Body)))
                .ToList();
            return GqlPaging.Connection(rows, field);
        }, cancellationToken);
    }

    private static Task<JsonNode?> EntityListsAsync(AyonEmulator emulator, GqlFieldContext context, CancellationToken cancellationToken)
    {
        var field = context.Field;
        var project = context.ProjectName!;
        var ids = field.StringsArg("ids");
        return context.Store.ReadAsync<JsonNode?>(db =>
        {
            var engine = EntityRequests.Engine(emulator, db);
            JsonObject? EntityNode(string entityType, string entityId) =>
                EntityKind.Find(entityType) is { } kind && engine.Store.Get(project, kind, entityId) is { } entity ? ToNode(engine, project, kind, entity) : null;
            var rows = new SqliteEntityStore(db).ListDocumentsWithSeq(EntityCollections.Lists, project)
                .Where(l => ids is null || ids.Contains(EntityEngine.Str(l.Body, "id") ?? ""))
                .Select(l => (l.Seq, EntityListEndpoints.ToNode(l.Body, EntityNode)))
                .ToList();
            return GqlPaging.Connection(rows, field);
        }, cancellationToken);
    }
}
