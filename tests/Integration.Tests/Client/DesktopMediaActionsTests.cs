using AyonFtrack.Features.Desktop;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Integration.Tests.Client;

/// <summary>
/// The artist's media actions through a real <c>serve</c> over both emulators: Open File (U-05) with a stand-in
/// <c>xdg-open</c> first on <c>PATH</c>, and Download Review Media (U-10) into a temporary Downloads folder
/// (<c>XDG_DOWNLOAD_DIR</c>); the role-checked actions' menu on a component.
/// </summary>
public sealed class DesktopMediaActionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ayon-ftrack-media-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task OpenFile_DiskComponent_OpensItsFolder_ServerOnlyOrMissingFolderRefused()
    {
        await using var world = await DesktopWorld.StartAsync();
        var ftrack = world.Ftrack;
        var published = Directory.CreateDirectory(Path.Combine(_folder, "publish", "v001")).FullName;
        await File.WriteAllTextAsync(Path.Combine(published, "sh010_main.exr"), "exr");
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        var opened = Path.Combine(_folder, "opened.txt");
        var script = Path.Combine(bin, "xdg-open");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\necho \"$@\" > '{opened}.tmp' && mv '{opened}.tmp' '{opened}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var disk = ftrack.AddLocation("studio.disk");
        var version = ftrack.AddAssetVersion(ftrack.AddAsset(world.ShotFtrackId, "renderMain"), 1);
        var onDisk = ftrack.AddFileComponent(version, "exr", ".exr", disk, Path.Combine(published, "sh010_main.exr"));
        var onServer = ftrack.AddFileComponent(version, "ftrackreview-mp4", ".mp4", FtrackLocationIds.Server, bytes: [1]);
        var elsewhere = ftrack.AddFileComponent(version, "exr", ".exr", disk, Path.Combine(_folder, "missing", "sh010_main.exr"));
        await using var desk = await world.ServeAsync(environment: env => env["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"), ayonApiKey: DesktopWorld.AyonArtistKey);
        var identifier = OpenFile.Action.Menu.Identifier;

        (await desk.OfferedAsync(DesktopWorld.Selection((onDisk, "component")))).ShouldContain(identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((onDisk, "component"), (onServer, "component")))).ShouldNotContain(identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((version, "assetversion")))).ShouldNotContain(identifier);
        var server = await desk.LaunchAsync(identifier, DesktopWorld.Selection((onServer, "component")));
        var missing = await desk.LaunchAsync(identifier, DesktopWorld.Selection((elsewhere, "component")));
        var done = await desk.LaunchAsync(identifier, DesktopWorld.Selection((onDisk, "component")));

        ((bool?)server["success"]).ShouldBe(false);
        ((string?)server["message"]).ShouldBe("This component is stored on ftrack server!");
        ((bool?)missing["success"]).ShouldBe(false);
        ((string?)missing["message"]).ShouldBe($"Folder not found on this machine: {Path.Combine(_folder, "missing")}");
        ((bool?)done["success"]).ShouldBe(true, done.ToJsonString());
        ((string?)done["message"]).ShouldBe("Component folder Opened");
        var line = await Eventually.WaitAsync(() => File.Exists(opened) ? File.ReadAllText(opened) : null, "the stand-in xdg-open was run");
        line.Trim().ShouldBe(published);

        // A component's menu reads its project through its version (a component has no link path): the role-checked
        // actions are offered there too, and nothing is logged about a missing attribute.
        world.GrantRole(DesktopWorld.ArtistOne, "Administrator");
        (await desk.OfferedAsync(DesktopWorld.Selection((onDisk, "component")))).ShouldContain(JobKiller.Action.Menu.Identifier);
        desk.Output.ShouldNotContain("has no attribute");
    }

    [Fact]
    public async Task DownloadReviewMedia_VersionsAndReviewSession_FilesInDownloads_JobDone_NothingToDownloadRefused()
    {
        await using var world = await DesktopWorld.StartAsync();
        var ftrack = world.Ftrack;
        var downloads = Path.Combine(_folder, "Downloads");
        Directory.CreateDirectory(downloads);
        await File.WriteAllTextAsync(Path.Combine(downloads, "plateMain_001.mp4"), "an earlier download");
        var asset = ftrack.AddAsset(world.ShotFtrackId, "plateMain");
        var first = ftrack.AddAssetVersion(asset, 1);
        var second = ftrack.AddAssetVersion(asset, 2);
        var bare = ftrack.AddAssetVersion(asset, 3);
        var notUploaded = ftrack.AddAssetVersion(asset, 4);
        ftrack.AddFileComponent(first, "ftrackreview-mp4", ".mp4", FtrackLocationIds.Server, bytes: [1, 2, 3]);
        var source = ftrack.AddFileComponent(second, "main", ".mov", FtrackLocationIds.Server, bytes: [4, 5]);
        var review = ftrack.AddFileComponent(second, "ftrackreview-mp4", ".mp4", FtrackLocationIds.Server, bytes: [9]);
        ftrack.SetComponentMetadata(review, "source_component_id", source);
        ftrack.AddFileComponent(notUploaded, "ftrackreview-image", ".jpg", ftrack.AddLocation("studio.disk"), Path.Combine(_folder, "x.jpg"));
        var session = ftrack.AddReviewSession(world.ProjectFtrackId, "client 0102");
        ftrack.AddReviewSessionObject(session, first, "plateMain", "v001", 1);
        await using var desk = await world.ServeAsync(environment: env => env["XDG_DOWNLOAD_DIR"] = downloads, ayonApiKey: DesktopWorld.AyonArtistKey);
        var identifier = DownloadReviewMedia.Action.Menu.Identifier;

        (await desk.OfferedAsync(DesktopWorld.Selection((first, "assetversion")))).ShouldContain(identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((session, "reviewsession")))).ShouldContain(identifier);
        (await desk.OfferedAsync(DesktopWorld.Selection((world.TaskIds["comp"], "task")))).ShouldNotContain(identifier);
        var nothing = await desk.LaunchAsync(identifier, DesktopWorld.Selection((bare, "assetversion")));
        var versions = await desk.LaunchAsync(identifier, DesktopWorld.Selection((first, "assetversion"), (second, "assetversion")));
        var fromSession = await desk.LaunchAsync(identifier, DesktopWorld.Selection((session, "reviewsession")));
        var notOnServer = await desk.LaunchAsync(identifier, DesktopWorld.Selection((notUploaded, "assetversion")));

        ((bool?)nothing["success"]).ShouldBe(false);
        ((string?)nothing["message"]).ShouldBe("Selected entities don't have available review media to download...");
        ((bool?)versions["success"]).ShouldBe(true, versions.ToJsonString());
        ((bool?)fromSession["success"]).ShouldBe(true, fromSession.ToJsonString());
        (await File.ReadAllBytesAsync(Path.Combine(downloads, "plateMain_001 (1).mp4"))).ShouldBe(new byte[] { 1, 2, 3 });
        (await File.ReadAllBytesAsync(Path.Combine(downloads, "main.mov"))).ShouldBe(new byte[] { 4, 5 });
        (await File.ReadAllBytesAsync(Path.Combine(downloads, "plateMain_001 (2).mp4"))).ShouldBe(new byte[] { 1, 2, 3 });
        (await File.ReadAllTextAsync(Path.Combine(downloads, "plateMain_001.mp4"))).ShouldBe("an earlier download");
        Directory.GetFiles(downloads).Length.ShouldBe(4);
        ((bool?)notOnServer["success"]).ShouldBe(false);
        ((string?)notOnServer["message"]).ShouldBe($"0 of 1 review file(s) downloaded to {downloads}; not downloaded: plateMain_004.jpg is not on the ftrack server.");
        world.JobsStartingWith("Download review media").Select(j => j.Status).ShouldBe(["done", "done", "failed"]);
        desk.Output.ShouldNotContain(world.Artists[DesktopWorld.ArtistOne].ApiKey);
    }
}
