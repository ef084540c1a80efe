using AyonFtrack.Features.Pipeline;
using AyonFtrack.Host.Workers;
using AyonFtrack.Integration.Tests.Ayon;
using AyonFtrack.Sandbox.Ayon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Integration.Tests.Processor;

/// <summary>The processor's stuck-job sweep against the AYON emulator, on one fake clock shared by both.</summary>
public sealed class StuckJobSweepTests
{
    [Fact]
    public async Task SweepStuckJobs_PendingForADayAndAMinute_FailsItOnTotalTimeWhereTheOriginalSawOneMinute()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var host = await AyonTestHost.StartAsync(clock);
        var services = host.Services();
        var ayon = services.GetRequiredService<Features.Ayon.IAyonApi>();
        var source = await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.leech" }, CancellationToken.None);
        var old = await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.proc", DependsOn = source, Status = "pending", Sender = "p" }, CancellationToken.None);
        var oldDone = await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.proc", Status = "finished", Sender = "p" }, CancellationToken.None);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1) - TimeSpan.FromMinutes(9));
        var recent = await host.Emulator.InsertEventAsync(new AyonEventInsert { Topic = "ftrack.proc", Status = "pending", Sender = "p" }, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(9));

        var runner = new JobRunner(ayon, new SliceDispatcher(new SliceRoutes(HostMode.Processor, []), services.GetRequiredService<IServiceScopeFactory>()), NullLogger<JobRunner>.Instance);
        var heartbeat = new ServiceHeartbeat(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = Path.Combine(Path.GetTempPath(), "ayon-ftrack-sweep-" + Guid.NewGuid().ToString("N")) }).Build(), clock, NullLogger<ServiceHeartbeat>.Instance);
        var loop = new EnrollLoop(ayon, runner, heartbeat, clock, NullLogger<EnrollLoop>.Instance);

        var failed = await loop.SweepStuckJobsAsync("ftrack.proc", TimeSpan.FromMinutes(10), CancellationToken.None);

        failed.ShouldBe(1);
        var swept = await host.Emulator.GetEventAsync(old, CancellationToken.None);
        swept!.Status.ShouldBe("failed");
        swept.Description.ShouldBe("Stuck event");
        (await host.Emulator.GetEventAsync(recent, CancellationToken.None))!.Status.ShouldBe("pending");
        (await host.Emulator.GetEventAsync(oldDone, CancellationToken.None))!.Status.ShouldBe("finished");
    }
}
