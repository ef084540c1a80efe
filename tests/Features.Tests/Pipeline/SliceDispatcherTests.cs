using System.Text.Json.Nodes;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AyonFtrack.Features.Tests.Pipeline;

public sealed class SliceDispatcherTests
{
    private static (ServiceProvider Provider, SliceJournal Journal) Build(HostMode mode)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        var journal = new SliceJournal();
        services.AddSingleton(journal);
        services.AddScoped<ScopeMarker>();
        services.AddSlicePipeline(mode, [new TestModule()]);
        return (services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), journal);
    }

    private static FtrackEvent Event(string id, string topic = "ftrack.update") =>
        FtrackEvent.Create(id, topic, new JsonObject { ["entities"] = new JsonArray() });

    [Fact]
    public async Task DispatchAsync_UpdateEvent_RunsMatchingSlicesInPriorityOrderEachInItsOwnScope()
    {
        var (provider, journal) = Build(HostMode.Processor);
        await using var _ = provider;

        var report = await provider.GetRequiredService<SliceDispatcher>().DispatchAsync("ftrack.update", Event("e1"), CancellationToken.None);

        journal.Entries.ShouldBe(["first:e1", "echo:e1", "throwing:e1"]);
        journal.Scopes.Count.ShouldBe(2);
        report.Outcomes.Select(o => (o.Slice, o.Kind)).ShouldBe(
        [
            ("Pipeline.FirstSlice", SliceOutcomeKind.Succeeded),
            ("Pipeline.EchoSlice", SliceOutcomeKind.Succeeded),
            ("Pipeline.ThrowingSlice", SliceOutcomeKind.Failed),
        ]);
    }

    [Fact]
    public async Task DispatchAsync_ThrowingSlice_ReportsItsNameAndMessageAndStillRunsTheOthers()
    {
        var (provider, journal) = Build(HostMode.Processor);
        await using var _ = provider;

        var report = await provider.GetRequiredService<SliceDispatcher>().DispatchAsync("ftrack.update", Event("e2"), CancellationToken.None);

        report.Succeeded.ShouldBeFalse();
        report.HasFailures.ShouldBeTrue();
        report.FailureSummary.ShouldBe("Pipeline.ThrowingSlice: InvalidOperationException: ftrack said no");
        journal.Entries.ShouldContain("echo:e2");
    }

    [Fact]
    public async Task DispatchAsync_InvalidCommand_IsRejectedWithTheValidatorsMessage()
    {
        var (provider, journal) = Build(HostMode.Processor);
        await using var _ = provider;

        var report = await provider.GetRequiredService<SliceDispatcher>().DispatchAsync("ftrack.update", Event(""), CancellationToken.None);

        report.Outcomes.Single(o => o.Slice == "Pipeline.EchoSlice").ShouldBe(new SliceOutcome("Pipeline.EchoSlice", SliceOutcomeKind.Rejected, "the event has no id"));
        report.HasRejections.ShouldBeTrue();
        journal.Entries.ShouldNotContain(e => e.StartsWith("echo:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DispatchAsync_TopicNoSliceListensTo_RunsNothingAndSucceeds()
    {
        var (provider, journal) = Build(HostMode.Processor);
        await using var _ = provider;

        var report = await provider.GetRequiredService<SliceDispatcher>().DispatchAsync("ayon.other", Event("e3", "ayon.other"), CancellationToken.None);

        report.Outcomes.ShouldBeEmpty();
        report.Succeeded.ShouldBeTrue();
        journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task DispatchAsync_FilterThrows_IsRejectedNamingTheSlice()
    {
        var (provider, _) = Build(HostMode.Transmitter);
        await using var __ = provider;

        var report = await provider.GetRequiredService<SliceDispatcher>().DispatchAsync("entity.folder.created", Event("e4", "entity.folder.created"), CancellationToken.None);

        var outcome = report.Outcomes.ShouldHaveSingleItem();
        outcome.Slice.ShouldBe("Pipeline.BrokenFilterSlice");
        outcome.Kind.ShouldBe(SliceOutcomeKind.Rejected);
        outcome.Message.ShouldNotBeNull().ShouldContain("no entities in e4");
    }

    [Fact]
    public async Task DispatchAsync_InputOfAnotherType_IsNotGivenToTheRoute()
    {
        var (provider, journal) = Build(HostMode.Processor);
        await using var _ = provider;

        var report = await provider.GetRequiredService<SliceDispatcher>().DispatchAsync("ftrack.update", new object(), CancellationToken.None);

        report.Outcomes.ShouldBeEmpty();
        journal.Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task DispatchAsync_Cancelled_Throws()
    {
        var (provider, _) = Build(HostMode.Processor);
        await using var __ = provider;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(
            () => provider.GetRequiredService<SliceDispatcher>().DispatchAsync("ftrack.update", Event("e5"), cancelled.Token));
    }

    [Fact]
    public void AddSlicePipeline_Mode_RegistersOnlyThatModesHandlers()
    {
        var (provider, _) = Build(HostMode.Transmitter);
        using var __ = provider;
        using var scope = provider.CreateScope();

        scope.ServiceProvider.GetService<IRequestHandler<EchoSlice.Command, Unit>>().ShouldBeNull();
        scope.ServiceProvider.GetService<IRequestHandler<BrokenFilterSlice.Command, Unit>>().ShouldNotBeNull();
        provider.GetRequiredService<SliceRoutes>().All.Select(r => r.Slice).ShouldBe(["Pipeline.BrokenFilterSlice"]);
    }
}
