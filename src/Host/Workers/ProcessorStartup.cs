using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Features.Plugins;
using AyonFtrack.Server.Attributes;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The processor's start-up, once AYON is reached: publishes the custom handlers' load report, when handlers were loaded,
/// as an AYON event (<see cref="Topics.ProcessorHandlers"/>), and creates or widens the AYON attributes it writes
/// (<c>ftrackId</c>, <c>ftrackPath</c>). A report that cannot be published is logged; it never stops the processor.
/// </summary>
public sealed partial class ProcessorStartup(IAyonApi ayon, IOptions<AyonOptions> ayonOptions, ILogger<ProcessorStartup> logger, PluginLoadReport? handlersReport = null)
    : IEnrollStartup
{
    /// <summary>The AYON event of a load report: description = its summary, payload = the per-archive details.</summary>
    public static DispatchEventRequest ReportEvent(PluginLoadReport report, string sender)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DispatchEventRequest
        {
            Topic = Topics.ProcessorHandlers,
            Sender = sender,
            Description = report.Summary.Length > 2000 ? report.Summary[..2000] : report.Summary,
            Payload = report.ToEventPayload(),
            Finished = true,
            Store = true,
        };
    }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (handlersReport is not null)
        {
            await PublishReportAsync(handlersReport, cancellationToken);
        }

        // By hand, not Mapster: five positional fields, and a processor without custom handlers does not load Mapster.
        var definitions = FtrackAyonAttributes.All.Select(a => new Features.Ayon.AttributeDefinition(a.Name, a.Type, a.Title, a.Inherit, a.Scope));
        var changed = await ayon.EnsureAttributesAsync(definitions, cancellationToken);
        Log.Attributes(logger, changed.Count == 0 ? "already in place" : string.Join(", ", changed) + " created or widened");
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
    }
}
