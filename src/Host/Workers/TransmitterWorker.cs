using AyonFtrack.Features.Ayon;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The transmitter (behaviour reference §1.5): enrolls AYON's entity changes into <c>ftrack.sync</c> jobs, ignoring the
/// processor's own writes (<c>ignoreSenderTypes: ["ftrack"]</c>), and runs the slices routed to each change's topic.
/// </summary>
public sealed partial class TransmitterWorker(
    ServiceBootstrap bootstrap,
    EnrollLoop loop,
    IOptions<AyonOptions> ayonOptions,
    IOptionsMonitor<JobLoopOptions> loopOptions,
    IHostApplicationLifetime lifetime,
    ILogger<TransmitterWorker> logger) : BackgroundService
{
    /// <summary>
    /// The exact source topics the original enrolls (ayon-protocol.md §4.1), plus the renames it leaves out:
    /// <c>entity.{folder,task,product}.renamed</c> and <c>entity.{folder,task}.label_changed</c> (ftrack names follow AYON
    /// labels); list form, so matched exactly.
    /// </summary>
    public static readonly IReadOnlyList<string> SourceTopics =
    [
        .. new[] { "project", "folder", "task", "product", "version" }.SelectMany(t => new[]
        {
            $"entity.{t}.created", $"entity.{t}.deleted", $"entity.{t}.active_changed", $"entity.{t}.attrib_changed", $"entity.{t}.data_changed",
        }),
        "entity.folder.type_changed", "entity.task.type_changed", "entity.product.type_changed",
        "entity.folder.thumbnail_changed", "entity.task.thumbnail_changed", "entity.version.thumbnail_changed",
        "entity.folder.status_changed", "entity.task.status_changed", "entity.version.status_changed",
        "entity.project.changed", "entity.folder.parent_changed", "entity.task.folder_changed", "entity.product.folder_changed",
        "entity.version.product_changed", "entity.version.task_changed", "entity.task.assignees_changed",
        "entity.folder.renamed", "entity.task.renamed", "entity.product.renamed",
        "entity.folder.label_changed", "entity.task.label_changed",
        "reviewable.created",
        "entity_list.created", "entity_list.changed", "entity_list.deleted",
    ];

    /// <summary>The enroll request of the transmitter.</summary>
    public static EnrollRequest Request(string sender, JobLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EnrollRequest
        {
            SourceTopic = EnrollRequest.SourceTopics(SourceTopics),
            TargetTopic = "ftrack.sync",
            Sender = sender,
            Description = "Sync AYON changes to ftrack",
            IgnoreSenderTypes = ["ftrack"],
            MaxRetries = options.MaxRetries,
            IgnoreOlderThan = options.IgnoreOlderThanDays,
        };
    }

    /// <summary>The slices read the AYON event itself.</summary>
    public static JobInput? Read(AyonEvent source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new JobInput(source.Topic, source, null);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        EnrollWorkerRun.RunAsync(RunAsync, message => Log.BadConfiguration(logger, message), lifetime, stoppingToken);

    private async Task RunAsync(CancellationToken stoppingToken, CancellationToken jobToken)
    {
        await bootstrap.ConnectAyonAsync(stoppingToken);
        await bootstrap.ConnectFtrackAsync(stoppingToken);
        var options = loopOptions.Get(JobLoopOptions.TransmitterSection);
        await loop.RunAsync(new EnrollPlan(Request(ayonOptions.Value.ServiceName, options), Read, SweepStuckJobs: false, Reconciles: _ => true), options, stoppingToken, jobToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7900, Level = LogLevel.Critical, Message = "Stopping: {Message}")]
        public static partial void BadConfiguration(ILogger logger, string message);
    }
}
