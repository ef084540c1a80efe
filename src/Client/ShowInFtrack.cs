using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Client;

/// <summary>
/// The "Show in ftrack" URL of a launcher context (behaviour reference C-07): the project's page in ftrack, with the
/// task (or else the folder) opened in the side panel. The ids come from AYON's <c>ftrackId</c> attributes; a task's
/// id from ftrack, by name under its folder.
/// </summary>
public static class ShowInFtrack
{
    /// <summary>The URL for a project, optionally a folder path and a task name.</summary>
    public static async Task<Uri> UrlAsync(Uri ftrackServer, string project, string? folderPath, string? task, IAyonApi ayon, FtrackSession ftrack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ftrackServer);
        var projectId = await DesktopLookups.ProjectFtrackIdAsync(ayon, project, cancellationToken);
        string? slideId = null;
        if (!string.IsNullOrWhiteSpace(folderPath))
        {
            slideId = await DesktopLookups.FolderFtrackIdAsync(ayon, project, folderPath, cancellationToken);
            if (!string.IsNullOrWhiteSpace(task))
            {
                var ftrackTask = await ftrack.QueryFirstAsync(
                    FtrackQuery.From("Task").Select("id").Where(FtrackFilter.All(FtrackFilter.Is("parent_id", slideId), FtrackFilter.Is("name", task))),
                    cancellationToken);
                slideId = ftrackTask?.GetString("id") ?? throw new DesktopLookupException($"ftrack has no task '{task}' under {folderPath}");
            }
        }

        return Build(ftrackServer, projectId, slideId);
    }

    /// <summary>The pure URL shape.</summary>
    public static Uri Build(Uri ftrackServer, string projectFtrackId, string? slideFtrackId)
    {
        ArgumentNullException.ThrowIfNull(ftrackServer);
        var fragment = $"itemId=projects&view=tasks&entityId={Uri.EscapeDataString(projectFtrackId)}&entityType=show";
        if (slideFtrackId is not null)
        {
            fragment += $"&slideEntityId={Uri.EscapeDataString(slideFtrackId)}&slideEntityType=task";
        }

        return new Uri($"{ftrackServer.GetLeftPart(UriPartial.Authority)}{ftrackServer.AbsolutePath.TrimEnd('/')}/#{fragment}");
    }
}
