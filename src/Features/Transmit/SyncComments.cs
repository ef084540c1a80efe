using System.ComponentModel.DataAnnotations;
using AyonFtrack.Features.Pipeline;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// T-09/T-10 on the transmitter's timer: each tick (<c>ftrack.sync.comments.tick</c>, every
/// <see cref="CommentSyncOptions.Interval"/> once ftrack is connected) runs <see cref="CommentSync"/> from where the last
/// run of this process stopped, and the marker cleanups when they are due (soft every
/// <see cref="CommentSyncOptions.SoftCleanupInterval"/>, hard every <see cref="CommentSyncOptions.MarkerRetention"/>).
/// A failed tick fails only itself: the next one tries again.
/// </summary>
public static class SyncComments
{
    public sealed record Command(DateTimeOffset At) : ICommand;

    /// <summary>Every tick of the comment timer runs the sync.</summary>
    public static Command? From(TimerTick tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        return new Command(tick.At);
    }

    internal sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.At).NotEqual(default(DateTimeOffset)).WithMessage("the comment timer's tick has no time");
    }

    internal sealed class Handler(CommentSync sync, CommentSyncProgress progress, IOptions<CommentSyncOptions> options) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var result = await sync.RunAsync(progress.Since, cancellationToken);
            if (!result.Ran)
            {
                return Unit.Value;
            }

            progress.Since = result.Until;
            var settings = options.Value;
            if (progress.HardCleanupDue(request.At, settings.MarkerRetention))
            {
                await sync.CleanupAsync(settings.MarkerRetention, cancellationToken);
            }
            else if (progress.SoftCleanupDue(request.At, settings.SoftCleanupInterval))
            {
                await sync.CleanupAsync(null, cancellationToken);
            }

            return Unit.Value;
        }
    }
}

/// <summary>
/// Where this process's comment sync stands between two ticks (a singleton; ticks run one at a time): the end of the
/// last run, and when the marker cleanups last ran (at start when none ran yet).
/// </summary>
public sealed class CommentSyncProgress(TimeProvider time)
{
    private DateTimeOffset _lastSoft = time.GetUtcNow();
    private DateTimeOffset _lastHard = time.GetUtcNow();

    /// <summary>The start of the last run that ran; null before the first (the sync then reads its marker).</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>True, and the hard cleanup counted as run at <paramref name="now"/>, when <paramref name="interval"/> has passed since it last ran.</summary>
    public bool HardCleanupDue(DateTimeOffset now, TimeSpan interval) => Due(ref _lastHard, now, interval);

    /// <summary>True, and the soft cleanup counted as run at <paramref name="now"/>, when <paramref name="interval"/> has passed since it last ran.</summary>
    public bool SoftCleanupDue(DateTimeOffset now, TimeSpan interval) => Due(ref _lastSoft, now, interval);

    private static bool Due(ref DateTimeOffset last, DateTimeOffset now, TimeSpan interval)
    {
        if (now - last < interval)
        {
            return false;
        }

        last = now;
        return true;
    }
}

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

/// <summary>The comment sync's services.</summary>
public static class CommentSyncRegistration
{
    /// <summary>Registers the comment sync: its options, the engine (scoped) and the progress between ticks.</summary>
    public static IServiceCollection AddCommentSync(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CommentSyncOptions>().BindConfiguration(CommentSyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommentSyncProgress>();
        services.TryAddScoped<CommentSync>();
        return services;
    }
}
