using AyonFtrack.Host.Spool;

namespace AyonFtrack.Host.Tests.Spool;

public sealed class SqliteLeechSpoolTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ayon-ftrack-spool-").FullName;

    private string SpoolPath => Path.Combine(_folder, "nested", "leecher-spool.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PeekAsync_AfterAppends_ReturnsEventsInArrivalOrder()
    {
        await using var spool = new SqliteLeechSpool(SpoolPath);
        for (var i = 0; i < 5; i++)
        {
            await spool.AppendAsync($"hash-{i}", "ftrack.update", $"Leeched ftrack.update {i}", $$"""{"id":"hash-{{i}}"}""", CancellationToken.None);
        }

        var events = await spool.PeekAsync(3, CancellationToken.None);

        events.Select(e => e.Hash).ShouldBe(["hash-0", "hash-1", "hash-2"]);
        events[1].ShouldSatisfyAllConditions(
            e => e.Topic.ShouldBe("ftrack.update"),
            e => e.Description.ShouldBe("Leeched ftrack.update 1"),
            e => e.PayloadJson.ShouldBe("""{"id":"hash-1"}"""));
        (await spool.CountAsync(CancellationToken.None)).ShouldBe(5);
    }

    [Fact]
    public async Task RemoveAsync_Sequences_LeavesTheRestInOrder()
    {
        await using var spool = new SqliteLeechSpool(SpoolPath);
        for (var i = 0; i < 4; i++)
        {
            await spool.AppendAsync($"h{i}", "t", "d", "{}", CancellationToken.None);
        }

        var first = await spool.PeekAsync(2, CancellationToken.None);
        await spool.RemoveAsync([.. first.Select(e => e.Sequence)], CancellationToken.None);

        (await spool.PeekAsync(10, CancellationToken.None)).Select(e => e.Hash).ShouldBe(["h2", "h3"]);
    }

    [Fact]
    public async Task Reopen_AfterAppendWithoutCleanClose_KeepsEveryEvent()
    {
        var spool = new SqliteLeechSpool(SpoolPath);
        await spool.AppendAsync("kept-1", "t", "d", "{}", CancellationToken.None);
        await spool.AppendAsync("kept-2", "t", "d", "{}", CancellationToken.None);
        spool.Dispose();

        await using var reopened = new SqliteLeechSpool(SpoolPath);
        (await reopened.PeekAsync(10, CancellationToken.None)).Select(e => e.Hash).ShouldBe(["kept-1", "kept-2"]);
        await reopened.AppendAsync("kept-3", "t", "d", "{}", CancellationToken.None);
        (await reopened.PeekAsync(10, CancellationToken.None))[^1].Sequence.ShouldBeGreaterThan(2);
    }

    [Fact]
    public async Task WaitForEventsAsync_Empty_CompletesWhenAnEventArrives()
    {
        await using var spool = new SqliteLeechSpool(SpoolPath);
        var waiting = spool.WaitForEventsAsync(CancellationToken.None);
        waiting.IsCompleted.ShouldBeFalse();

        await spool.AppendAsync("h", "t", "d", "{}", CancellationToken.None);

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        waiting.IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public async Task WaitForEventsAsync_EventsAlreadyWaiting_CompletesAtOnce()
    {
        await using var spool = new SqliteLeechSpool(SpoolPath);
        await spool.AppendAsync("h", "t", "d", "{}", CancellationToken.None);

        spool.WaitForEventsAsync(CancellationToken.None).IsCompletedSuccessfully.ShouldBeTrue();
    }

    [Fact]
    public void Constructor_PathIsAFolder_ThrowsNamingTheSpool()
    {
        var error = Should.Throw<InvalidOperationException>(() => new SqliteLeechSpool(_folder));

        error.Message.ShouldContain(_folder);
    }

    [Fact]
    public async Task DeadLetterAsync_Event_LeavesTheQueueAndIsKeptWithItsReason()
    {
        await using var spool = new SqliteLeechSpool(SpoolPath);
        await spool.AppendAsync("bad", "t", "d", "{}", CancellationToken.None);
        await spool.AppendAsync("good", "t", "d", "{}", CancellationToken.None);
        var bad = (await spool.PeekAsync(1, CancellationToken.None))[0];

        await spool.DeadLetterAsync(bad.Sequence, "AYON answered 400: bad topic", CancellationToken.None);

        (await spool.PeekAsync(10, CancellationToken.None)).Select(e => e.Hash).ShouldBe(["good"]);
        var dead = (await spool.ReadDeadLettersAsync(CancellationToken.None)).ShouldHaveSingleItem();
        dead.Event.Hash.ShouldBe("bad");
        dead.Reason.ShouldBe("AYON answered 400: bad topic");
    }
}
