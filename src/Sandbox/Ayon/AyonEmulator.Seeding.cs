using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon;

// Seeding, inspection, fault injection and request counters for tests and benchmarks.
public sealed partial class AyonEmulator
{
    /// <summary>Adds (or replaces) a user. <paramref name="isService"/> ⇒ admin and manager. The key may be null (no API access).</summary>
    public Task AddUserAsync(string name, bool isService, string? apiKey, CancellationToken cancellationToken) =>
        AddUserAsync(name, apiKey, new JsonObject { ["isService"] = isService }, null, cancellationToken);

    /// <summary>Adds (or replaces) a user with explicit <c>data</c> (e.g. <c>isAdmin</c>, <c>isManager</c>) and <c>attrib</c>.</summary>
    public Task AddUserAsync(string name, string? apiKey, JsonObject data, JsonObject? attrib, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(data);
        return Store.WriteAsync(db => UpsertUser(db, name, apiKey, (JsonObject)data.DeepClone(), (JsonObject?)attrib?.DeepClone() ?? []), cancellationToken);
    }

    /// <summary>Inserts an event directly (e.g. with a NULL sender type, as server-internal dispatches have). Returns its id.</summary>
    public Task<string> InsertEventAsync(AyonEventInsert insert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(insert);
        return Store.WriteAsync(db => AyonEventRows.Insert(db, insert), cancellationToken);
    }

    /// <summary>Reads one stored event, or null.</summary>
    public Task<AyonEventRow?> GetEventAsync(string id, CancellationToken cancellationToken) =>
        Store.ReadAsync(db => AyonEventRows.Get(db, id), cancellationToken);

    /// <summary>All stored events in creation order (oldest first), optionally of one topic.</summary>
    public Task<List<AyonEventRow>> GetEventsAsync(string? topic, CancellationToken cancellationToken) =>
        Store.ReadAsync(db => db.Query(
            $"SELECT {AyonEventRows.Columns} FROM events WHERE @t IS NULL OR topic = @t ORDER BY creation_order",
            AyonEventRows.Read, ("@t", topic)), cancellationToken);

    /// <summary>Injects a fault for matching requests; see <see cref="AyonFault"/>.</summary>
    public AyonFaultHandle InjectFault(AyonFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return _faults.Add(fault);
    }

    /// <summary>Removes one injected fault; false when it was already removed.</summary>
    public bool RemoveFault(AyonFaultHandle fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        return _faults.Remove(fault);
    }

    /// <summary>Removes every injected fault.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Requests received per route, keyed <c>"METHOD /path"</c> with 32-hex ids shown as <c>{id}</c>.</summary>
    public IReadOnlyDictionary<string, long> RequestCounts => _faults.Snapshot();

    /// <summary>Requests received whose method matches (null = any) and whose path starts with <paramref name="pathPrefix"/>.</summary>
    public long RequestCount(string? method, string pathPrefix) => _faults.CountOf(method, pathPrefix);

    /// <summary>All requests received since start or the last <see cref="ResetRequestCounts"/>.</summary>
    public long TotalRequestCount => _faults.CountOf(null, "/");

    /// <summary>Sets every request counter back to zero.</summary>
    public void ResetRequestCounts() => _faults.ResetCounts();
}

// Settings, secrets, attributes, files and custom handlers.
public sealed partial class AyonEmulator
{
    /// <summary>Registers an addon version with its default settings (snake_case keys; null = an addon without settings).</summary>
    /// <remarks>The version joins the seeded production bundle while that one is production (<see cref="AddBundleAsync"/> replaces it).</remarks>
    public Task SetAddonDefaultsAsync(string addon, string version, JsonObject? defaults, CancellationToken cancellationToken) =>
        Store.WriteAsync(db =>
        {
            db.Execute("""
                INSERT INTO addons (name, version, title, defaults) VALUES (@n, @v, @n, @d)
                ON CONFLICT(name, version) DO UPDATE SET defaults = excluded.defaults
                """, ("@n", addon), ("@v", version), ("@d", defaults?.DeepClone()));
            AyonSettingsModule.AddToSeededBundle(db, addon, version);
        }, cancellationToken);

    /// <summary>Stores the studio overrides of (addon, version, variant); registers the addon when unknown.</summary>
    public Task SetAddonSettingsAsync(string addon, string version, string variant, JsonObject overrides, CancellationToken cancellationToken) =>
        SetOverridesAsync(addon, version, variant, "", overrides, cancellationToken);

    /// <summary>Stores the project overrides of (addon, version, variant, project); registers the addon when unknown.</summary>
    public Task SetProjectAddonSettingsAsync(string addon, string version, string variant, string project, JsonObject overrides, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        return SetOverridesAsync(addon, version, variant, project, overrides, cancellationToken);
    }

    private Task SetOverridesAsync(string addon, string version, string variant, string project, JsonObject overrides, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return Store.WriteAsync(db =>
        {
            AyonSettingsModule.EnsureAddon(db, addon, version);
            db.Execute("""
                INSERT INTO addon_overrides (addon, version, variant, project, overrides) VALUES (@a, @v, @var, @p, @o)
                ON CONFLICT(addon, version, variant, project) DO UPDATE SET overrides = excluded.overrides
                """, ("@a", addon), ("@v", version), ("@var", variant), ("@p", project), ("@o", overrides.DeepClone()));
        }, cancellationToken);
    }

    /// <summary>Adds (or replaces) a bundle: addon name → version, flagged production and/or staging (else a dev bundle chosen by name).</summary>
    public Task AddBundleAsync(string name, IReadOnlyDictionary<string, string> addons, bool isProduction, bool isStaging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addons);
        var json = new JsonObject();
        foreach (var (addon, version) in addons)
        {
            json[addon] = version;
        }

        return Store.WriteAsync(db =>
        {
            if (isProduction)
            {
                db.Execute("UPDATE bundles SET is_production = 0");
            }

            if (isStaging)
            {
                db.Execute("UPDATE bundles SET is_staging = 0");
            }

            db.Execute("""
                INSERT INTO bundles (name, addons, is_production, is_staging) VALUES (@n, @a, @p, @s)
                ON CONFLICT(name) DO UPDATE SET addons = excluded.addons, is_production = excluded.is_production, is_staging = excluded.is_staging
                """, ("@n", name), ("@a", json), ("@p", isProduction), ("@s", isStaging));
        }, cancellationToken);
    }

    /// <summary>Creates or replaces a secret.</summary>
    public Task SetSecretAsync(string name, string value, CancellationToken cancellationToken) =>
        Store.WriteAsync(db => AyonSettingsModule.SetSecret(db, name, value), cancellationToken);

    /// <summary>Creates or replaces an attribute definition (<paramref name="data"/> needs at least <c>type</c>).</summary>
    public Task SetAttributeAsync(string name, int position, IEnumerable<string> scope, JsonObject data, CancellationToken cancellationToken) =>
        Store.WriteAsync(db => AyonAttributeRows.Upsert(db, name, position, scope, (JsonObject)data.DeepClone(), builtin: false), cancellationToken);

    /// <summary>Reads the attribute list as <c>GET /api/attributes</c> would.</summary>
    public Task<JsonArray> GetAttributesAsync(CancellationToken cancellationToken) => Store.ReadAsync(AyonAttributeRows.ListJson, cancellationToken);

    /// <summary>Adds a file served at <c>/addons/{addon}/{version}/private|public/{path}</c>; registers the addon when unknown.</summary>
    public Task AddAddonFileAsync(string addon, string version, string path, byte[] content, bool isPublic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Store.WriteAsync(db =>
        {
            AyonSettingsModule.EnsureAddon(db, addon, version);
            db.Execute("""
                INSERT INTO addon_files (addon, version, scope, path, content) VALUES (@a, @v, @s, @p, @c)
                ON CONFLICT(addon, version, scope, path) DO UPDATE SET content = excluded.content
                """, ("@a", addon), ("@v", version), ("@s", isPublic ? "public" : "private"), ("@p", path.TrimStart('/')), ("@c", content));
        }, cancellationToken);
    }

    /// <summary>Sets what <c>customProcessorHandlers?variant=</c> lists for a variant (snake_case entries); unknown variants list none.</summary>
    public Task SetCustomProcessorHandlersAsync(string variant, IEnumerable<(string AddonName, string AddonVersion, string Endpoint)> handlers, CancellationToken cancellationToken)
    {
        var list = new JsonArray([.. handlers.Select(h => (JsonNode?)new JsonObject
        {
            ["addon_name"] = h.AddonName,
            ["addon_version"] = h.AddonVersion,
            ["endpoint"] = h.Endpoint,
        })]);
        return Store.WriteAsync(db => db.Execute(
            "INSERT INTO custom_handlers (variant, handlers) VALUES (@v, @h) ON CONFLICT(variant) DO UPDATE SET handlers = excluded.handlers",
            ("@v", variant), ("@h", list)), cancellationToken);
    }
}
