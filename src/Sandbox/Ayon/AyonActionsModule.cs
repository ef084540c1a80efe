using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AyonFtrack.Sandbox.Ayon.Entities;

namespace AyonFtrack.Sandbox.Ayon;

/// <summary>One application an emulated <c>applications</c> addon offers (its settings' group variant).</summary>
/// <param name="FullName">The app's full name, <c>group/variant</c> (e.g. <c>maya/2025</c>): the action is <c>application.launch.&lt;FullName&gt;</c>.</param>
/// <param name="GroupLabel">The group's label (e.g. <c>Maya</c>).</param>
/// <param name="VariantLabel">The variant's label (e.g. <c>2025</c>).</param>
/// <param name="Icon">A bare icon file served from the addon (<c>maya.png</c>), or an absolute URL; null for none.</param>
/// <param name="TaskTypes">The task types the app is offered for (the project profile); null for every task type.</param>
public sealed record AyonApplication(string FullName, string GroupLabel, string VariantLabel, string? Icon = null, IReadOnlyList<string>? TaskTypes = null);

/// <summary>One <c>POST /api/actions/execute</c> the emulator answered, as recorded for tests.</summary>
/// <param name="User">The authenticated user.</param>
/// <param name="AddonName">The <c>addonName</c> query parameter.</param>
/// <param name="AddonVersion">The <c>addonVersion</c> query parameter.</param>
/// <param name="Identifier">The <c>identifier</c> query parameter.</param>
/// <param name="Variant">The <c>variant</c> query parameter (<c>production</c> when absent).</param>
/// <param name="Context">The request body (the action context).</param>
/// <param name="ServerUrl">The server URL passed to the launcher: from the <c>referer</c> header, else <c>http://localhost:5000</c>.</param>
/// <param name="Status">The status answered.</param>
/// <param name="Response">The body answered.</param>
public sealed record AyonActionExecution(string User, string AddonName, string AddonVersion, string Identifier, string Variant, JsonObject Context, string ServerUrl, int Status, JsonObject Response);

/// <summary>
/// AYON's actions (<c>api/actions</c> of ayon-backend 1.16: <c>POST /api/actions/list</c> and <c>POST /api/actions/execute</c>)
/// for the addons the emulator can play: an <c>applications</c> addon seeded with <see cref="AyonEmulator.SeedApplicationsAsync"/>
/// lists and launches its applications as ynput/ayon-applications does.
/// <para>List: guests get an empty list; the addons are the bundle's of the variant (production when none is given);
/// each addon's simple actions for the project are filtered by <c>admin_only</c>/<c>manager_only</c> and matched to the
/// context (entity type, one entity unless multiselection, an overlapping subtype); the answer has the base manifest's
/// fields only, nulls left out, <c>{addon_url}</c> in icon URLs filled. Access-group action whitelists are not
/// emulated. Execute: the <c>Authorization</c> header is required (403), the addon version must exist (404), the
/// applications addon answers a <c>launcher</c> response whose URI carries the hash of a pending <c>action.launcher</c>
/// event, and every call is recorded (<see cref="AyonEmulator.ActionExecutionsAsync"/>).</para>
/// </summary>
internal sealed partial class AyonActionsModule : IAyonEmulatorModule
{
    public const string ApplicationsAddon = "applications";
    public const string LaunchPrefix = "application.launch.";
    public const string WorkfilePrefix = "application.launch-workfile.";
    public const string DebugTerminal = "application.debug_terminal";

    private static readonly string[] EntityTypes = ["project", "list", "folder", "task", "product", "version", "representation", "workfile"];

    public void Initialize(AyonEmulator emulator, AyonDb db) => db.Execute("""
        CREATE TABLE IF NOT EXISTS action_applications (addon_version TEXT NOT NULL, full_name TEXT NOT NULL, group_label TEXT NOT NULL,
            variant_label TEXT NOT NULL, icon TEXT NULL, task_types TEXT NULL, position INTEGER NOT NULL, PRIMARY KEY (addon_version, full_name));
        CREATE TABLE IF NOT EXISTS action_executions (position INTEGER PRIMARY KEY AUTOINCREMENT, execution TEXT NOT NULL);
        """);

    public void Map(IEndpointRouteBuilder routes, AyonEmulator emulator)
    {
        routes.MapPost("/api/actions/list", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var mode = http.Request.Query["mode"].ToString() is { Length: > 0 } m ? m : "simple";
            if (mode is not ("simple" or "dynamic" or "all"))
            {
                return AyonHttp.ValidationError(http, "mode: unexpected value; permitted: 'simple', 'dynamic', 'all'");
            }

            var variant = http.Request.Query["variant"].ToString() is { Length: > 0 } v ? v : null;
            var (body, error) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
            if (body is null)
            {
                return error!;
            }

            var context = ReadContext(body);
            var user = http.Ayon();
            if (user.IsGuest)
            {
                return AyonHttp.Json(new JsonObject { ["actions"] = new JsonArray() });
            }

            // Only the applications addon has simple actions here, and no addon has dynamic ones.
            List<JsonNode> actions = mode == "dynamic" ? [] : await emulator.Store.ReadAsync(db => SimpleActions(db, context, variant, user), cancellationToken);
            return AyonHttp.Json(new JsonObject { ["actions"] = new JsonArray([.. actions]) });
        });

        routes.MapPost("/api/actions/execute", async (HttpContext http, CancellationToken cancellationToken) =>
        {
            var query = http.Request.Query;
            var addonName = query["addonName"].ToString();
            var addonVersion = query["addonVersion"].ToString();
            var identifier = query["identifier"].ToString();
            var variant = query["variant"].ToString() is { Length: > 0 } v ? v : "production";
            if (addonName.Length == 0 || addonVersion.Length == 0 || identifier.Length == 0)
            {
                return AyonHttp.ValidationError(http, "addonName, addonVersion and identifier are required query parameters");
            }

            if (!AddonName().IsMatch(addonName) || !SemVer().IsMatch(addonVersion))
            {
                return AyonHttp.ValidationError(http, "addonName or addonVersion does not match its pattern");
            }

            var (body, error) = await AyonHttp.ReadObjectAsync(http, cancellationToken);
            if (body is null)
            {
                return error!;
            }

            var context = ReadContext(body);
            var user = http.Ayon();
            var authorization = http.Request.Headers.Authorization.ToString();
            if (authorization.Length == 0)
            {
                return AyonHttp.Error(403, "Authorization header is missing");
            }

            var referer = http.Request.Headers.Referer.ToString();
            var serverUrl = Uri.TryCreate(referer, UriKind.Absolute, out var refererUrl) ? refererUrl.GetLeftPart(UriPartial.Authority) : "http://localhost:5000";
            var (status, response) = await emulator.Store.WriteAsync(
                db => Execute(db, user, addonName, addonVersion, identifier, variant, context, serverUrl), cancellationToken);
            await emulator.Store.WriteAsync(db => db.Execute("INSERT INTO action_executions (execution) VALUES (@e)", ("@e", new JsonObject
            {
                ["user"] = user.UserName,
                ["addonName"] = addonName,
                ["addonVersion"] = addonVersion,
                ["identifier"] = identifier,
                ["variant"] = variant,
                ["context"] = body.DeepClone(),
                ["serverUrl"] = serverUrl,
                ["status"] = status,
                ["response"] = response.DeepClone(),
            })), cancellationToken);
            return AyonHttp.Json(response, status);
        });
    }

    /// <summary>Stores the applications the emulated <c>applications</c> addon version offers (and registers that version).</summary>
    internal static void SeedApplications(AyonDb db, string version, IReadOnlyList<AyonApplication> applications)
    {
        AyonSettingsModule.EnsureAddon(db, ApplicationsAddon, version);
        db.Execute("DELETE FROM action_applications WHERE addon_version = @v", ("@v", version));
        for (var i = 0; i < applications.Count; i++)
        {
            var app = applications[i];
            db.Execute("""
                INSERT INTO action_applications (addon_version, full_name, group_label, variant_label, icon, task_types, position)
                VALUES (@v, @n, @g, @l, @i, @t, @p)
                """, ("@v", version), ("@n", app.FullName), ("@g", app.GroupLabel), ("@l", app.VariantLabel), ("@i", app.Icon),
                ("@t", app.TaskTypes is null ? null : new JsonArray([.. app.TaskTypes.Select(t => (JsonNode)t)])), ("@p", i));
        }
    }

    internal static List<AyonActionExecution> Executions(AyonDb db) =>
        db.Query("SELECT execution FROM action_executions ORDER BY position", r => r.JsonObjectAt(0) ?? [])
            .Select(e => new AyonActionExecution(
                (string)e["user"]!, (string)e["addonName"]!, (string)e["addonVersion"]!, (string)e["identifier"]!, (string)e["variant"]!,
                e["context"] as JsonObject ?? [], (string)e["serverUrl"]!, (int)e["status"]!, e["response"] as JsonObject ?? []))
            .ToList();

    /// <summary>The action context of a body (<c>ActionContext</c>): without a project the other fields are ignored.</summary>
    private static ActionContext ReadContext(JsonObject body)
    {
        var project = body.StringField("projectName", "project_name");
        var entityType = body.StringField("entityType", "entity_type");
        if (entityType is not null && !EntityTypes.Contains(entityType))
        {
            throw new AyonBadRequestException($"entityType: unexpected value; permitted: {string.Join(", ", EntityTypes.Select(t => $"'{t}'"))}");
        }

        var subtypes = StringList(body.Field("entitySubtypes", "entity_subtypes"), "entitySubtypes");
        var ids = StringList(body.Field("entityIds", "entity_ids"), "entityIds");
        if (project is null)
        {
            return new ActionContext(null, null, null, null);
        }

        return new ActionContext(project, entityType, subtypes, entityType is null ? null : ids ?? []);
    }

    private static List<string>? StringList(JsonNode? node, string name) => node switch
    {
        null => null,
        JsonArray array when array.All(i => i is JsonValue v && v.TryGetValue<string>(out _)) => [.. array.Select(i => i!.GetValue<string>())],
        _ => throw new AyonBadRequestException($"{name} must be a list of strings"),
    };

    private static List<JsonNode> SimpleActions(AyonDb db, ActionContext context, string? variant, AyonRequestContext user)
    {
        // The bundle of the variant (production when none is given; the emulator has no developer bundles per user).
        var condition = variant switch
        {
            null or "production" => "is_production = 1",
            "staging" => "is_staging = 1",
            _ => "name = @b",
        };
        var bundle = db.Query($"SELECT addons FROM bundles WHERE {condition}", r => r.JsonObjectAt(0) ?? [], ("@b", variant)).FirstOrDefault();
        var resolvedVariant = variant ?? "production";
        var result = new List<JsonNode>();
        if (bundle?[ApplicationsAddon] is not JsonValue versionNode || !versionNode.TryGetValue<string>(out var version))
        {
            return result;
        }

        foreach (var manifest in ApplicationManifests(db, version, context.ProjectName))
        {
            if ((manifest.AdminOnly && !user.IsAdmin) || (manifest.ManagerOnly && !user.IsManager) || !Applies(manifest, context))
            {
                continue;
            }

            var json = manifest.Json.DeepClone().AsObject();
            json["addonName"] = ApplicationsAddon;
            json["addonVersion"] = version;
            json["variant"] = resolvedVariant;
            if (json["icon"]?["url"] is JsonValue url && url.TryGetValue<string>(out var text))
            {
                json["icon"]!["url"] = text.Replace("{addon_url}", $"/addons/{ApplicationsAddon}/{version}", StringComparison.Ordinal);
            }

            result.Add(json);
        }

        return result;
    }

    /// <summary>
    /// The simple actions of the applications addon for a project, as ayon-applications builds them: a "Terminal" action,
    /// then per project task type one <c>application.launch.&lt;app&gt;</c> action per app its profile allows. No project
    /// (or an unknown one) gives none (the addon's listing fails and the server skips it).
    /// </summary>
    private static List<Manifest> ApplicationManifests(AyonDb db, string version, string? projectName)
    {
        var project = projectName is null ? null : new SqliteEntityStore(db).GetProject(projectName);
        if (project is null)
        {
            return [];
        }

        var taskTypes = (ProjectOperations.Read(project)["taskTypes"] as JsonArray ?? [])
            .Select(t => (string?)t?["name"]).OfType<string>().ToList();
        var apps = db.Query(
            "SELECT full_name, group_label, variant_label, icon, task_types FROM action_applications WHERE addon_version = @v ORDER BY full_name",
            r => (Name: r.GetString(0), Group: r.GetString(1), Label: r.GetString(2), Icon: r.IsDBNull(3) ? null : r.GetString(3), TaskTypes: r.IsDBNull(4) ? null : JsonNode.Parse(r.GetString(4)) as JsonArray),
            ("@v", version));
        var manifests = new List<Manifest>
        {
            new(new JsonObject
            {
                ["identifier"] = DebugTerminal,
                ["label"] = "Terminal",
                ["category"] = "Applications",
                ["order"] = 100,
                ["icon"] = new JsonObject { ["type"] = "material-symbols", ["name"] = "terminal", ["color"] = "#e8770e" },
                ["adminOnly"] = false,
                ["managerOnly"] = false,
                ["featured"] = false,
            }, "task", null, false, false, false),
        };
        foreach (var taskType in taskTypes)
        {
            foreach (var app in apps.Where(a => a.TaskTypes is null || a.TaskTypes.Any(t => (string?)t == taskType)))
            {
                var json = new JsonObject
                {
                    ["identifier"] = LaunchPrefix + app.Name,
                    ["label"] = app.Label,
                    ["groupLabel"] = app.Group,
                    ["category"] = "Applications",
                    ["order"] = 0,
                    ["adminOnly"] = false,
                    ["managerOnly"] = false,
                    ["configFields"] = new JsonArray(new JsonObject { ["type"] = "boolean", ["name"] = "skip_last_workfile", ["label"] = "Skip last workfile", ["value"] = false }),
                    ["featured"] = false,
                };
                if (app.Icon is { } icon)
                {
                    var bare = !Uri.TryCreate(icon, UriKind.Absolute, out _);
                    json["icon"] = new JsonObject { ["type"] = "url", ["url"] = bare ? $"/api{{addon_url}}/icons/{Path.GetFileName(icon)}" : icon };
                }

                manifests.Add(new Manifest(json, "task", [taskType], false, false, false));
            }
        }

        return manifests;
    }

    /// <summary><c>evaluate_simple_action</c>: the manifest's entity type, one entity unless multiselection, an overlapping subtype.</summary>
    private static bool Applies(Manifest manifest, ActionContext context)
    {
        if (manifest.EntityType != context.EntityType)
        {
            return false;
        }

        if (context.EntityType is null)
        {
            return true;
        }

        if (context.EntityType == "project" && context.ProjectName is not null)
        {
            return true;
        }

        if (context.EntityIds is not { Count: > 0 } ids || (!manifest.AllowMultiselection && ids.Count > 1))
        {
            return false;
        }

        return manifest.EntitySubtypes is not { Count: > 0 } wanted
            || (context.EntitySubtypes is { } given && wanted.Intersect(given, StringComparer.Ordinal).Any());
    }

    private static (int Status, JsonObject Response) Execute(AyonDb db, AyonRequestContext user, string addonName, string addonVersion, string identifier,
        string variant, ActionContext context, string serverUrl)
    {
        if (!AyonSettingsModule.AddonExists(db, addonName, addonVersion))
        {
            var known = db.Scalar("SELECT 1 FROM addons WHERE name = @n", ("@n", addonName)) is not null;
            return (404, Error(404, known ? $"Addon {addonName} version {addonVersion} does not exist" : $"Addon {addonName} does not exist"));
        }

        if (addonName != ApplicationsAddon || db.Scalar("SELECT 1 FROM action_applications WHERE addon_version = @v", ("@v", addonVersion)) is null)
        {
            return (400, Error(400, $"Unknown action: {identifier}"));
        }

        // ayon-applications' execute_action reads the first entity id unchecked: an empty context fails on the server.
        if (context.EntityIds is not { Count: > 0 } ids)
        {
            return (500, new JsonObject { ["code"] = 500, ["detail"] = "list index out of range" });
        }

        var bundleArgs = variant is "production" or "staging" ? Array.Empty<string>() : ["--bundle", variant];
        string[] args;
        if (identifier == DebugTerminal)
        {
            args = ["addon", "applications", "launch-debug-terminal", "--project", context.ProjectName ?? "", "--task-id", ids[0], .. bundleArgs];
        }
        else if (identifier.StartsWith(WorkfilePrefix, StringComparison.Ordinal) || identifier.StartsWith(LaunchPrefix, StringComparison.Ordinal))
        {
            var byWorkfile = identifier.StartsWith(WorkfilePrefix, StringComparison.Ordinal);
            var app = byWorkfile ? identifier[WorkfilePrefix.Length..] : identifier[LaunchPrefix.Length..];
            args = ["addon", "applications", byWorkfile ? "launch-by-workfile-id" : "launch-by-id", "--app", app, "--project", context.ProjectName ?? "",
                byWorkfile ? "--workfile-id" : "--task-id", ids[0], .. bundleArgs];
        }
        else
        {
            return (200, new JsonObject
            {
                ["type"] = "simple",
                ["success"] = false,
                ["message"] = "Failed to launch application. Unknown action identifier.",
                ["payload"] = new JsonObject(),
            });
        }

        var hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        AyonEventRows.Insert(db, new AyonEventInsert
        {
            Topic = "action.launcher",
            Hash = hash,
            Description = $"Running action {identifier}",
            Summary = new JsonObject
            {
                ["addon_name"] = addonName, ["addon_version"] = addonVersion, ["variant"] = variant, ["action_identifier"] = identifier,
            },
            Payload = new JsonObject { ["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]), ["context"] = context.ToJson() },
            User = user.UserName,
            Project = context.ProjectName,
            Status = "pending",
            Sender = user.Sender,
            SenderType = user.SenderType,
        });
        return (200, new JsonObject
        {
            ["type"] = "launcher",
            ["success"] = true,
            ["message"] = null,
            ["payload"] = new JsonObject { ["uri"] = $"ayon-launcher://action?server_url={Uri.EscapeDataString(serverUrl)}&token={hash}" },
        });
    }

    private static JsonObject Error(int status, string detail) => new() { ["code"] = status, ["detail"] = detail };

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9_\.\-]*[a-zA-Z0-9_]$")]
    private static partial Regex AddonName();

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex SemVer();

    private sealed record ActionContext(string? ProjectName, string? EntityType, List<string>? EntitySubtypes, List<string>? EntityIds)
    {
        public JsonObject ToJson() => new()
        {
            ["project_name"] = ProjectName,
            ["entity_type"] = EntityType,
            ["entity_subtypes"] = EntitySubtypes is null ? null : new JsonArray([.. EntitySubtypes.Select(s => (JsonNode)s)]),
            ["entity_ids"] = EntityIds is null ? null : new JsonArray([.. EntityIds.Select(s => (JsonNode)s)]),
            ["form_data"] = null,
        };
    }

    private sealed record Manifest(JsonObject Json, string? EntityType, List<string>? EntitySubtypes, bool AllowMultiselection, bool AdminOnly, bool ManagerOnly);
}

// Seeding and inspection of the actions part.
public sealed partial class AyonEmulator
{
    /// <summary>
    /// Makes <paramref name="version"/> of an <c>applications</c> addon offer <paramref name="applications"/> as simple
    /// actions (<c>application.launch.&lt;app&gt;</c>, per task type of the project) and launch them; the version joins the
    /// seeded production bundle.
    /// </summary>
    public Task SeedApplicationsAsync(string version, IReadOnlyList<AyonApplication> applications, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(applications);
        return Store.WriteAsync(db => AyonActionsModule.SeedApplications(db, version, applications), cancellationToken);
    }

    /// <summary>Every <c>POST /api/actions/execute</c> that got past authentication, validation and the Authorization header check, oldest first.</summary>
    public Task<List<AyonActionExecution>> ActionExecutionsAsync(CancellationToken cancellationToken) =>
        Store.ReadAsync(AyonActionsModule.Executions, cancellationToken);
}
