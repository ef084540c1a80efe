using AyonFtrack.Host.Plugins;
using AyonFtrack.Host.Workers;

namespace AyonFtrack.Host.Tests.Processor;

public sealed class ProcessorWorkerTests
{
    [Fact]
    public void ReportEvent_LoadReport_IsAFinishedStoredEventDescribedByItsSummary()
    {
        var report = new PluginLoadReport("production",
        [
            new ArchiveLoadReport("sample", "1.0.0", "addons/sample/1.0.0/private/h.zip", ArchiveLoadStatus.Loaded, null, ["Sample.Module"], []),
            new ArchiveLoadReport("py", "1.0.0", "addons/py/1.0.0/private/p.zip", ArchiveLoadStatus.Unsupported, "Python handlers cannot run in the .NET processor", [], []),
        ], null);

        var request = ProcessorWorker.ReportEvent(report, "ftrack-processor");

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
        var request = ProcessorWorker.Request("ftrack-processor", new JobLoopOptions { MaxRetries = 5, IgnoreOlderThanDays = 45 });

        request.TargetTopic.ShouldBe("ftrack.proc");
        request.Sequential.ShouldBe(true);
        request.MaxRetries.ShouldBe(5);
        request.IgnoreOlderThan.ShouldBe(45);
    }
}
