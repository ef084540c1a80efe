using AyonFtrack.Features.Actions;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using AyonFtrack.Features.Pipeline;
using AyonFtrack.Server.Settings;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The processor's daily timer of the daily lists (P-02): waits for the next <c>cycle_hour_start</c> (studio settings,
/// local time), and on a day of <c>cycle_days</c> stores the <c>create.daily.lists.automated</c> event in AYON's
/// <c>ftrack.leech</c> queue with the day in its hash; another processor that stores it too gets AYON's conflict, so the
/// run happens once. The processor then takes it like any leeched event (<see cref="DailyLists"/>). A failure is logged
/// and retried after a minute; it never stops the service.
/// </summary>
public sealed partial class DailyListsTimer(
    IServiceScopeFactory scopes, FtrackConnection ftrack, IOptions<AyonOptions> options, TimeProvider time, ILogger<DailyListsTimer> logger) : BackgroundService
{
    /// <summary>How long a failed step waits before it tries again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var start = (await SettingsAsync(stoppingToken)).TryGetCycleStart() ?? TimeOnly.MinValue;
                    var now = time.GetLocalNow();
                    var due = DailyListsSchedule.NextRun(now, start);
                    Log.Waiting(logger, due);
                    await Task.Delay(due - now, time, stoppingToken);
                    await RunAsync(due, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.Failed(logger, ServiceBootstrap.Reason(ex), ex);
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync(DateTimeOffset day, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(cancellationToken);
        if (!DailyListsSchedule.RunsOn(day, settings.CycleDays))
        {
            Log.NotToday(logger, day.DayOfWeek);
            return;
        }

        while (ftrack.Current is null)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
        }

        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<FtrackSession>();
        var ayon = scope.ServiceProvider.GetRequiredService<IAyonApi>();
        var userName = ftrack.Required.ApiUser;
        var user = await session.QueryFirstAsync(FtrackQuery.From(FtrackEntityTypes.User).Select("id", "username").Where(FtrackFilter.Is("username", userName)), cancellationToken);
        var result = await ayon.DispatchEventAsync(new DispatchEventRequest
        {
            Topic = Topics.Leech,
            Sender = options.Value.ServiceName,
            Hash = DailyListsSchedule.Hash(day),
            Description = $"Automated chrono action '{DailyLists.AutomatedTopic}'",
            Payload = DailyListsSchedule.AutomatedEvent(Guid.NewGuid().ToString("N"), user?.Id, userName),
        }, cancellationToken);
        if (result.Outcome == DispatchOutcome.AlreadyStored)
        {
            Log.AlreadyStored(logger, day);
        }
        else
        {
            Log.Stored(logger, day, result.Id ?? "");
        }
    }

    private async Task<CreateDailyListsSettings> SettingsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var ayon = scope.ServiceProvider.GetRequiredService<IAyonApi>();
        return FtrackSettings.Parse(await ayon.GetServiceSettingsAsync(options.Value, cancellationToken)).ServiceEventHandlers.CreateDailyLists;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1090, Level = LogLevel.Debug, Message = "Daily lists: next automated run at {Due}")]
        public static partial void Waiting(ILogger logger, DateTimeOffset due);

        [LoggerMessage(EventId = 1091, Level = LogLevel.Debug, Message = "Daily lists: no automated run on {Day} (cycle_days)")]
        public static partial void NotToday(ILogger logger, DayOfWeek day);

        [LoggerMessage(EventId = 1092, Level = LogLevel.Information, Message = "Daily lists: the automated run of {Day} stored as AYON event {EventId}")]
        public static partial void Stored(ILogger logger, DateTimeOffset day, string eventId);

        [LoggerMessage(EventId = 1093, Level = LogLevel.Debug, Message = "Daily lists: the automated run of {Day} was stored by another processor")]
        public static partial void AlreadyStored(ILogger logger, DateTimeOffset day);

        [LoggerMessage(EventId = 1094, Level = LogLevel.Warning, Message = "Daily lists timer: {Reason}; trying again in a minute")]
        public static partial void Failed(ILogger logger, string reason, Exception exception);
    }
}
