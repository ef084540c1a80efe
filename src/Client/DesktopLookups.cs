using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Client;

/// <summary>Something the command looked up does not exist or is not synchronised: one line that names it (exit 1).</summary>
public sealed class DesktopLookupException(string message) : Exception(message);

/// <summary>AYON look-ups of the desktop commands: the ftrack ids AYON keeps in <c>attrib.ftrackId</c>.</summary>
public static class DesktopLookups
{
    public const string FtrackIdAttribute = "ftrackId";

    /// <summary>The ftrack id of an AYON project.</summary>
    public static async Task<string> ProjectFtrackIdAsync(IAyonApi ayon, string project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        using var response = await ayon.GetProjectAsync(project, cancellationToken);
        if (!response.IsSuccessStatusCode || response.Content is null)
        {
            throw new DesktopLookupException($"AYON has no project '{project}' (HTTP {(int?)response.StatusCode})");
        }

        return FtrackIdOf(response.Content.Attrib) ?? throw new DesktopLookupException($"AYON project '{project}' is not synchronised with ftrack (no {FtrackIdAttribute})");
    }

    /// <summary>The ftrack id of the AYON folder at <paramref name="folderPath"/> (<c>/sq010/sh010</c> or without the leading slash).</summary>
    public static async Task<string> FolderFtrackIdAsync(IAyonApi ayon, string project, string folderPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ayon);
        var wanted = "/" + folderPath.Trim().Trim('/');
        var folders = await ayon.GetFolderListAsync(project, attrib: true, cancellationToken);
        var folder = folders.Folders.FirstOrDefault(f => string.Equals("/" + (f.Path ?? "").Trim('/'), wanted, StringComparison.Ordinal))
            ?? throw new DesktopLookupException($"AYON project '{project}' has no folder {wanted}");
        return FtrackIdOf(folder.Attrib) ?? throw new DesktopLookupException($"AYON folder {wanted} is not synchronised with ftrack (no {FtrackIdAttribute})");
    }

    private static string? FtrackIdOf(System.Text.Json.Nodes.JsonObject? attrib) =>
        attrib?[FtrackIdAttribute]?.GetValue<string>() is { Length: > 0 } id ? id : null;
}
