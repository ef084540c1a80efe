using System.Text.Json.Nodes;
using AyonFtrack.Host.Spool;
using AyonFtrack.Integration.Tests.Support;

namespace AyonFtrack.Integration.Tests.Leech;

/// <summary>
/// Issue 14 (6): the leecher whose AYON key is revoked while it runs does not loop on 401 forever: after
/// <c>Leecher:UnauthorizedExitAfter</c> it exits with code 78 naming AYON_API_KEY, and what it heard meanwhile stays in
/// its spool for the next start.
/// </summary>
public sealed class LeecherKeyRevokedTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Leecher_AyonKeyRevokedWhileRunning_ExitsWithCode78AfterTheConfiguredTimeKeepingTheEventSpooled()
    {
        await using var world = await ServiceWorld.StartAsync();
        await using var leecher = HostProcess.Start(
            world.Environment("ftrack-leecher"),
            "leecher", "--Service:MaxRetryDelay", "00:00:00.200", "--Leecher:UnauthorizedExitAfter", "00:00:02");
        await ServiceWorld.WaitUntilAsync(() => Task.FromResult(world.Hub.Subscriptions.Any(s => s.Subscription == "topic=*")), Deadline, "the leecher's subscription");
        await leecher.WaitForAsync(lines => lines.Any(l => l.Contains("Hub connect #1: leecher-started marker stored", StringComparison.Ordinal)), Deadline, "the first marker");

        // The service user keeps its name, its key is gone: every call now answers 401.
        await world.Ayon.AddUserAsync("service", null, new JsonObject { ["isService"] = true }, null, CancellationToken.None);
        var heard = world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["n"] = 1 });

        (await leecher.WaitForExitAsync(Deadline)).ShouldBe(78, string.Join('\n', leecher.Lines.TakeLast(20)));
        leecher.Lines.ShouldContain(l => l.Contains("401", StringComparison.Ordinal)
            && l.Contains("AYON_API_KEY", StringComparison.Ordinal)
            && l.Contains("Leecher:UnauthorizedExitAfter", StringComparison.Ordinal));
        await using var spool = new SqliteLeechSpool(Path.Combine(world.DataDirectory, "ftrack-leecher", "leecher-spool.db"));
        (await spool.PeekAsync(10, CancellationToken.None)).ShouldContain(e => e.Hash == heard);
    }
}
