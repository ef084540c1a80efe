using System.Diagnostics;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Ftrack.Actions;
using MediatR;

namespace AyonFtrack.Features.Desktop;

/// <summary>
/// "Open File" (Python origin: <c>event_handlers_user/action_component_open.py</c>, U-05): offered on one selected
/// FileComponent; the click opens the folder of the component's file (its resource identifier in a disk location) in the
/// OS file browser of the artist's machine (<see cref="IFolderOpener"/>). A component only on <c>ftrack.server</c>, a
/// folder that does not exist here, or a machine without a file browser command each end as a readable message. Like
/// the original it has no settings, no role check and no Job (opening a folder is immediate).
/// <para>Fixed against the original: it read the first location the server listed, so a component published to both a
/// disk location and <c>ftrack.server</c> could be refused as "stored on ftrack server"; here a location with a path is
/// preferred. The browser is started detached with its output discarded, so it never writes into <c>serve</c>'s JSON lines.</para>
/// </summary>
public static class OpenFile
{
    /// <summary>The action as ftrack shows it; identifier and label are the original's.</summary>
    public static readonly UserAction Action = new(new LocalAction("ayon.component.open", "Open File"));

    /// <summary>The menu opened, or a click on this action.</summary>
    public sealed record Command(FtrackEvent Event, LocalActionStep Step) : ILocalActionCommand;

    /// <summary>Discovers and launches of <c>ayon.component.open.*</c>.</summary>
    public static Command? From(FtrackEvent e) => Action.Menu.StepOf(e) is { } step ? new Command(e, step) : null;

    /// <summary>Where a component is: a location's name and the resource identifier there.</summary>
    public sealed record Placement(string LocationId, string LocationName, string? ResourceIdentifier);

    /// <summary>The folder to open, or the readable reason there is none.</summary>
    public static (string? Folder, string? Refusal) FolderOf(IReadOnlyList<Placement> placements)
    {
        ArgumentNullException.ThrowIfNull(placements);
        if (placements.FirstOrDefault(p => p.LocationId != FtrackLocationIds.Server && !string.IsNullOrWhiteSpace(p.ResourceIdentifier)) is { } disk)
        {
            return (Path.GetDirectoryName(Path.GetFullPath(disk.ResourceIdentifier!)), null);
        }

        return placements.Count > 0 && placements.All(p => p.LocationId == FtrackLocationIds.Server)
            ? (null, "This component is stored on ftrack server!")
            : (null, "This component has no file in a location with a path.");
    }

    /// <summary>The action's I/O: the component's locations in ftrack, the disk, the file browser.</summary>
    internal sealed class Handler(LocalActionRuntime local, FtrackSession session, IDesktopFiles files, IFolderOpener opener) : IRequestHandler<Command, Unit>
    {
        public Task<Unit> Handle(Command request, CancellationToken cancellationToken) =>
            local.RunAsync(Action.Menu, request, ct => IsOneFileComponentAsync(EventProject.Selection(request.Event), ct), ct => LaunchAsync(request.Event, ct), cancellationToken);

        private async Task<bool> IsOneFileComponentAsync(IReadOnlyList<EventProject.SelectionItem> selection, CancellationToken cancellationToken) =>
            selection.Count == 1 && EventProject.QueryTypeOf(selection[0].EntityType) == FtrackEntityTypes.Component
            && await session.QueryFirstAsync(FtrackQuery.From(FtrackEntityTypes.Component).Select("id").Where(FtrackFilter.Is("id", selection[0].EntityId)), cancellationToken)
                is { EntityType: FtrackEntityTypes.FileComponent };

        private async Task<ActionResult> LaunchAsync(FtrackEvent e, CancellationToken cancellationToken)
        {
            var selection = EventProject.Selection(e);
            if (!await IsOneFileComponentAsync(selection, cancellationToken))
            {
                return ActionResult.Message(false, "Select exactly one file component to open its folder.");
            }

            var rows = await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.ComponentLocation).Select("id", "location_id", "resource_identifier")
                .Where(FtrackFilter.Is("component_id", selection[0].EntityId)), cancellationToken);
            var locationIds = rows.Select(r => r.GetString("location_id")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var names = locationIds.Count == 0 ? new Dictionary<string, string>()
                : (await session.QueryAsync(FtrackQuery.From(FtrackEntityTypes.Location).Select("id", "name").Where(FtrackFilter.In("id", locationIds)), cancellationToken))
                    .ToDictionary(l => l.Id, l => l.GetString("name") ?? l.Id, StringComparer.Ordinal);
            var placements = rows.Select(r => new Placement(r.GetString("location_id") ?? "", names.GetValueOrDefault(r.GetString("location_id") ?? "", ""), r.GetString("resource_identifier"))).ToList();
            var (folder, refusal) = FolderOf(placements);
            if (folder is null)
            {
                return ActionResult.Message(false, refusal!);
            }

            if (!files.DirectoryExists(folder))
            {
                return ActionResult.Message(false, $"Folder not found on this machine: {folder}");
            }

            try
            {
                await opener.OpenFolderAsync(folder, cancellationToken);
            }
            catch (FolderOpenerException ex)
            {
                return ActionResult.Message(false, ex.Message);
            }

            return ActionResult.Message(true, "Component folder Opened");
        }
    }
}

/// <summary>Opens a folder in the artist's file browser; a unit test or another platform gives its own.</summary>
public interface IFolderOpener
{
    /// <summary>Opens <paramref name="folder"/>; throws <see cref="FolderOpenerException"/> with a readable reason when it cannot.</summary>
    Task OpenFolderAsync(string folder, CancellationToken cancellationToken);
}

/// <summary>The folder could not be opened; the message is shown to the artist.</summary>
public sealed class FolderOpenerException(string message) : Exception(message);

/// <summary>
/// The OS file browser, as the original picks it: <c>explorer</c> on Windows, <c>open</c> on macOS, <c>xdg-open</c>
/// elsewhere (found on <c>PATH</c>; without it the artist is told there is no known way to open a folder). Started
/// detached, with its standard streams on <c>/dev/null</c>.
/// </summary>
public sealed class LocalFolderOpener : IFolderOpener
{
    /// <inheritdoc />
    public async Task OpenFolderAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ProcessStartInfo info;
        if (OperatingSystem.IsWindows())
        {
            info = new ProcessStartInfo("explorer") { UseShellExecute = false };
            info.ArgumentList.Add(folder);
        }
        else
        {
            var program = OperatingSystem.IsMacOS() ? "open" : "xdg-open";
            if (!OperatingSystem.IsMacOS() && FindOnPath(program) is null)
            {
                throw new FolderOpenerException("Unknown way to open folder explorer on your system (xdg-open is not installed).");
            }

            info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("\"$0\" \"$@\" </dev/null >/dev/null 2>&1 &");
            info.ArgumentList.Add(program);
            info.ArgumentList.Add(folder);
        }

        // Awaited inside the using: a Process disposed while its exit is awaited never reports the exit (the launch then
        // never answered whenever the shell had not exited yet).
        using var process = Process.Start(info) ?? throw new FolderOpenerException($"The file browser could not be started for {folder}.");
        if (!OperatingSystem.IsWindows())
        {
            await process.WaitForExitAsync(cancellationToken);
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program)).FirstOrDefault(File.Exists);
}
