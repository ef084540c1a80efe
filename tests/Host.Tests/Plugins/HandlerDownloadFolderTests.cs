using System.Globalization;
using AyonFtrack.Features.Plugins;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Host.Tests.Plugins;

public sealed class HandlerDownloadFolderTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _temp = new();
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CleanupStale_FreshLock_KeepsFolder()
    {
        var folder = ProcessFolder("fresh", Epoch(Now.AddSeconds(-10)));

        var removed = HandlerDownloadFolder.CleanupStale(_temp.Path, _time, NullLogger.Instance);

        removed.ShouldBeEmpty();
        Directory.Exists(folder).ShouldBeTrue();
    }

    [Fact]
    public void CleanupStale_LockJustUnderAnHour_KeepsFolder()
    {
        var folder = ProcessFolder("almost", Epoch(Now.AddSeconds(-3599)));

        HandlerDownloadFolder.CleanupStale(_temp.Path, _time, NullLogger.Instance);

        Directory.Exists(folder).ShouldBeTrue();
    }

    [Fact]
    public void CleanupStale_LockOlderThanAnHour_RemovesFolder()
    {
        var folder = ProcessFolder("stale", Epoch(Now.AddSeconds(-3601)));

        var removed = HandlerDownloadFolder.CleanupStale(_temp.Path, _time, NullLogger.Instance);

        removed.ShouldBe([folder]);
        Directory.Exists(folder).ShouldBeFalse();
    }

    [Fact]
    public void CleanupStale_NoLock_RemovesFolder()
    {
        var folder = ProcessFolder("nolock", lockContent: null);

        HandlerDownloadFolder.CleanupStale(_temp.Path, _time, NullLogger.Instance);

        Directory.Exists(folder).ShouldBeFalse();
    }

    [Fact]
    public void CleanupStale_EmptyLock_RemovesFolderLikeTheOriginal()
    {
        var folder = ProcessFolder("empty", "");

        HandlerDownloadFolder.CleanupStale(_temp.Path, _time, NullLogger.Instance);

        Directory.Exists(folder).ShouldBeFalse();
    }

    [Fact]
    public void CleanupStale_LockThatCannotBeRead_KeepsFolder()
    {
        // A lock that is a folder cannot be read as a file, whoever runs the test (root included).
        var folder = ProcessFolder("unreadable", lockContent: null);
        Directory.CreateDirectory(Path.Combine(folder, HandlerDownloadFolder.LockFileName));

        HandlerDownloadFolder.CleanupStale(_temp.Path, _time, NullLogger.Instance);

        Directory.Exists(folder).ShouldBeTrue();
    }

    [Fact]
    public void CleanupStale_LockWithGarbage_KeepsFolder()
    {
        var folder = ProcessFolder("garbage", "not a time");

        HandlerDownloadFolder.CleanupStale(_temp.Path, _time, NullLogger.Instance);

        Directory.Exists(folder).ShouldBeTrue();
    }

    [Fact]
    public void CleanupStale_MixedFolders_RemovesOnlyAbandonedOnesAndLeavesFiles()
    {
        var fresh = ProcessFolder("a", Epoch(Now.AddMinutes(-1)));
        var stale = ProcessFolder("b", Epoch(Now.AddHours(-2)));
        var none = ProcessFolder("c", lockContent: null);
        var file = _temp.Combine("note.txt");
        File.WriteAllText(file, "not a folder");

        var removed = HandlerDownloadFolder.CleanupStale(_temp.Path, _time, NullLogger.Instance);

        removed.ShouldBe([stale, none]);
        Directory.Exists(fresh).ShouldBeTrue();
        File.Exists(file).ShouldBeTrue();
    }

    [Fact]
    public void CleanupStale_MissingRoot_DoesNothing() =>
        HandlerDownloadFolder.CleanupStale(_temp.Combine("absent"), _time, NullLogger.Instance).ShouldBeEmpty();

    [Theory]
    [InlineData("1795489200.123456", true)]
    [InlineData("1795489200", true)]
    [InlineData("  1795489200.5\n", true)]
    [InlineData("1,5", false)]
    [InlineData("NaN", false)]
    [InlineData("-3", false)]
    public void TryReadLock_PythonTimeFormat_Parses(string content, bool readable)
    {
        var path = _temp.Combine("lock");
        File.WriteAllText(path, content);

        HandlerDownloadFolder.TryReadLock(path, out var updated).ShouldBe(readable);
        if (readable)
        {
            updated.ToUnixTimeSeconds().ShouldBe(1795489200);
        }
    }

    [Fact]
    public async Task Create_WritesLockAndRewritesItEveryInterval()
    {
        await using var folder = HandlerDownloadFolder.Create(_temp.Path, TimeSpan.FromSeconds(30), _time, NullLogger.Instance);

        ReadLock(folder.LockPath).ShouldBe(Now);
        Path.GetDirectoryName(folder.Path).ShouldBe(_temp.Path);
        Path.GetFileName(folder.Path).ShouldMatch("^[0-9a-f]{32}$");

        _time.Advance(TimeSpan.FromSeconds(29));
        ReadLock(folder.LockPath).ShouldBe(Now);

        _time.Advance(TimeSpan.FromSeconds(1));
        ReadLock(folder.LockPath).ShouldBe(Now.AddSeconds(30));

        _time.Advance(TimeSpan.FromHours(2));
        HandlerDownloadFolder.CleanupStale(_temp.Path, _time, NullLogger.Instance).ShouldBeEmpty();
        Directory.Exists(folder.Path).ShouldBeTrue();
    }

    [Fact]
    public async Task DisposeAsync_DeletesTheFolderAndStopsTheLock()
    {
        var folder = HandlerDownloadFolder.Create(_temp.Path, TimeSpan.FromSeconds(1), _time, NullLogger.Instance);
        File.WriteAllText(Path.Combine(folder.Path, "extracted.txt"), "x");

        await folder.DisposeAsync();
        _time.Advance(TimeSpan.FromSeconds(5));

        Directory.Exists(folder.Path).ShouldBeFalse();
        await folder.DisposeAsync();
    }

    [Fact]
    public void ResolveRoot_ConfiguredValue_WinsOverEverything()
    {
        var root = HandlerDownloadFolder.ResolveRoot(_temp.Combine("configured"), Env(_temp.Combine("env")), _temp.Combine("data"));

        root.ShouldBe(_temp.Combine("configured"));
    }

    [Fact]
    public void ResolveRoot_Variable_WinsOverDataDirectory() =>
        HandlerDownloadFolder.ResolveRoot(null, Env(_temp.Combine("env")), _temp.Combine("data")).ShouldBe(_temp.Combine("env"));

    [Fact]
    public void ResolveRoot_DataDirectory_UsesItsDownloadsFolder() =>
        HandlerDownloadFolder.ResolveRoot("  ", Env(null), _temp.Combine("data")).ShouldBe(_temp.Combine("data", "downloads"));

    [Fact]
    public void ResolveRoot_NothingSet_UsesTheUserDataFolderOfTheOriginal() =>
        HandlerDownloadFolder.ResolveRoot(null, Env(null), null).ShouldEndWith(Path.Combine("ayon-ftrack", "downloads"));

    private static Dictionary<string, string?> Env(string? root) => new() { [HandlerDownloadFolder.RootVariable] = root };

    private static string Epoch(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadLock(string path)
    {
        HandlerDownloadFolder.TryReadLock(path, out var updated).ShouldBeTrue();
        return updated;
    }

    private string ProcessFolder(string name, string? lockContent)
    {
        var folder = _temp.Combine(name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "payload.txt"), "extracted handlers");
        if (lockContent is not null)
        {
            File.WriteAllText(Path.Combine(folder, HandlerDownloadFolder.LockFileName), lockContent);
        }

        return folder;
    }
}
