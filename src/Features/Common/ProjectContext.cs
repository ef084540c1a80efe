using System.Net;
using System.Text.Json;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Common;

/// <summary>
/// The project one input is about, as every processor slice needs it (behaviour reference §3.1, §3.2, §4.2): the
/// ftrack project, whether AYON has a project of that name, and the ftrack addon settings of that project (the studio
/// settings when AYON has no such project), raw and typed; the project schema's statuses are read on first use.
/// Read once per input by <see cref="ProjectContexts"/> and kept in the input's <see cref="EventContext"/>.
/// </summary>
/// <param name="FtrackProjectId">The ftrack Project id.</param>
/// <param name="ProjectName">The ftrack project's <c>full_name</c>, which is the AYON project name.</param>
/// <param name="ProjectCode">The ftrack project's <c>name</c> (the AYON project code).</param>
/// <param name="ProjectSchemaId">The ftrack project's schema id (its statuses and types).</param>
/// <param name="AyonProjectExists">True when AYON has a project named <paramref name="ProjectName"/>.</param>
/// <param name="Settings">The raw addon settings (the project's, or the studio's when AYON has no such project).</param>
public sealed record ProjectContext(string FtrackProjectId, string ProjectName, string ProjectCode, string ProjectSchemaId, bool AyonProjectExists, JsonElement Settings)
{
    private FtrackSettings? _typed;

    /// <summary>The project's ftrack switch (<c>enabled</c>); a missing key counts as enabled, as in the original.</summary>
    public bool Enabled => ProjectSettings.IsEnabled(Settings);

    /// <summary>The settings, typed (parsed on first use).</summary>
    public FtrackSettings Typed => _typed ??= FtrackSettings.Parse(Settings);

    /// <summary>
    /// Why a slice that needs both projects and the switch on does not run in this project (the checks of reference
    /// §4.2): no AYON project, or ftrack disabled; null when it may run.
    /// </summary>
    public string? SkipReason => !AyonProjectExists ? "the AYON project does not exist" : !Typed.Enabled ? "ftrack is disabled for the project" : null;

    /// <summary>The project schema's statuses once read (<see cref="ProjectContexts.StatusCatalogAsync"/>).</summary>
    internal StatusCatalog? Catalog { get; set; }
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
/// The one loader of <see cref="ProjectContext"/>: the project of an input (from the event, else from the first selected
/// entity), its AYON project and addon settings, each read once per input and kept in the input's
/// <see cref="EventContext"/>. Scoped (it reads with the slice's <see cref="FtrackSession"/>).
/// </summary>
public sealed class ProjectContexts(FtrackSession session, IAyonApi ayon, IOptions<AyonOptions> options, EventContext context)
{
    /// <summary>The context of the project the event is about; null when the event names no project ftrack knows.</summary>
    public async Task<ProjectContext?> ForEventAsync(FtrackEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var projectId = EventProject.ProjectIdOf(e) ?? await ProjectIdOfSelectionAsync(e, cancellationToken);
        return projectId is null ? null : await ForProjectAsync(projectId, cancellationToken);
    }

    /// <summary>The settings that apply to the event: its project's, else the studio settings (no project named).</summary>
    public async Task<JsonElement> SettingsForEventAsync(FtrackEvent e, CancellationToken cancellationToken)
    {
        var project = await ForEventAsync(e, cancellationToken);
        return project?.Settings ?? (await ayon.GetServiceSettingsAsync(options.Value, cancellationToken)).Clone();
    }

    /// <summary>The context of ftrack project <paramref name="projectId"/>; null when ftrack has no such project.</summary>
    public async Task<ProjectContext?> ForProjectAsync(string projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var key = "project:" + projectId;
        if (context.Find<Loaded>(key) is { } cached)
        {
            return cached.Project;
        }

        var project = await session.GetAsync(FtrackEntityTypes.Project, projectId, ["id", "name", "full_name", "project_schema_id"], cancellationToken);
        ProjectContext? loaded = null;
        if (project is not null)
        {
            var name = project.GetString("full_name") ?? "";
            var exists = name.Length > 0 && await AyonProjectExistsAsync(name, cancellationToken);
            var settings = exists
                ? await ayon.GetServiceProjectSettingsAsync(options.Value, name, cancellationToken)
                : await ayon.GetServiceSettingsAsync(options.Value, cancellationToken);
            loaded = new ProjectContext(project.Id, name, project.GetString("name") ?? "", project.GetString("project_schema_id") ?? "", exists, settings.Clone());
        }

        context.Set(key, new Loaded(loaded));
        return loaded;
    }

    /// <summary>
    /// The context of a project whose ftrack row and AYON project the caller has just read itself (the incremental sync
    /// reads them in its own batch): only the settings are read, unless a slice of the input has read the project already.
    /// </summary>
    public async Task<ProjectContext> ForKnownProjectAsync(string projectId, string projectName, string projectCode, string projectSchemaId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(projectName);
        var key = "project:" + projectId;
        if (context.Find<Loaded>(key) is { Project: { AyonProjectExists: true } cached } && cached.ProjectName == projectName)
        {
            return cached;
        }

        var settings = await ayon.GetServiceProjectSettingsAsync(options.Value, projectName, cancellationToken);
        var loaded = new ProjectContext(projectId, projectName, projectCode, projectSchemaId, true, settings.Clone());
        context.Set(key, new Loaded(loaded));
        return loaded;
    }

    /// <summary>The project schema's statuses, read once per input (two batched ftrack requests).</summary>
    public async Task<StatusCatalog> StatusCatalogAsync(ProjectContext project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Catalog ??= await StatusCatalogs.LoadAsync(session, project.ProjectSchemaId, cancellationToken);
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

        // A component has no link path of its own (ftrack: "Component has no attribute link"): its version's names the project.
        var (linked, id) = type == FtrackEntityTypes.Component
            ? (FtrackEntityTypes.AssetVersion, (await session.GetAsync(type, first.EntityId, ["version_id"], cancellationToken))?.GetString("version_id"))
            : (type, first.EntityId);
        if (id is null)
        {
            return null;
        }

        var entity = await session.GetAsync(linked, id, ["link"], cancellationToken);
        var link = entity?.Link;
        return link is { Count: > 0 } ? link[0].Id : null;
    }

    /// <summary>A read project, or the answer that ftrack has none (kept too, so it is asked once).</summary>
    private sealed record Loaded(ProjectContext? Project);
}

/// <summary>Registers the per-input project context.</summary>
public static class ProjectContextRegistration
{
    /// <summary>Adds the event context and <see cref="ProjectContexts"/> (scoped).</summary>
    public static IServiceCollection AddProjectContexts(this IServiceCollection services)
    {
        services.AddEventContext();
        services.TryAddScoped<ProjectContexts>();
        return services;
    }
}
