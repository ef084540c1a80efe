using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Features.Ftrack.EventHub;
using AyonFtrack.Host.Plugins;
using AyonFtrack.Server.Attributes;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The processor (behaviour reference §1.4): enrolls <c>ftrack.leech</c> events into <c>ftrack.proc</c> jobs one at a
/// time and in order (<c>sequential</c>), rebuilds the ftrack event and runs the slices routed to its topic. Every AYON
/// write carries <c>x-sender-type: ftrack</c>, which keeps the transmitter from echoing it back.
/// <para>
/// The ftrack event hub is started once ftrack accepts the credentials: slices publish on it (action replies, UI
/// messages, triggered events), but the processor subscribes to nothing that delivers ftrack events; it takes them from
/// AYON only. On stop the event in hand finishes first, then the hub closes. When custom handlers were loaded, their load
/// report is published as an AYON event (<see cref="HandlersReportTopic"/>).
/// </para>
/// </summary>
public sealed partial class ProcessorWorker(
    ServiceBootstrap bootstrap,
    IAyonApi ayon,
    EnrollLoop loop,
    IOptions<AyonOptions> ayonOptions,
    IOptionsMonitor<JobLoopOptions> loopOptions,
    IHostApplicationLifetime lifetime,
    IFtrackEventHub hub,
    ILogger<ProcessorWorker> logger,
    PluginLoadReport? handlersReport = null) : BackgroundService
{
    /// <summary>The topic of the custom handlers' load report event.</summary>
    public const string HandlersReportTopic = "ftrack.processor.handlers";

    /// <summary>The AYON event of a load report: description = its summary, payload = the per-archive details.</summary>
    public static DispatchEventRequest ReportEvent(PluginLoadReport report, string sender)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DispatchEventRequest
        {
            Topic = HandlersReportTopic,
            Sender = sender,
            Description = report.Summary.Length > 2000 ? report.Summary[..2000] : report.Summary,
            Payload = report.ToEventPayload(),
            Finished = true,
            Store = true,
        };
    }

    /// <summary>The enroll request of the processor, exactly the original's plus explicit retry and age limits.</summary>
    public static EnrollRequest Request(string sender, JobLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EnrollRequest
        {
            SourceTopic = EnrollRequest.SourcePattern("ftrack.leech"),
            TargetTopic = "ftrack.proc",
            Sender = sender,
            Description = "Event processing",
            Sequential = true,
            MaxRetries = options.MaxRetries,
            IgnoreOlderThan = options.IgnoreOlderThanDays,
        };
    }

    /// <summary>The stored ftrack event of an <c>ftrack.leech</c> event; null when it carries no topic.</summary>
    public static JobInput? Read(AyonEvent source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Payload is null)
        {
            return null;
        }

        var ftrackEvent = FtrackEvent.FromAyonPayload(System.Text.Json.JsonSerializer.SerializeToElement(source.Payload));
        return ftrackEvent.Topic.Length == 0 ? null : new JobInput(ftrackEvent.Topic, ftrackEvent, ftrackEvent.Id);
    }

    /// <summary>
    /// Which jobs left failed are run again at the next idle moment: the sync's <c>ftrack.update</c> events, whose slices
    /// read current state and write only differences. Actions and other topics are not replayed (they talk to people).
    /// </summary>
    public static bool Reconciles(JobInput input) => input is { Topic: "ftrack.update" };

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        EnrollWorkerRun.RunAsync(RunAsync, message => Log.BadConfiguration(logger, message), lifetime, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken, CancellationToken jobToken)
    {
        await bootstrap.ConnectAyonAsync(stoppingToken);
        if (handlersReport is not null)
        {
            await PublishReportAsync(handlersReport, stoppingToken);
        }

        var definitions = FtrackAyonAttributes.All.Select(a => new Features.Ayon.AttributeDefinition(a.Name, a.Type, a.Title, a.Inherit, a.Scope));
        var changed = await ayon.EnsureAttributesAsync(definitions, stoppingToken);
        Log.Attributes(logger, changed.Count == 0 ? "already in place" : string.Join(", ", changed) + " created or widened");
        await bootstrap.ConnectFtrackAsync(stoppingToken);
        await hub.StartAsync(stoppingToken);
        var options = loopOptions.Get(JobLoopOptions.ProcessorSection);
        await loop.RunAsync(new EnrollPlan(Request(ayonOptions.Value.ServiceName, options), Read, SweepStuckJobs: true, Reconciles), options, stoppingToken, jobToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The event in hand may still reply on the hub: it finishes first (base.StopAsync waits for it), then the hub closes.
        await base.StopAsync(cancellationToken);
        await hub.StopAsync(cancellationToken);
    }

    private async Task PublishReportAsync(PluginLoadReport report, CancellationToken cancellationToken)
    {
        try
        {
            await ayon.DispatchEventAsync(ReportEvent(report, ayonOptions.Value.ServiceName), cancellationToken);
            Log.ReportPublished(logger, report.Summary);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ReportNotPublished(logger, ServiceBootstrap.Reason(ex));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2902, Level = LogLevel.Information, Message = "Custom handlers load report published: {Summary}")]
        public static partial void ReportPublished(ILogger logger, string summary);

        [LoggerMessage(EventId = 2903, Level = LogLevel.Warning, Message = "The custom handlers load report could not be published: {Reason}")]
        public static partial void ReportNotPublished(ILogger logger, string reason);

        [LoggerMessage(EventId = 2900, Level = LogLevel.Information, Message = "AYON attributes ftrackId and ftrackPath: {Outcome}")]
        public static partial void Attributes(ILogger logger, string outcome);

        [LoggerMessage(EventId = 2901, Level = LogLevel.Critical, Message = "Stopping: {Message}")]
        public static partial void BadConfiguration(ILogger logger, string message);
    }
}
