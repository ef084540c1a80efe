using System.Text.Json.Nodes;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Processor;
using AyonFtrack.Features.Transmit;
using Microsoft.Extensions.DependencyInjection;

namespace AyonFtrack.Features.Tests.Pipeline;

/// <summary>Each mode's enroll plan is declared by its module beside its routes and kept only in that mode.</summary>
public sealed class EnrollPlanTests
{
    private static readonly EnrollPlan Plan = new("test.jobs", "Test jobs", e => new JobInput(e.Topic, e, null)) { SourcePattern = "test.source" };

    [Theory]
    [InlineData(HostMode.Leecher, null)]
    [InlineData(HostMode.Processor, "ftrack.proc")]
    [InlineData(HostMode.Transmitter, "ftrack.sync")]
    [InlineData(HostMode.Desktop, null)]
    public void AddSlicePipeline_BuiltInModules_KeepOnlyTheRunningModesPlan(HostMode mode, string? target)
    {
        var routes = new ServiceCollection().AddSlicePipeline(mode, [new ProcessorModule(), new TransmitModule()]);

        routes.Enroll?.TargetTopic.ShouldBe(target);
    }

    [Fact]
    public void Enroll_SecondPlanForTheMode_ThrowsNamingBoth()
    {
        var map = new SliceMap(HostMode.Processor, new ServiceCollection());
        map.Enroll(HostMode.Processor, Plan);

        var error = Should.Throw<InvalidOperationException>(() => map.Enroll(HostMode.Processor, Plan with { TargetTopic = "other.jobs" }));

        error.Message.ShouldContain("test.jobs");
        error.Message.ShouldContain("other.jobs");
    }

    [Fact]
    public void Enroll_PlanOfAnotherMode_IsIgnored()
    {
        var map = new SliceMap(HostMode.Transmitter, new ServiceCollection());

        map.Enroll(HostMode.Processor, Plan);

        map.EnrollPlan.ShouldBeNull();
    }

    [Fact]
    public void Request_NoSourceTopic_ThrowsNamingThePlan()
    {
        var plan = Plan with { SourcePattern = null };

        Should.Throw<InvalidOperationException>(() => plan.Request("svc", 3, 30)).Message.ShouldContain("test.jobs");
    }

    [Fact]
    public void TransmitterRequest_Options_EnrollsTheExactTopicsIgnoringTheServicesOwnWrites()
    {
        var request = TransmitModule.Enroll.Request("ftrack-transmitter", maxRetries: 2, ignoreOlderThanDays: 7);

        request.ShouldSatisfyAllConditions(
            () => request.SourceTopic.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(TransmitModule.SourceTopics),
            () => request.TargetTopic.ShouldBe("ftrack.sync"),
            () => request.Sender.ShouldBe("ftrack-transmitter"),
            () => request.Description.ShouldBe("Sync AYON changes to ftrack"),
            () => request.IgnoreSenderTypes.ShouldBe(["ftrack"]),
            () => request.Sequential.ShouldBeNull(),
            () => request.MaxRetries.ShouldBe(2),
            () => request.IgnoreOlderThan.ShouldBe(7));
        TransmitModule.Enroll.SweepStuckJobs.ShouldBeFalse();
        TransmitModule.Enroll.UsesEventHub.ShouldBeFalse();
    }

    [Fact]
    public void ProcessorRead_LeechedEvent_IsTheFtrackEventRoutedByItsTopic()
    {
        var source = new AyonEvent
        {
            Id = "src-1",
            Topic = "ftrack.leech",
            Status = "finished",
            Payload = new JsonObject { ["id"] = "ft-1", ["topic"] = "ftrack.update", ["data"] = new JsonObject() },
        };

        var input = ProcessorModule.Read(source).ShouldNotBeNull();

        input.Topic.ShouldBe("ftrack.update");
        input.FtrackEventId.ShouldBe("ft-1");
        input.Input.ShouldBeOfType<FtrackEvent>().Id.ShouldBe("ft-1");
        ProcessorModule.Enroll.Reconciles!(input).ShouldBeTrue();
        ProcessorModule.Enroll.Reconciles(input with { Topic = "ftrack.action.launch" }).ShouldBeFalse();
    }

    [Fact]
    public void ProcessorRead_EventWithoutTopicOrPayload_IsUnreadable()
    {
        ProcessorModule.Read(new AyonEvent { Id = "src-2", Topic = "ftrack.leech", Status = "finished" }).ShouldBeNull();
        ProcessorModule.Read(new AyonEvent { Id = "src-3", Topic = "ftrack.leech", Status = "finished", Payload = new JsonObject { ["id"] = "ft-3" } }).ShouldBeNull();
    }
}
