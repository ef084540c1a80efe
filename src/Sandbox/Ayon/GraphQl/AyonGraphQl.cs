using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.GraphQl;

/// <summary>Resolves one GraphQL field to JSON; the result is trimmed to the field's selection by the dispatcher.</summary>
public delegate Task<JsonNode?> GqlResolver(GqlFieldContext context, CancellationToken cancellationToken);

/// <summary>What a resolver gets: the field, the request context, the store, and for project sub-fields the project name.</summary>
public sealed record GqlFieldContext(GqlField Field, AyonRequestContext Request, AyonStore Store, string? ProjectName);

/// <summary>
/// The emulator's GraphQL dispatcher (<c>POST /graphql</c>). Code registers root fields
/// (<see cref="RegisterRootField"/>, e.g. <c>events</c>, <c>users</c>) and sub-fields of <c>project(name:)</c>
/// (<see cref="RegisterProjectField"/>, e.g. <c>folders</c>, <c>activities</c>). A resolver returns the full
/// JSON of its value (objects may carry more keys than selected); the dispatcher projects it onto the
/// selection (see <see cref="GqlProjection"/>). Unknown fields become GraphQL errors with HTTP 200.
/// </summary>
public sealed class AyonGraphQl
{
    private readonly Dictionary<string, GqlResolver> _root = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GqlResolver> _project = new(StringComparer.Ordinal);

    /// <summary>
    /// Optional check whether a project exists (set by the entity module); when it returns false,
    /// <c>project(name:)</c> resolves to null. Without it every name resolves.
    /// </summary>
    public Func<AyonDb, string, bool>? ProjectExists { get; set; }

    /// <summary>Registers (or replaces) a root field.</summary>
    public void RegisterRootField(string name, GqlResolver resolver)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(resolver);
        _root[name] = resolver;
    }

    /// <summary>Registers (or replaces) a field of <c>project(name:)</c>; its context carries the project name.</summary>
    public void RegisterProjectField(string name, GqlResolver resolver)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(resolver);
        _project[name] = resolver;
    }

    /// <summary>Executes a query document and returns the response object (<c>data</c> and possibly <c>errors</c>).</summary>
    public async Task<JsonObject> ExecuteAsync(string query, JsonObject? variables, AyonRequestContext request, AyonStore store, CancellationToken cancellationToken)
    {
        GqlDocument document;
        try
        {
            document = GqlParser.Parse(query, variables);
        }
        catch (GqlSyntaxException ex)
        {
            return ErrorResponse(null, "Syntax error: " + ex.Message);
        }

        var data = new JsonObject();
        var errors = new JsonArray();
        foreach (var field in document.Selection)
        {
            try
            {
                data[field.ResponseName] = field.Name switch
                {
                    "__typename" => "Query",
                    "project" when !_root.ContainsKey("project") => await ResolveProjectAsync(field, request, store, cancellationToken),
                    _ when _root.TryGetValue(field.Name, out var resolver) =>
                        GqlProjection.Project(await resolver(new GqlFieldContext(field, request, store, null), cancellationToken), field.Selection),
                    _ => throw new GqlFieldException($"Cannot query field '{field.Name}' on type 'Query'."),
                };
            }
            catch (Exception ex) when (ex is GqlFieldException or AyonBadRequestException or AyonHttpException)
            {
                var error = new JsonObject { ["message"] = ex.Message, ["path"] = new JsonArray(field.ResponseName) };
                if (ex is AyonHttpException http)
                {
                    // AyonSchema.process_errors: an AyonException's status travels in the error's extensions.
                    error["extensions"] = new JsonObject { ["status"] = http.Status };
                }

                errors.Add(error);
            }
        }

        // The root fields the server offers are non-null (project: ProjectNode, users: UsersConnection, ...), so an
        // error in one nulls the whole data object, as GraphQL's null propagation does on the real server.
        return errors.Count > 0
            ? new JsonObject { ["data"] = null, ["errors"] = errors }
            : new JsonObject { ["data"] = data };
    }

    private static JsonObject ErrorResponse(JsonNode? data, string message) => new()
    {
        ["data"] = data,
        ["errors"] = new JsonArray(new JsonObject { ["message"] = message }),
    };

    private async Task<JsonNode?> ResolveProjectAsync(GqlField field, AyonRequestContext request, AyonStore store, CancellationToken cancellationToken)
    {
        var name = field.StringArg("name") ?? throw new GqlFieldException("Field 'project' argument 'name' of type 'String!' is required.");
        if (ProjectExists is { } exists && !await store.ReadAsync(db => exists(db, name), cancellationToken))
        {
            // resolvers/projects.py get_project: NotFoundException("Project not found").
            throw new AyonHttpException(404, "Project not found");
        }

        var result = new JsonObject();
        foreach (var sub in field.Selection)
        {
            if (sub.Name == "__typename")
            {
                result[sub.ResponseName] = "ProjectNode";
                continue;
            }

            if (!_project.TryGetValue(sub.Name, out var resolver))
            {
                throw new GqlFieldException($"Cannot query field '{sub.Name}' on type 'ProjectNode'.");
            }

            result[sub.ResponseName] = GqlProjection.Project(await resolver(new GqlFieldContext(sub, request, store, name), cancellationToken), sub.Selection);
        }

        return result;
    }
}

/// <summary>A resolver's error for one field (reported in <c>errors</c> with HTTP 200).</summary>
public sealed class GqlFieldException : Exception
{
    public GqlFieldException()
    {
    }

    public GqlFieldException(string message) : base(message)
    {
    }

    public GqlFieldException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>Projects full JSON values onto a GraphQL selection (aliases applied; missing keys become null).</summary>
public static class GqlProjection
{
    /// <summary>
    /// Projects <paramref name="value"/>: objects keep only the selected keys (recursively), arrays are
    /// projected item by item, scalars are returned as they are. An empty selection returns a clone.
    /// </summary>
    public static JsonNode? Project(JsonNode? value, IReadOnlyList<GqlField> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (value is null || selection.Count == 0)
        {
            return value?.DeepClone();
        }

        return value switch
        {
            JsonArray array => new JsonArray([.. array.Select(item => Project(item, selection))]),
            JsonObject obj => ProjectObject(obj, selection),
            _ => value.DeepClone(),
        };
    }

    private static JsonObject ProjectObject(JsonObject obj, IReadOnlyList<GqlField> selection)
    {
        var result = new JsonObject();
        foreach (var field in selection)
        {
            result[field.ResponseName] = obj.TryGetPropertyValue(field.Name, out var v) ? Project(v, field.Selection) : null;
        }

        return result;
    }
}

/// <summary>
/// Relay-style paging over an ordered list (oldest first): <c>first</c>/<c>after</c> walk forwards;
/// <c>last</c> (with optional <c>before</c>) returns newest first, as the AYON server does for events; when
/// both are given, <c>first</c> is the page size and the order is newest first.
/// </summary>
public static class GqlPaging
{
    /// <summary>Default page size when neither <c>first</c> nor <c>last</c> is given.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Builds <c>{edges:[{node,cursor}], pageInfo}</c> from items in ascending order with their cursors.</summary>
    public static JsonObject Connection(IReadOnlyList<(long Cursor, JsonObject Node)> ascending, GqlField field)
    {
        ArgumentNullException.ThrowIfNull(ascending);
        ArgumentNullException.ThrowIfNull(field);
        var first = field.IntArg("first");
        var last = field.IntArg("last");
        var after = ParseCursor(field.StringArg("after"));
        var before = ParseCursor(field.StringArg("before"));
        IEnumerable<(long Cursor, JsonObject Node)> items = ascending;
        if (after is { } a)
        {
            items = items.Where(i => i.Cursor > a);
        }

        if (before is { } b)
        {
            items = items.Where(i => i.Cursor < b);
        }

        bool hasNext = false, hasPrevious = false;
        List<(long Cursor, JsonObject Node)> page;
        if (last is not null)
        {
            var size = first ?? last.Value;
            page = [.. items.Reverse().Take(size)];
            hasNext = first is not null && page.Count >= first;
            hasPrevious = first is null && page.Count >= last;
        }
        else
        {
            var size = first ?? DefaultPageSize;
            page = [.. items.Take(size)];
            hasNext = page.Count >= size;
        }

        var edges = new JsonArray([.. page.Select(i => (JsonNode?)new JsonObject { ["node"] = i.Node, ["cursor"] = Cursor(i.Cursor) })]);
        return new JsonObject
        {
            ["edges"] = edges,
            ["pageInfo"] = new JsonObject
            {
                ["startCursor"] = page.Count > 0 ? Cursor(page[0].Cursor) : null,
                ["endCursor"] = page.Count > 0 ? Cursor(page[^1].Cursor) : null,
                ["hasNextPage"] = hasNext,
                ["hasPreviousPage"] = hasPrevious,
            },
        };
    }

    private static string Cursor(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static long? ParseCursor(string? text) =>
        long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
}
