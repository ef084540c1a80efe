using AyonFtrack.Features.Processor;
using AyonFtrack.Features.Plugins;
using AyonFtrack.Host.Workers;

namespace AyonFtrack.Host.Tests.Processor;

public sealed class ProcessorEnrollTests
{
    [Fact]
    public void ReportEvent_LoadReport_IsAFinishedStoredEventDescribedByItsSummary()
    {
        var report = new PluginLoadReport("production",
        [
            new ArchiveLoadReport("sample", "1.0.0", "addons/sample/1.0.0/private/h.zip", ArchiveLoadStatus.Loaded, null, ["Sample.Module"], []),
            new ArchiveLoadReport("py", "1.0.0", "addons/py/1.0.0/private/p.zip", ArchiveLoadStatus.Unsupported, "Python handlers cannot run in the .NET processor", [], []),
        ], null);

        var request = ProcessorStartup.ReportEvent(report, "ftrack-processor");

        request.ShouldSatisfyAllConditions(
            () => request.Topic.ShouldBe("ftrack.processor.handlers"),
            () => request.Sender.ShouldBe("ftrack-processor"),
            () => request.Description.ShouldBe(report.Summary),
            () => request.Finished.ShouldBe(true),
            () => request.Store.ShouldBe(true),
            () => request.Payload!["archives"]!.AsArray().Count.ShouldBe(2));
    }

    [Fact]
    public void Request_Options_EnrollsLeechIntoProcSequentiallyWithExplicitLimits()
    {
        var request = ProcessorModule.Enroll.Request("ftrack-processor", maxRetries: 5, ignoreOlderThanDays: 45);

        request.SourceTopic.GetValue<string>().ShouldBe("ftrack.leech");
        request.TargetTopic.ShouldBe("ftrack.proc");
        request.Sender.ShouldBe("ftrack-processor");
        request.Description.ShouldBe("Event processing");
        request.IgnoreSenderTypes.ShouldBeNull();
        request.Sequential.ShouldBe(true);
        request.MaxRetries.ShouldBe(5);
        request.IgnoreOlderThan.ShouldBe(45);
    }
}
