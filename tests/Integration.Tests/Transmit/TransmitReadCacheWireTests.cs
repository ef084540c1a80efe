using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Transmit;
using AyonFtrack.Integration.Tests.Ftrack;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary><see cref="TransmitReadCache"/>'s ftrack reads through the product's real session against the ftrack emulator.</summary>
public sealed class TransmitReadCacheWireTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(1);
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly WorkflowScope Scope = new("schema", "task", null);

    private static TransmitReadCache Cache(FtrackTestHarness harness, FakeTimeProvider time) =>
        new(time, Options.Create(new TransmitOptions { ReadCacheTtl = Ttl }), harness.Connection, NullLogger<TransmitReadCache>.Instance);

    private sealed class StatusReader
    {
        public int Calls { get; private set; }

        public Task<IReadOnlyList<PushStatus.FtrackStatus>> ReadAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult<IReadOnlyList<PushStatus.FtrackStatus>>([new("s1", "Approved")]);
        }
    }

    [Fact]
    public async Task AttributeConfigurationsAsync_ConfigurationAddedWithinTtl_SeenOnlyAfterTtl()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var time = new FakeTimeProvider();
        var cache = Cache(harness, time);
        harness.Emulator.AddCustomAttribute("fstart", "number", entityType: "task", objectTypeId: harness.Emulator.ObjectTypeId("Shot"));

        var first = await cache.AttributeConfigurationsAsync(harness.Session, None);
        var requests = harness.Emulator.ApiRequestCount;
        harness.Emulator.AddCustomAttribute("fend", "number", entityType: "task", objectTypeId: harness.Emulator.ObjectTypeId("Shot"));
        var cached = await cache.AttributeConfigurationsAsync(harness.Session, None);
        var requestsWhileCached = harness.Emulator.ApiRequestCount - requests;
        time.Advance(Ttl);
        var expired = await cache.AttributeConfigurationsAsync(harness.Session, None);

        first.FromCache.ShouldBeFalse();
        first.Value.Select(c => c.Key).ShouldBe(["fstart"]);
        cached.FromCache.ShouldBeTrue();
        cached.Value.Select(c => c.Key).ShouldBe(["fstart"]);
        requestsWhileCached.ShouldBe(0);
        expired.FromCache.ShouldBeFalse();
        expired.Value.Select(c => c.Key).ShouldBe(["fstart", "fend"], ignoreOrder: true);
    }

    [Fact]
    public async Task AyonIdConfigurationAsync_AddedAfterAReadFoundNone_ReadsAgainAndFindsIt()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var cache = Cache(harness, new FakeTimeProvider());

        (await cache.AyonIdConfigurationAsync(harness.Session, None)).ShouldBeNull();
        var ayonId = harness.Emulator.AddCustomAttribute("ayon_id", "text", isHierarchical: true);

        (await cache.AyonIdConfigurationAsync(harness.Session, None)).ShouldBe(ayonId);
        var requests = harness.Emulator.ApiRequestCount;
        (await cache.AyonIdConfigurationAsync(harness.Session, None)).ShouldBe(ayonId);
        (harness.Emulator.ApiRequestCount - requests).ShouldBe(0);
    }

    [Fact]
    public async Task CommitAsync_CommitFails_DropsEveryEntryAndRethrows()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var cache = Cache(harness, new FakeTimeProvider());
        var world = FtrackWorld.Seed(harness.Emulator);
        var reader = new StatusReader();
        await cache.AttributeConfigurationsAsync(harness.Session, None);
        await cache.StatusesAsync(Scope, reader.ReadAsync, None);
        (await cache.AttributeConfigurationsAsync(harness.Session, None)).FromCache.ShouldBeTrue();

        harness.Session.Update(FtrackEntityRef.Of("Task", world.TaskId), new Dictionary<string, object?> { ["name"] = "comp_v2" });
        harness.Emulator.FailNextRequests(1);
        await Should.ThrowAsync<FtrackServerException>(() => cache.CommitAsync(harness.Session, None));

        (await cache.AttributeConfigurationsAsync(harness.Session, None)).FromCache.ShouldBeFalse();
        (await cache.StatusesAsync(Scope, reader.ReadAsync, None)).FromCache.ShouldBeFalse();
        reader.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task CommitAsync_CommitSucceeds_KeepsEntries()
    {
        await using var harness = await FtrackTestHarness.StartAsync();
        var cache = Cache(harness, new FakeTimeProvider());
        var world = FtrackWorld.Seed(harness.Emulator);
        var reader = new StatusReader();
        await cache.StatusesAsync(Scope, reader.ReadAsync, None);

        harness.Session.Update(FtrackEntityRef.Of("Task", world.TaskId), new Dictionary<string, object?> { ["name"] = "comp_v2" });
        await cache.CommitAsync(harness.Session, None);

        harness.Emulator.GetEntity("Task", world.TaskId)!["name"]!.GetValue<string>().ShouldBe("comp_v2");
        (await cache.StatusesAsync(Scope, reader.ReadAsync, None)).FromCache.ShouldBeTrue();
        reader.Calls.ShouldBe(1);
    }
}
