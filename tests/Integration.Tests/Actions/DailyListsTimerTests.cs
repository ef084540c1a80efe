using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Host.Workers;
using AyonFtrack.Integration.Tests.Support;
using AyonFtrack.Integration.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Integration.Tests.Actions;

/// <summary>The processor's daily timer of the daily lists (P-02), on a fake clock, storing into the AYON emulator.</summary>
public sealed class DailyListsTimerTests
{
    [Fact]
    public async Task Timer_FromFridayNightWithTwoProcessors_StoresMondaysRunOnceAndNothingAtTheWeekend()
    {
        await using var world = await SyncWorld.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var scopes = world.Services.GetRequiredService<IServiceScopeFactory>();
        var connection = world.Services.GetRequiredService<FtrackConnection>();
        var options = world.Services.GetRequiredService<IOptions<AyonOptions>>();
        using var first = new DailyListsTimer(scopes, connection, options, time, NullLogger<DailyListsTimer>.Instance);
        using var second = new DailyListsTimer(scopes, connection, options, time, NullLogger<DailyListsTimer>.Instance);
        await first.StartAsync(CancellationToken.None);
        await second.StartAsync(CancellationToken.None);
        try
        {
            var monday = DailyListsSchedule.Hash(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
            await ServiceWorld.WaitUntilAsync(
                async () =>
                {
                    if (time.GetUtcNow() < new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero))
                    {
                        time.Advance(TimeSpan.FromMinutes(20));
                    }

                    return (await world.World.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).Any(e => e.Hash == monday);
                },
                TimeSpan.FromMinutes(2),
                "Monday's automated run");

            var stored = (await world.World.Ayon.GetEventsAsync("ftrack.leech", CancellationToken.None)).Where(e => e.Hash?.StartsWith(DailyLists.AutomatedTopic, StringComparison.Ordinal) == true).ToList();
            stored.Select(e => e.Hash).ShouldBe([monday]);
            stored[0].Payload["topic"]!.GetValue<string>().ShouldBe(DailyLists.AutomatedTopic);
            stored[0].Payload["source"]!["user"]!["username"]!.GetValue<string>().ShouldBe(world.World.Ftrack.ApiUser);
        }
        finally
        {
            await first.StopAsync(CancellationToken.None);
            await second.StopAsync(CancellationToken.None);
        }
    }
}
