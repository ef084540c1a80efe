using System.Text.Json.Nodes;
using AyonFtrack.Sandbox.Ayon;

namespace AyonFtrack.Chaos.Tests;

/// <summary>
/// Issue 14 (4), chaos suite: the leecher killed (SIGKILL) and started again, twice, while AYON answers nothing but 503.
/// A restarted leecher listens to ftrack from the connection it remembered, so every event published while a leecher
/// listens is stored once, in order, when AYON is back. Seeded batch sizes, bounded.
/// </summary>
public sealed class LeecherOutageChaosTests
{
    [Fact]
    public async Task Leecher_KilledAndRestartedTwiceDuringAnAyonOutage_LosesAndDoublesNothing()
    {
        var random = new Random(1_414);
        await using var world = await LeecherChaosWorld.StartAsync();
        var first = world.StartLeecher();
        await first.WaitForLineAsync("Hub connect #1: leecher-started marker stored", "the first leecher ready");
        var ids = new List<string>();
        void Publish(int count)
        {
            for (var n = 0; n < count; n++)
            {
                ids.Add(world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["n"] = ids.Count }));
            }
        }

        Publish(random.Next(50, 150));
        await LeecherChaosWorld.WaitUntilAsync(async () => (await world.StoredAsync()).Count == ids.Count, "the first batch stored");

        var outage = world.Ayon.InjectFault(new AyonFault { PathPrefix = "/", StatusCode = 503 });
        var current = first;
        for (var round = 1; round <= 2; round++)
        {
            Publish(random.Next(50, 150));
            await LeecherChaosWorld.WaitUntilAsync(async () => await world.SpooledAsync() >= ids.Count - (await world.StoredAsync()).Count, $"round {round}: every event in the spool",
                async () => $"spooled {await world.SpooledAsync()} of {ids.Count - (await world.StoredAsync()).Count}");
            await current.KillAsync();

            // Started again while AYON answers only 503: it must listen from the remembered connection.
            current = world.StartLeecher();
            await current.WaitForLineAsync("ftrack event hub connected (connect #1,", $"round {round}: hub ready while AYON is down");
            current.Lines.ShouldContain(l => l.Contains("before AYON answers, from the connection remembered", StringComparison.Ordinal));
        }

        Publish(random.Next(50, 150));
        await LeecherChaosWorld.WaitUntilAsync(async () => await world.SpooledAsync() >= ids.Count - (await world.StoredAsync()).Count, "the last batch in the spool");
        world.Ayon.RemoveFault(outage).ShouldBeTrue();

        await LeecherChaosWorld.WaitUntilAsync(
            async () => (await world.StoredAsync()).Count >= ids.Count,
            $"all {ids.Count} events stored",
            async () => $"stored {(await world.StoredAsync()).Count}; leecher said:\n{string.Join('\n', current.Lines.TakeLast(20))}");
        (await world.StoredAsync()).Select(e => e.Hash).ShouldBe(ids);

        var remembered = Path.Combine(world.LeecherData, "ftrack-connection.json");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(remembered).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        string.Join('\n', first.Lines.Concat(current.Lines)).ShouldNotContain(world.Ftrack.ApiKey);
    }
}
