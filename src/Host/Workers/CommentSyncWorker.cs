using System.ComponentModel.DataAnnotations;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Transmit;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>Timing of the transmitter's comment sync (section <c>CommentSync</c>).</summary>
public sealed class CommentSyncOptions
{
    public const string Section = "CommentSync";

    /// <summary>Time between two comment sync runs (the original's 15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time between two soft cleanups of markers that synced nothing (the original's 5 min).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SoftCleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Markers older than this are removed by the hard cleanup, which runs this often too (the original's 7 days).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MarkerRetention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>The transmitter's comment sync registration.</summary>
public static class CommentSyncRegistration
{
    /// <summary>
    /// Registers the comment sync timer and marks the transmitter's own AYON writes (<c>ftrackId</c> on lists and
    /// entities, activity data) with sender type <c>ftrack</c>, so its enroll (<c>ignoreSenderTypes: ["ftrack"]</c>)
    /// never hands them back as jobs (the original's writes echoed, §7).
    /// </summary>
    public static IServiceCollection AddTransmitterComponents(this IServiceCollection services)
    {
        services.PostConfigure<AyonOptions>(options => options.SenderType ??= "ftrack");
        services.AddOptions<CommentSyncOptions>().BindConfiguration(CommentSyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CommentSync>();
        services.AddHostedService<CommentSyncWorker>();
        return services;
    }
}

/// <summary>
/// T-09/T-10 on a timer: once ftrack is connected (by <see cref="TransmitterWorker"/>), runs <see cref="CommentSync"/>
/// every <see cref="CommentSyncOptions.Interval"/> in its own scope, and the marker cleanups when due. A failed run is
/// logged and retried on the next tick; it never stops the service, except a key AYON rejects (401) for
/// <c>Transmitter:UnauthorizedExitAfter</c>, which ends it with the configuration exit code (issue 14).
/// </summary>
public sealed partial class CommentSyncWorker(
    IServiceScopeFactory scopes,
    FtrackConnection ftrack,
    IOptions<CommentSyncOptions> options,
    IOptionsMonitor<JobLoopOptions> loopOptions,
    AyonKeyWatch keyWatch,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<CommentSyncWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        DateTimeOffset? since = null;
        var lastSoft = time.GetUtcNow();
        var lastHard = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(settings.Interval, time, stoppingToken);
                if (ftrack.Current is null)
                {
                    continue;
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var sync = scope.ServiceProvider.GetRequiredService<CommentSync>();
                    var result = await sync.RunAsync(since, stoppingToken);
                    keyWatch.Accepted();
                    if (!result.Ran)
                    {
                        continue;
                    }

                    since = result.Until;
                    var now = time.GetUtcNow();
                    if (now - lastHard >= settings.MarkerRetention)
                    {
                        lastHard = now;
                        await sync.CleanupAsync(settings.MarkerRetention, stoppingToken);
                    }
                    else if (now - lastSoft >= settings.SoftCleanupInterval)
                    {
                        lastSoft = now;
                        await sync.CleanupAsync(null, stoppingToken);
                    }
                }
                catch (Exception ex) when (AyonKeyWatch.IsUnauthorized(ex))
                {
                    var limit = loopOptions.Get(JobLoopOptions.TransmitterSection).UnauthorizedExitAfter;
                    var rejectedFor = keyWatch.Rejected(limit, $"{JobLoopOptions.TransmitterSection}:{nameof(JobLoopOptions.UnauthorizedExitAfter)}");
                    Log.Unauthorized(logger, rejectedFor.TotalSeconds);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.RunFailed(logger, ServiceBootstrap.Reason(ex), ex);
                }
            }
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
        [LoggerMessage(EventId = 7060, Level = LogLevel.Error, Message = "Comment sync failed: {Reason}; trying again on the next tick")]
        public static partial void RunFailed(ILogger logger, string reason, Exception exception);

        [LoggerMessage(EventId = 7061, Level = LogLevel.Error, Message = "Comment sync: AYON rejects the service's API key (401) since {Seconds} s; trying again on the next tick")]
        public static partial void Unauthorized(ILogger logger, double seconds);

        [LoggerMessage(EventId = 7062, Level = LogLevel.Critical, Message = "Stopping: {Message}")]
        public static partial void BadConfiguration(ILogger logger, string message);
    }
}
