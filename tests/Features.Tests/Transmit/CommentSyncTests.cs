using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Transmit;

namespace AyonFtrack.Features.Tests.Transmit;

public sealed class CommentSyncTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static GraphQlEvent Marker(string id, int minutes, int? synced, string status = AyonEventStatus.Finished, string? until = null) => new()
    {
        Id = id,
        Topic = CommentSync.MarkerTopic,
        Status = status,
        CreatedAt = T0.AddMinutes(minutes),
        Payload = new JsonObject { ["synced_comments"] = synced, ["synced_until"] = until },
    };

    [Fact]
    public void SelectForCleanup_TenEmptyFinishedMarkers_KeepsOnlyTheLatest()
    {
        var markers = Enumerable.Range(0, 10).Select(i => Marker($"m{i}", i, 0)).ToList();

        CommentSync.SelectForCleanup(markers, null).ShouldBe([.. Enumerable.Range(0, 9).Select(i => $"m{i}")], ignoreOrder: true);
    }

    [Fact]
    public void SelectForCleanup_Soft_KeepsMarkersThatSyncedAndRunningOnes()
    {
        GraphQlEvent[] markers = [Marker("a", 0, 3), Marker("b", 1, 0), Marker("c", 2, null, AyonEventStatus.InProgress), Marker("d", 3, 1)];

        CommentSync.SelectForCleanup(markers, null).ShouldBe(["b"]);
    }

    [Fact]
    public void SelectForCleanup_Hard_RemovesOlderThanCutoffButTheLatestFinished()
    {
        GraphQlEvent[] markers = [Marker("a", 0, 3), Marker("b", 10, 2), Marker("c", 20, 1)];

        CommentSync.SelectForCleanup(markers, T0.AddMinutes(15)).ShouldBe(["a", "b"]);
        CommentSync.SelectForCleanup([Marker("only", 0, 1)], T0.AddDays(1)).ShouldBeEmpty();
    }

    [Fact]
    public void Watermark_LatestFinishedMarker_PrefersSyncedUntil()
    {
        GraphQlEvent[] markers = [Marker("a", 0, 1), Marker("b", 5, 1, until: "2026-01-01T00:04:00+00:00"), Marker("c", 9, null, AyonEventStatus.Failed)];

        CommentSync.Watermark(markers).ShouldBe(T0.AddMinutes(4));
        CommentSync.Watermark([Marker("a", 2, 1)]).ShouldBe(T0.AddMinutes(2));
        CommentSync.Watermark([]).ShouldBeNull();
    }
}

public sealed class CommentSyncProgressTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CleanupDue_CountsFromStartThenFromTheLastRun()
    {
        var progress = new CommentSyncProgress(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start));
        var interval = TimeSpan.FromMinutes(5);

        progress.SoftCleanupDue(Start.AddMinutes(4), interval).ShouldBeFalse();
        progress.SoftCleanupDue(Start.AddMinutes(5), interval).ShouldBeTrue();
        progress.SoftCleanupDue(Start.AddMinutes(9), interval).ShouldBeFalse();
        progress.SoftCleanupDue(Start.AddMinutes(10), interval).ShouldBeTrue();
        progress.HardCleanupDue(Start.AddMinutes(10), TimeSpan.FromDays(7)).ShouldBeFalse();
        progress.HardCleanupDue(Start.AddDays(7), TimeSpan.FromDays(7)).ShouldBeTrue();
        progress.Since.ShouldBeNull();
    }
}
