using System.Net;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Automations;

/// <summary>The ftrack project an automation works in, with the project's addon settings.</summary>
public sealed record AutomationProject(string Id, string FullName, string ProjectSchemaId, FtrackSettings Settings);

/// <summary>
/// The checks every automation makes before it reads anything else (reference §4.2, "project-level checks"): the
/// ftrack project exists, the AYON project of the same name exists, and ftrack is enabled in the project's addon
/// settings. The handler's own <c>enabled</c> switch is checked by the caller on <see cref="AutomationProject.Settings"/>.
/// </summary>
public static class AutomationProjects
{
    /// <summary>The project, or null with the reason it is skipped.</summary>
    public static async Task<(AutomationProject? Project, string? SkipReason)> OpenAsync(
        FtrackSession session, IAyonApi ayon, AyonOptions ayonOptions, string projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(ayon);
        ArgumentNullException.ThrowIfNull(ayonOptions);
        var project = await session.GetAsync(FtrackEntityTypes.Project, projectId, ["id", "full_name", "project_schema_id"], cancellationToken);
        if (project?.GetString("full_name") is not { } fullName)
        {
            return (null, "the ftrack project does not exist");
        }

        var ayonProject = await ayon.GetProjectAsync(fullName, cancellationToken);
        if (ayonProject.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, "the AYON project does not exist");
        }

        if (!ayonProject.IsSuccessful)
        {
            throw new HttpRequestException($"AYON answered {ayonProject.StatusCode} reading project '{fullName}'.");
        }

        var settings = FtrackSettings.Parse(await ayon.GetServiceProjectSettingsAsync(ayonOptions, fullName, cancellationToken));
        if (!settings.Enabled)
        {
            return (null, "ftrack is disabled for the project");
        }

        return (new AutomationProject(projectId, fullName, project.GetString("project_schema_id") ?? "", settings), null);
    }
}
