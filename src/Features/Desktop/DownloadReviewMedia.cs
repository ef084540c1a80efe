using System.Globalization;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Download Review Media" (Python origin: <c>event_handlers_user/action_download_reviews.py</c>, U-10): offered when
/// an AssetVersion or a ReviewSession is selected; the click downloads the review media of the selected versions (and of
/// the selected sessions' versions) into the artist's Downloads folder, under an ftrack Job that shows the progress. The
/// media are the components named <c>ftrackreview-mp4</c> and <c>ftrackreview-image</c>, or the component their
/// <c>source_component_id</c> metadata names; a review component is saved as <c>&lt;asset&gt;_&lt;vvv&gt;.&lt;ext&gt;</c>,
/// a source component under its own name, with <c> (n)</c> added when the name is taken. Files come from
/// <c>ftrack.server</c>'s <c>/component/get</c> with the artist's login (ftrack-protocol.md §5). Like the original it has
/// no settings and no role check.
/// <para>Fixed against the original (reference §7): without a <c>source.user.id</c> the original had no Job and then
/// dereferenced it; here the Job is always created (for the user found by id or name) and always ends done or failed.
/// A file that cannot be downloaded no longer stops the others: the reply and the Job name each one.</para>
/// </summary>
public static class DownloadReviewMedia
{
    /// <summary>The action as ftrack shows it; identifier, label and description are the original's.</summary>
    public static readonly UserAction Action = new(new LocalAction("download.reviewables", "Download Review Media", Description: "Download review media from selected versions"));

    /// <summary>The names of ftrack's review components.</summary>
    public static readonly IReadOnlyList<string> ReviewNames = ["ftrackreview-mp4", "ftrackreview-image"];

    /// <summary>The menu opened, or a click on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>download.reviewables.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>True when an AssetVersion or a ReviewSession is among the selection.</summary>
    public static bool Applies(IReadOnlyList<EventProject.SelectionItem> selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.Any(s => EventProject.QueryTypeOf(s.EntityType) is FtrackEntityTypes.AssetVersion or "ReviewSession");
    }

    /// <summary>A component to download: its file name base (without extension) and extension (with the dot).</summary>
    public sealed record Media(string ComponentId, string BaseName, string Extension);

    /// <summary>The file name base: <c>&lt;asset&gt;_&lt;vvv&gt;</c> for a review component, the component's name otherwise.</summary>
    public static string BaseName(string componentName, string? assetName, int? version) =>
        ReviewNames.Contains(componentName) && assetName is not null && version is not null
            ? $"{assetName}_{version.Value.ToString("000", CultureInfo.InvariantCulture)}"
            : componentName;

    /// <summary>A free path in <paramref name="folder"/> for <paramref name="media"/>: <c>name.ext</c>, else <c>name (n).ext</c>.</summary>
    public static string FreePath(string folder, Media media, Func<string, bool> exists)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(exists);
        var extension = media.Extension.Length == 0 || media.Extension.StartsWith('.') ? media.Extension : "." + media.Extension;
        var path = Path.Combine(folder, media.BaseName + extension);
        for (var n = 1; exists(path); n++)
        {
            path = Path.Combine(folder, $"{media.BaseName} ({n}){extension}");
        }

        return path;
    }

    /// <summary>
    /// The artist's Downloads folder, as <c>platformdirs.user_downloads_dir</c> finds it: <c>XDG_DOWNLOAD_DIR</c> (from the
    /// environment, else from <c>~/.config/user-dirs.dirs</c>) on Linux, else <c>~/Downloads</c>.
    /// </summary>
    public static string DownloadsFolder()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS())
        {
            if (Environment.GetEnvironmentVariable("XDG_DOWNLOAD_DIR") is { Length: > 0 } fromEnvironment)
            {
                return fromEnvironment.Replace("$HOME", home, StringComparison.Ordinal);
            }

            var userDirs = Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } config ? config : Path.Combine(home, ".config"), "user-dirs.dirs");
            if (File.Exists(userDirs) && File.ReadLines(userDirs).FirstOrDefault(l => l.StartsWith("XDG_DOWNLOAD_DIR=", StringComparison.Ordinal)) is { } line)
            {
                return line["XDG_DOWNLOAD_DIR=".Length..].Trim().Trim('"').Replace("$HOME", home, StringComparison.Ordinal);
            }
        }

        return Path.Combine(home, "Downloads");
    }

    /// <summary>The action's I/O: versions and components in ftrack, the downloads from <c>ftrack.server</c>, the Job.</summary>
    internal sealed class Handler(UserActionRuntime runtime, FtrackSession session, FtrackConnection connection, IHttpClientFactory http)
        : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            runtime.RunAsync(Action, request, Applies, LaunchAsync, cancellationToken);

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            if (!Applies(selection))
            {
                return ActionResult.Message(false, "Select versions or review sessions to download their review media.");
            }

            var media = await MediaAsync(selection, cancellationToken);
            if (media is null)
            {
                return ActionResult.Message(false, "No review media to download in your selection...");
            }

            if (media.Count == 0)
            {
                return ActionResult.Message(false, "Selected entities don't have available review media to download...");
            }

            var folder = DownloadsFolder();
            return await DesktopJobs.RunAsync(runtime, session, e, "Download review media", async (jobId, ct) =>
            {
                Directory.CreateDirectory(folder);
                var onServer = (await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.ComponentLocation).Select("id", "component_id")
                    .Where(FtrackFilter.All(FtrackFilter.In("component_id", media.Select(m => m.ComponentId)), FtrackFilter.Is("location_id", FtrackLocationIds.Server))), ct))
                    .Select(r => r.GetString("component_id")).OfType<string>().ToHashSet(StringComparer.Ordinal);
                var problems = new List<string>();
                var saved = new List<string>();
                var client = http.CreateClient(FtrackClientRegistration.UploadClientName);
                for (var index = 0; index < media.Count; index++)
                {
                    var item = media[index];
                    await runtime.Actions.UpdateJobAsync(jobId, ActionJobStatus.Running, $"Download review media {index + 1}/{media.Count}", ct);
                    if (!onServer.Contains(item.ComponentId))
                    {
                        problems.Add($"{item.BaseName}{item.Extension} is not on the ftrack server");
                        continue;
                    }

                    var path = FreePath(folder, item, p => File.Exists(p));
                    if (await DownloadAsync(client, item.ComponentId, path, ct) is { } problem)
                    {
                        problems.Add($"{item.BaseName}{item.Extension}: {problem}");
                        continue;
                    }

                    saved.Add(Path.GetFileName(path));
                }

                var text = $"{saved.Count} of {media.Count} review file(s) downloaded to {folder}"
                    + (saved.Count > 0 ? $" ({string.Join(", ", saved)})" : "") + (problems.Count > 0 ? $"; not downloaded: {string.Join("; ", problems)}." : ".");
                return ActionResult.Message(problems.Count == 0, text);
            }, cancellationToken);
        }

        /// <summary>Saves the component's bytes at <paramref name="path"/>; the readable problem, or null when it was saved.</summary>
        private async Task<string?> DownloadAsync(HttpClient client, string componentId, string path, CancellationToken cancellationToken)
        {
            var login = connection.Required;
            // The key is only ever in this request's URL, never logged or reported.
            var url = new Uri(login.ServerUrl, $"/component/get?id={Uri.EscapeDataString(componentId)}&username={Uri.EscapeDataString(login.ApiUser)}&apiKey={Uri.EscapeDataString(login.ApiKey)}");
            try
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return $"the ftrack server answered {(int)response.StatusCode}";
                }

                var partial = path + ".part";
                await using (var file = File.Create(partial))
                {
                    await response.Content.CopyToAsync(file, cancellationToken);
                }

                File.Move(partial, path);
                return null;
            }
            catch (HttpRequestException ex)
            {
                return $"the download failed ({ex.HttpRequestError})";
            }
            catch (IOException ex)
            {
                return $"the file could not be written ({ex.Message})";
            }
        }

        /// <summary>The media of the selection; null when it names no version at all.</summary>
        private async Task<IReadOnlyList<Media>?> MediaAsync(IReadOnlyList<EventProject.SelectionItem> selection, CancellationToken cancellationToken)
        {
            var versionIds = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) == FtrackEntityTypes.AssetVersion).Select(s => s.EntityId).ToHashSet(StringComparer.Ordinal);
            var sessionIds = selection.Where(s => EventProject.QueryTypeOf(s.EntityType) == "ReviewSession").Select(s => s.EntityId).Distinct(StringComparer.Ordinal).ToList();
            if (sessionIds.Count > 0)
            {
                versionIds.UnionWith((await session.QueryAsync(FtrackQuery.From("ReviewSessionObject").Select("id", "version_id").Where(FtrackFilter.In("review_session_id", sessionIds)),
                    o => o.GetString("version_id"), cancellationToken)).OfType<string>());
            }

            if (versionIds.Count == 0)
            {
                return null;
            }

            var versions = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.AssetVersion).Select("id", "version", "asset_id").Where(FtrackFilter.In("id", versionIds)), cancellationToken);
            if (versions.Count == 0)
            {
                return null;
            }

            var assets = (await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Asset).Select("id", "name").Where(FtrackFilter.In("id", versions.Select(v => v.GetString("asset_id")).OfType<string>().Distinct(StringComparer.Ordinal))), cancellationToken))
                .ToDictionary(a => a.Id, a => a.GetString("name"), StringComparer.Ordinal);
            var versionById = versions.ToDictionary(v => v.Id, StringComparer.Ordinal);
            var reviews = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Component).Select("id", "name", "version_id", "file_type")
                .Where(FtrackFilter.All(FtrackFilter.In("name", ReviewNames), FtrackFilter.In("version_id", versionById.Keys))), cancellationToken);
            var sources = reviews.Count == 0 ? new Dictionary<string, string?>()
                : (await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Metadata).Select("parent_id", "key", "value")
                    .Where(FtrackFilter.All(FtrackFilter.In("parent_id", reviews.Select(r => r.Id)), FtrackFilter.Is("key", "source_component_id"))), cancellationToken))
                    .ToDictionary(m => m.GetString("parent_id") ?? "", m => m.GetString("value"), StringComparer.Ordinal);
            var components = reviews.Where(r => sources.GetValueOrDefault(r.Id) is not { Length: > 0 }).ToList();
            var sourceIds = sources.Values.OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            if (sourceIds.Count > 0)
            {
                components.AddRange(await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Component).Select("id", "name", "version_id", "file_type").Where(FtrackFilter.In("id", sourceIds)), cancellationToken));
            }

            return [.. components.DistinctBy(c => c.Id).Select(c =>
            {
                var version = c.GetString("version_id") is { } v ? versionById.GetValueOrDefault(v) : null;
                var asset = version?.GetString("asset_id") is { } a ? assets.GetValueOrDefault(a) : null;
                return new Media(c.Id, BaseName(c.GetString("name") ?? c.Id, asset, version?.GetInt32("version")), c.GetString("file_type") ?? "");
            })];
        }
    }
}
