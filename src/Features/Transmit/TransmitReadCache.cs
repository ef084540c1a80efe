using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.CustomAttributes;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Transmit;

/// <summary>What the transmitter needs of a project's addon settings: nothing secret (no credentials, no secret names).</summary>
/// <param name="Enabled">The addon's <c>enabled</c> flag for the project.</param>
/// <param name="AttributesMapping">The AYON attribute → ftrack custom attribute mapping.</param>
public sealed record TransmitProjectSettings(bool Enabled, AttributesMappingSettings AttributesMapping)
{
    /// <summary>The transmitter's part of parsed settings.</summary>
    public static TransmitProjectSettings From(FtrackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TransmitProjectSettings(settings.Enabled, settings.CustomAttributes.AttributesMapping);
    }
}

/// <summary>The workflow whose statuses an ftrack entity may take: its project schema, entity kind and type (task type or object type).</summary>
public sealed record WorkflowScope(string ProjectSchemaId, string EntityType, string? TypeId);

/// <summary>
/// The transmitter's reads that change slowly, reused across jobs for <see cref="TransmitOptions.ReadCacheTtl"/>
/// (singleton): per project the addon settings (<see cref="TransmitProjectSettings"/>, never credentials) and the
/// linked ftrack project; AYON's attribute list and users; ftrack's custom attribute configurations, users, object and
/// task types, and the statuses of each workflow. Entity state (the changed entity, its stored values, its appointments) is never cached.
/// Invalidation: every entry expires after the TTL; a slice that finds a name missing in a cached value (a status, an
/// attribute configuration, a user, a type) drops the entry and reads once more; a failed ftrack commit drops everything (the
/// retry reads fresh); a handled AYON project change drops that project's entries; another ftrack server drops the
/// ftrack side.
/// </summary>
public sealed partial class TransmitReadCache
{
    private const string Single = "";

    private readonly FtrackConnection _connection;
    private readonly ILogger<TransmitReadCache> _logger;
    private readonly ExpiringCache<string, TransmitProjectSettings> _settings;
    private readonly ExpiringCache<string, IReadOnlyList<AyonAttributeInfo>> _ayonAttributes;
    private readonly ExpiringCache<string, AyonUserRow?> _ayonUsers;
    private readonly ExpiringCache<string, JsonObject?> _projects;
    private readonly ExpiringCache<string, IReadOnlyList<FtrackAttributeConfiguration>> _configurations;
    private readonly ExpiringCache<string, IReadOnlyList<FtrackUserRow>> _ftrackUsers;
    private readonly ExpiringCache<WorkflowScope, IReadOnlyList<PushStatus.FtrackStatus>> _statuses;
    private readonly ExpiringCache<string, IReadOnlyList<CreateEntity.NamedRow>> _types;
    private readonly Lock _gate = new();
    private Uri? _server;

    public TransmitReadCache(TimeProvider time, IOptions<TransmitOptions> options, FtrackConnection connection, ILogger<TransmitReadCache> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _logger = logger;
        var ttl = options.Value.ReadCacheTtl;
        Ttl = ttl;
        _settings = new(time, ttl, StringComparer.Ordinal);
        _ayonAttributes = new(time, ttl, StringComparer.Ordinal);
        _ayonUsers = new(time, ttl, StringComparer.Ordinal);
        _projects = new(time, ttl, StringComparer.Ordinal);
        _configurations = new(time, ttl, StringComparer.Ordinal);
        _ftrackUsers = new(time, ttl, StringComparer.Ordinal);
        _statuses = new(time, ttl);
        _types = new(time, ttl, StringComparer.Ordinal);
    }

    /// <summary>How long an entry lives.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>The transmitter's part of the addon settings of <paramref name="project"/> for the service's variant.</summary>
    public Task<CachedRead<TransmitProjectSettings>> ProjectSettingsAsync(IAyonApi ayon, AyonOptions options, string project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(options);
        return _settings.GetOrLoadAsync(
            project,
            async ct => TransmitProjectSettings.From(FtrackSettings.Parse(await ayon.GetServiceProjectSettingsAsync(options, project, ct))),
            null,
            cancellationToken);
    }

    /// <summary>AYON's attribute list (<c>GET /api/attributes</c>): names and whether built in.</summary>
    public Task<CachedRead<IReadOnlyList<AyonAttributeInfo>>> AyonAttributesAsync(IAyonApi ayon, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        return _ayonAttributes.GetOrLoadAsync(
            Single,
            async ct => (IReadOnlyList<AyonAttributeInfo>)[.. (await ayon.GetAttributesAsync(ct)).Attributes.Select(a => new AyonAttributeInfo(a.Name, a.Builtin == true))],
            null,
            cancellationToken);
    }

    /// <summary>Every ftrack custom attribute configuration (key, hierarchy, entity and object type, group).</summary>
    public Task<CachedRead<IReadOnlyList<FtrackAttributeConfiguration>>> AttributeConfigurationsAsync(FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        EnsureServer();
        return _configurations.GetOrLoadAsync(
            Single,
            async ct => await session.QueryAsync(
                FtrackQuery.From("CustomAttributeConfiguration").Select("id", "key", "is_hierarchical", "entity_type", "object_type_id", "group.name"),
                r => new FtrackAttributeConfiguration(
                    r.Id,
                    r.GetString("key") ?? "",
                    r.GetBoolean("is_hierarchical") == true,
                    r.GetString("entity_type") ?? "",
                    r.GetString("object_type_id"),
                    r.GetEntity("group")?.GetString("name")),
                ct),
            null,
            cancellationToken);
    }

    /// <summary>
    /// The ftrack project of the AYON project <paramref name="project"/> (<see cref="Counterparts.FindProjectAsync"/>:
    /// id, names, <c>project_schema_id</c>), as a fresh entity per call. A project not found is looked up again next time.
    /// </summary>
    public async Task<FtrackEntity?> FtrackProjectAsync(IAyonApi ayon, FtrackSession session, string project, CancellationToken cancellationToken)
    {
        EnsureServer();
        var read = await _projects.GetOrLoadAsync(
            project,
            async ct => (await Counterparts.FindProjectAsync(ayon, session, project, ct))?.ToJson(),
            data => data is not null,
            cancellationToken);
        return read.Value is { } data ? Entity(data) : null;
    }

    /// <summary>The statuses of one workflow, read by <paramref name="loadAsync"/> when not cached.</summary>
    public Task<CachedRead<IReadOnlyList<PushStatus.FtrackStatus>>> StatusesAsync(
        WorkflowScope scope,
        Func<CancellationToken, Task<IReadOnlyList<PushStatus.FtrackStatus>>> loadAsync,
        CancellationToken cancellationToken)
    {
        EnsureServer();
        return _statuses.GetOrLoadAsync(scope, loadAsync, null, cancellationToken);
    }

    /// <summary>
    /// The id of the <c>ayon_id</c> configuration (hierarchical first) out of the cached configurations, as
    /// <see cref="Counterparts.AyonIdConfigurationAsync"/> reads it; when the cached list has none, it is read once more.
    /// </summary>
    public async Task<string?> AyonIdConfigurationAsync(FtrackSession session, CancellationToken cancellationToken)
    {
        var configurations = await AttributeConfigurationsAsync(session, cancellationToken);
        var id = AyonIdOf(configurations.Value);
        if (id is not null || !configurations.FromCache)
        {
            return id;
        }

        Log.Dropped(_logger, "attribute configurations", $"no '{Counterparts.AyonIdKey}' configuration in the cached list");
        _configurations.Clear();
        return AyonIdOf((await AttributeConfigurationsAsync(session, cancellationToken)).Value);
    }

    /// <summary>The rows (id, name) of ftrack's <c>ObjectType</c> or <c>Type</c> list.</summary>
    public Task<CachedRead<IReadOnlyList<CreateEntity.NamedRow>>> NamedRowsAsync(FtrackSession session, string entityType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        EnsureServer();
        return _types.GetOrLoadAsync(
            entityType,
            ct => session.QueryAsync(FtrackQuery.From(entityType).Select("id", "name"), r => new CreateEntity.NamedRow(r.Id, r.GetString("name") ?? ""), ct),
            null,
            cancellationToken);
    }

    /// <summary>Drops the cached <c>ObjectType</c> and <c>Type</c> lists.</summary>
    public void ForgetTypes(string reason)
    {
        Log.Dropped(_logger, "object and task types", reason);
        _types.Clear();
    }

    /// <summary>
    /// AYON user name → ftrack user id for <paramref name="ayonNames"/> (<see cref="FtrackUsers.Map"/>) over the cached
    /// AYON users and ftrack user list. When a name does not map and something came from the cache, both are read
    /// again once.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> UserMapAsync(IAyonApi ayon, FtrackSession session, IReadOnlyCollection<string> ayonNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ayonNames);
        var names = ayonNames.Distinct(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
        {
            return new Dictionary<string, string>();
        }

        EnsureServer();
        var (map, fromCache) = await ReadUserMapAsync(ayon, session, names, cancellationToken);
        if (fromCache && names.Any(n => !map.ContainsKey(n)))
        {
            Log.Dropped(_logger, "users", "an AYON user maps to no ftrack user in the cached lists");
            _ftrackUsers.Clear();
            foreach (var name in names)
            {
                _ayonUsers.Forget(name);
            }

            (map, _) = await ReadUserMapAsync(ayon, session, names, cancellationToken);
        }

        return map;
    }

    /// <summary>
    /// Commits <paramref name="session"/>'s change set; when the commit fails, every entry is dropped (a stale id may be
    /// why) and the error is rethrown, so the job's retry reads everything fresh.
    /// </summary>
    public async Task<IReadOnlyList<FtrackEntity?>> CommitAsync(FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            return await session.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Clear("an ftrack commit failed");
            throw;
        }
    }

    /// <summary>Drops the statuses of <paramref name="scope"/>.</summary>
    public void ForgetStatuses(WorkflowScope scope, string reason)
    {
        Log.Dropped(_logger, "workflow statuses", reason);
        _statuses.Forget(scope);
    }

    /// <summary>Drops what builds the attribute mapping: <paramref name="project"/>'s settings, AYON's attributes, ftrack's configurations.</summary>
    public void ForgetAttributeMapping(string project, string reason)
    {
        Log.Dropped(_logger, "attribute mapping", reason);
        _settings.Forget(project);
        _ayonAttributes.Clear();
        _configurations.Clear();
    }

    /// <summary>Drops the entries of one project: its settings and its ftrack project.</summary>
    public void ForgetProject(string project, string reason)
    {
        Log.Dropped(_logger, "project", reason);
        _settings.Forget(project);
        _projects.Forget(project);
    }

    /// <summary>Drops every entry.</summary>
    public void Clear(string reason)
    {
        Log.Dropped(_logger, "everything", reason);
        _settings.Clear();
        _ayonAttributes.Clear();
        _ayonUsers.Clear();
        ClearFtrackSide();
    }

    private async Task<(IReadOnlyDictionary<string, string> Map, bool FromCache)> ReadUserMapAsync(IAyonApi ayon, FtrackSession session, string[] names, CancellationToken cancellationToken)
    {
        var fromCache = false;
        var ayonUsers = new List<AyonUserRow>();
        foreach (var name in names)
        {
            var user = await _ayonUsers.GetOrLoadAsync(name, ct => ReadAyonUserAsync(ayon, name, ct), row => row is not null, cancellationToken);
            fromCache |= user.FromCache;
            if (user.Value is { } row)
            {
                ayonUsers.Add(row);
            }
        }

        var ftrackUsers = await _ftrackUsers.GetOrLoadAsync(
            Single,
            ct => session.QueryAsync(
                FtrackQuery.From("User").Select("id", "username", "email"),
                r => new FtrackUserRow(r.Id, r.GetString("username") ?? "", r.GetString("email")),
                ct),
            null,
            cancellationToken);
        return (FtrackUsers.Map(ayonUsers, ftrackUsers.Value), fromCache || ftrackUsers.FromCache);
    }

    private static async Task<AyonUserRow?> ReadAyonUserAsync(IAyonApi ayon, string name, CancellationToken cancellationToken)
    {
        var response = await ayon.GetUserAsync(name, cancellationToken);
        return response.IsSuccessful && response.Content is { } user
            ? new AyonUserRow(user.Name, AyonChange.Text(user.Attrib["email"]), AyonChange.Text(user.Data["ftrack"]?["id"]))
            : null;
    }

    private static string? AyonIdOf(IReadOnlyList<FtrackAttributeConfiguration> configurations) =>
        configurations.Where(c => c.Key == Counterparts.AyonIdKey).OrderByDescending(c => c.IsHierarchical).FirstOrDefault()?.Id;

    private static FtrackEntity? Entity(JsonObject data)
    {
        var copy = (JsonObject)data.DeepClone();
        var map = new FtrackIdentityMap();
        map.Merge(copy);
        return FtrackPrimaryKeys.RefOf(copy) is { } reference ? map.Find(reference) : null;
    }

    private void EnsureServer()
    {
        var server = _connection.Current?.ServerUrl;
        lock (_gate)
        {
            if (Equals(server, _server))
            {
                return;
            }

            _server = server;
        }

        ClearFtrackSide();
    }

    private void ClearFtrackSide()
    {
        _projects.Clear();
        _configurations.Clear();
        _ftrackUsers.Clear();
        _statuses.Clear();
        _types.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7030, Level = LogLevel.Debug, Message = "Transmit read cache: dropped {What} ({Reason})")]
        public static partial void Dropped(ILogger logger, string what, string reason);
    }
}

/// <summary>Registers what the transmitter's slices share.</summary>
public static class TransmitRegistration
{
    /// <summary>Adds <see cref="TransmitOptions"/> (section <c>Transmitter</c>) and <see cref="TransmitReadCache"/> (singleton).</summary>
    public static IServiceCollection AddTransmitReadCache(this IServiceCollection services)
    {
        services.AddOptions<TransmitOptions>().BindConfiguration(TransmitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TransmitReadCache>();
        return services;
    }
}
