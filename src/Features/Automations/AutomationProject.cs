using AyonFtrack.Features.Common;

namespace AyonFtrack.Features.Automations;

/// <summary>
/// The checks every automation makes before it reads anything else (reference §4.2, "project-level checks"): the
/// ftrack project exists, the AYON project of the same name exists, and ftrack is enabled in the project's addon
/// settings. The handler's own <c>enabled</c> switch is checked by the caller on <see cref="ProjectContext.Typed"/>.
/// The project is read once per event (<see cref="ProjectContexts"/>), whichever automation asks first.
/// </summary>
public static class AutomationProjects
{
    /// <summary>The project, or null with the reason it is skipped.</summary>
    public static async Task<(ProjectContext? Project, string? SkipReason)> OpenAsync(ProjectContexts projects, string projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var project = await projects.ForProjectAsync(projectId, cancellationToken);
        if (project is null)
        {
            return (null, "the ftrack project does not exist");
        }

        return project.SkipReason is { } reason ? (null, reason) : (project, null);
    }
}
