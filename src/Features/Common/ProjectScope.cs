using System.Net;
using System.Text.Json;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Common;

/// <summary>
/// The project one ftrack event is about, as every processor slice needs it (behaviour reference §3.1, §3.2):
/// the ftrack project, whether AYON has a project of that name, and the ftrack addon settings of that project
/// (the studio settings when AYON has no such project).
/// </summary>
/// <param name="FtrackProjectId">The ftrack Project id.</param>
/// <param name="ProjectName">The ftrack project's <c>full_name</c>, which is the AYON project name.</param>
/// <param name="ProjectCode">The ftrack project's <c>name</c> (the AYON project code).</param>
/// <param name="AyonProjectExists">True when AYON has a project named <paramref name="ProjectName"/>.</param>
/// <param name="Settings">The ftrack addon settings for this project (studio settings when the AYON project is missing).</param>
public sealed record ProjectScope(string FtrackProjectId, string ProjectName, string ProjectCode, bool AyonProjectExists, JsonElement Settings)
{
    /// <summary>The project's ftrack switch (<c>enabled</c>); a missing key counts as enabled, as in the original.</summary>
    public bool Enabled => ProjectSettings.IsEnabled(Settings);
}

/// <summary>Pure reads of raw addon settings that every slice shares.</summary>
public static class ProjectSettings
{
    /// <summary>True unless <c>enabled</c> is exactly false (missing counts as true).</summary>
    public static bool IsEnabled(JsonElement settings) =>
        !(settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False);

    /// <summary>The object at a dotted <paramref name="path"/> (e.g. <c>service_event_handlers.sync_from_ftrack</c>); null when absent.</summary>
    public static JsonElement? Section(JsonElement settings, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var current = settings;
        foreach (var key in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current))
            {
                return null;
            }
        }

        return current;
    }
}

/// <summary>The ftrack project id an event names without asking ftrack, and the selection items of action events.</summary>
public static class EventProject
{
    /// <summary>One <c>data.selection</c> item: <c>{entityId, entityType}</c>.</summary>
    public sealed record SelectionItem(string EntityId, string EntityType);

    /// <summary>The items of <c>data.selection</c> that have an id and a type (empty when absent).</summary>
    public static IReadOnlyList<SelectionItem> Selection(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!e.Data.TryGetProperty("selection", out var selection) || selection.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. selection.EnumerateArray()
            .Where(item => item.ValueKind == JsonValueKind.Object)
            .Select(item => new SelectionItem(Str(item, "entityId") ?? "", Str(item, "entityType") ?? ""))
            .Where(item => item.EntityId.Length > 0 && item.EntityType.Length > 0)];
    }

    /// <summary>
    /// The project id the event itself names: a <c>show</c> in an entity's <c>parents</c> (update events, where the last
    /// parent is the project) or a selected <c>show</c> (action events). Null when only ftrack can tell.
    /// </summary>
    public static string? ProjectIdOf(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        foreach (var entity in e.Entities)
        {
            if (entity.ValueKind == JsonValueKind.Object && entity.TryGetProperty("parents", out var parents) && parents.ValueKind == JsonValueKind.Array)
            {
                foreach (var parent in parents.EnumerateArray())
                {
                    if (parent.ValueKind == JsonValueKind.Object && Str(parent, "entityType") == "show" && Str(parent, "entityId") is { Length: > 0 } id)
                    {
                        return id;
                    }
                }
            }
        }

        return Selection(e).FirstOrDefault(s => string.Equals(s.EntityType, "show", StringComparison.OrdinalIgnoreCase))?.EntityId;
    }

    /// <summary>The ftrack entity type to query for a selection's legacy type name (<c>task</c>, <c>show</c>, <c>assetversion</c>, ...).</summary>
    public static string? QueryTypeOf(string selectionType) => selectionType.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "show" or "project" => FtrackEntityTypes.Project,
        "task" or "typedcontext" => FtrackEntityTypes.TypedContext,
        "assetversion" => FtrackEntityTypes.AssetVersion,
        "asset" => FtrackEntityTypes.Asset,
        "list" or "assetversionlist" or "typedcontextlist" => FtrackEntityTypes.List,
        "reviewsession" => "ReviewSession",
        "component" or "filecomponent" => FtrackEntityTypes.Component,
        _ => null,
    };

    private static string? Str(JsonElement json, string key) =>
        json.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// The per-event cache behind <see cref="ProjectScopes"/>. Processing is sequential, so it holds the scopes of the
/// event in hand only: a new event id drops what the previous event cached. Slices of one event run in separate DI
/// scopes and share this singleton.
/// </summary>
public sealed class ProjectScopeCache
{
    private readonly Lock _gate = new();
    private string? _eventId;
    private Dictionary<string, ProjectScope?> _byProject = new(StringComparer.Ordinal);

    /// <summary>The cached scope of <paramref name="projectId"/> for event <paramref name="eventId"/>.</summary>
    public bool TryGet(string eventId, string projectId, out ProjectScope? scope)
    {
        lock (_gate)
        {
            scope = null;
            return _eventId == eventId && _byProject.TryGetValue(projectId, out scope);
        }
    }

    /// <summary>Caches <paramref name="scope"/> (null: the project does not exist in ftrack) for <paramref name="eventId"/>.</summary>
    public void Set(string eventId, string projectId, ProjectScope? scope)
    {
        lock (_gate)
        {
            if (_eventId != eventId)
            {
                _eventId = eventId;
                _byProject = new Dictionary<string, ProjectScope?>(StringComparer.Ordinal);
            }

            _byProject[projectId] = scope;
        }
    }
}

/// <summary>
/// Resolves the <see cref="ProjectScope"/> of an event for slices: the ftrack project (from the event, else from the
/// first selected entity), the AYON project and the project's addon settings, each read once per event.
/// Scoped (it uses the slice's <see cref="FtrackSession"/>).
/// </summary>
public sealed class ProjectScopes(FtrackSession session, IAyonApi ayon, IOptions<AyonOptions> options, ProjectScopeCache cache)
{
    /// <summary>The scope of the project the event is about; null when the event names no project ftrack knows.</summary>
    public async Task<ProjectScope?> ForEventAsync(FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var projectId = EventProject.ProjectIdOf(e) ?? await ProjectIdOfSelectionAsync(e, cancellationToken);
        return projectId is null ? null : await ForProjectAsync(e.Id, projectId, cancellationToken);
    }

    /// <summary>The settings that apply to the event: its project's, else the studio settings (no project named).</summary>
    public async Task<JsonElement> SettingsForEventAsync(FtrackEvent e, CancellationToken cancellationToken)
    {
        var scope = await ForEventAsync(e, cancellationToken);
        return scope?.Settings ?? (await ayon.GetServiceSettingsAsync(options.Value, cancellationToken)).Clone();
    }

    /// <summary>The scope of ftrack project <paramref name="projectId"/> while event <paramref name="eventId"/> is processed.</summary>
    public async Task<ProjectScope?> ForProjectAsync(string eventId, string projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ArgumentNullException.ThrowIfNull(projectId);
        if (cache.TryGet(eventId, projectId, out var cached))
        {
            return cached;
        }

        var project = await session.GetAsync(FtrackEntityTypes.Project, projectId, ["id", "name", "full_name"], cancellationToken);
        ProjectScope? scope = null;
        if (project is not null)
        {
            var name = project.GetString("full_name") ?? "";
            var exists = name.Length > 0 && await AyonProjectExistsAsync(name, cancellationToken);
            var settings = exists
                ? await ayon.GetServiceProjectSettingsAsync(options.Value, name, cancellationToken)
                : await ayon.GetServiceSettingsAsync(options.Value, cancellationToken);
            scope = new ProjectScope(project.Id, name, project.GetString("name") ?? "", exists, settings.Clone());
        }

        cache.Set(eventId, projectId, scope);
        return scope;
    }

    private async Task<bool> AyonProjectExistsAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await ayon.GetProjectAsync(name, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        throw (Exception?)response.Error ?? new AyonRequestException($"GET /api/projects/{name}", response.StatusCode ?? HttpStatusCode.OK, "no project returned");
    }

    private async Task<string?> ProjectIdOfSelectionAsync(FtrackEvent e, CancellationToken cancellationToken)
    {
        var selection = EventProject.Selection(e);
        var first = selection.Count > 0 ? selection[0] : null;
        if (first is null || EventProject.QueryTypeOf(first.EntityType) is not { } type || type == FtrackEntityTypes.Project)
        {
            return null;
        }

        // Review sessions and lists name their project directly; contexts, versions and the like have a link path.
        if (type is "ReviewSession" or FtrackEntityTypes.List)
        {
            return (await session.GetAsync(type, first.EntityId, ["project_id"], cancellationToken))?.GetString("project_id");
        }

        var entity = await session.GetAsync(type, first.EntityId, ["link"], cancellationToken);
        var link = entity?.Link;
        return link is { Count: > 0 } ? link[0].Id : null;
    }
}

/// <summary>Registers the per-event project scope.</summary>
public static class ProjectScopeRegistration
{
    /// <summary>Adds <see cref="ProjectScopeCache"/> (singleton) and <see cref="ProjectScopes"/> (scoped).</summary>
    public static IServiceCollection AddProjectScopes(this IServiceCollection services)
    {
        services.TryAddSingleton<ProjectScopeCache>();
        services.TryAddScoped<ProjectScopes>();
        return services;
    }
}
