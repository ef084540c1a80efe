using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Common;
using AyonFtrack.Server.Attributes;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The processor (behaviour reference §1.4): enrolls <c>ftrack.leech</c> events into <c>ftrack.proc</c> jobs one at a
/// time and in order (<c>sequential</c>), rebuilds the ftrack event and runs the slices routed to its topic. Every AYON
/// write carries <c>x-sender-type: ftrack</c>, which keeps the transmitter from echoing it back.
/// </summary>
public sealed partial class ProcessorWorker(
    ServiceBootstrap bootstrap,
    IAyonApi ayon,
    EnrollLoop loop,
    IOptions<AyonOptions> ayonOptions,
    IOptionsMonitor<JobLoopOptions> loopOptions,
    IHostApplicationLifetime lifetime,
    ILogger<ProcessorWorker> logger) : BackgroundService
{
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

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var jobs = new CancellationTokenSource();
        using var grace = stoppingToken.Register(() => jobs.CancelAfter(Composition.ShutdownGrace));
        try
        {
            await bootstrap.ConnectAyonAsync(stoppingToken);
            var definitions = FtrackAyonAttributes.All.Select(a => new Features.Ayon.AttributeDefinition(a.Name, a.Type, a.Title, a.Inherit, a.Scope));
            var changed = await ayon.EnsureAttributesAsync(definitions, stoppingToken);
            Log.Attributes(logger, changed.Count == 0 ? "already in place" : string.Join(", ", changed) + " created or widened");
            await bootstrap.ConnectFtrackAsync(stoppingToken);
            var options = loopOptions.Get(JobLoopOptions.ProcessorSection);
            await loop.RunAsync(new EnrollPlan(Request(ayonOptions.Value.ServiceName, options), Read, SweepStuckJobs: true), options, stoppingToken, jobs.Token);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ConfigurationException ex)
        {
            Log.BadConfiguration(logger, ex.Message);
            Environment.ExitCode = ConfigurationException.ExitCode;
            lifetime.StopApplication();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2900, Level = LogLevel.Information, Message = "AYON attributes ftrackId and ftrackPath: {Outcome}")]
        public static partial void Attributes(ILogger logger, string outcome);

        [LoggerMessage(EventId = 2901, Level = LogLevel.Critical, Message = "Stopping: {Message}")]
        public static partial void BadConfiguration(ILogger logger, string message);
    }
}
