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
    public async Task DispatchAsync_SlicesOfOneEvent_ShareOneEventContext_ARedeliveryGetsANewOne()
    {
        var (provider, journal) = Build(HostMode.Processor);
        await using var _ = provider;
        var dispatcher = provider.GetRequiredService<SliceDispatcher>();
        var e = Event("e1");

        await dispatcher.DispatchAsync("ftrack.update", e, CancellationToken.None);
        await dispatcher.DispatchAsync("ftrack.update", e, CancellationToken.None);

        journal.Contexts.Count.ShouldBe(4);
        journal.Contexts[1].ShouldBeSameAs(journal.Contexts[0]);
        journal.Contexts[0].Input.ShouldBeSameAs(e);
        journal.Contexts[0].Topic.ShouldBe("ftrack.update");
        journal.Contexts[3].ShouldBeSameAs(journal.Contexts[2]);
        journal.Contexts[2].ShouldNotBeSameAs(journal.Contexts[0]);
    }

    [Fact]
    public async Task EventContext_OutsideADispatch_IsAStandaloneOneOfItsScope()
    {
        var (provider, _) = Build(HostMode.Processor);
        await using var __ = provider;

        await using var first = provider.CreateAsyncScope();
        await using var second = provider.CreateAsyncScope();

        var context = first.ServiceProvider.GetRequiredService<EventContext>();
        context.Input.ShouldBeNull();
        first.ServiceProvider.GetRequiredService<EventContext>().ShouldBeSameAs(context);
        second.ServiceProvider.GetRequiredService<EventContext>().ShouldNotBeSameAs(context);
    }

    [Fact]
    public void EventContext_Items_KeptPerKeyUntilForgotten()
    {
        var context = new EventContext("ftrack.update", Event("e1"));
        var made = 0;

        var roles = context.GetOrAdd<List<string>>("roles", () => { made++; return ["Administrator"]; });
        context.GetOrAdd<List<string>>("roles", () => { made++; return []; }).ShouldBeSameAs(roles);
        made.ShouldBe(1);
        context.FtrackEvent!.Id.ShouldBe("e1");
        context.Find<List<string>>("other").ShouldBeNull();
        context.Forget("roles");
        context.Find<List<string>>("roles").ShouldBeNull();
        new EventContext("ftrack.update", Event("e2")).Find<List<string>>("roles").ShouldBeNull();
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
