using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Automations;

/// <summary>
/// What the automation slices of one dispatched event share: per project, the checks of <see cref="AutomationProjects"/>
/// (ftrack project, AYON project, addon settings) and the project schema's <see cref="StatusCatalog"/>, read by the
/// first slice that needs them. Neither changes through the automations' own writes (they only set statuses). The
/// same event object gives the same instance to every slice; a redelivered event is a new object and reads fresh state.
/// </summary>
public sealed class AutomationEvent
{
    private static readonly ConditionalWeakTable<FtrackEvent, AutomationEvent> ByEvent = [];

    private readonly ConcurrentDictionary<string, AutomationContext> _projects = new(StringComparer.Ordinal);

    private AutomationEvent()
    {
    }

    /// <summary>The shared state of <paramref name="e"/>.</summary>
    public static AutomationEvent Of(FtrackEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return ByEvent.GetValue(e, _ => new AutomationEvent());
    }

    /// <summary>
    /// The project's context: taken from <paramref name="shared"/> when a slice of the event read it already, else read
    /// now (and kept there when <paramref name="shared"/> is given). Failures are not kept, so the next slice tries again.
    /// </summary>
    public static async Task<AutomationContext> OpenAsync(AutomationEvent? shared, FtrackSession session, IAyonApi ayon, AyonOptions ayonOptions, string projectId, CancellationToken cancellationToken)
    {
        if (shared is not null && shared._projects.TryGetValue(projectId, out var known))
        {
            return known;
        }

        var (project, skipReason) = await AutomationProjects.OpenAsync(session, ayon, ayonOptions, projectId, cancellationToken);
        var context = new AutomationContext(project, skipReason);
        return shared is null ? context : shared._projects.GetOrAdd(projectId, context);
    }
}

/// <summary>One project's checks and (once read) its status catalog, shared by the automation slices of one event.</summary>
public sealed class AutomationContext(AutomationProject? project, string? skipReason)
{
    private StatusCatalog? _catalog;

    /// <summary>The project when the automations may run in it.</summary>
    public AutomationProject? Project { get; } = project;

    /// <summary>Why the automations do not run in the project (no ftrack project, no AYON project, ftrack disabled), or null.</summary>
    public string? SkipReason { get; } = skipReason;

    /// <summary>The project schema's statuses, read on first use.</summary>
    public async Task<StatusCatalog> CatalogAsync(FtrackSession session, CancellationToken cancellationToken)
    {
        var project = Project ?? throw new InvalidOperationException("The project is skipped: " + SkipReason);
        return _catalog ??= await StatusCatalogs.LoadAsync(session, project.ProjectSchemaId, cancellationToken);
    }
}
