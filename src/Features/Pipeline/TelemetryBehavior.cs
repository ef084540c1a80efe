using System.Diagnostics;
using AyonFtrack.Features.Common;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// The outermost behaviour: one activity named <c>Area.Slice</c> per run, its duration and outcome as metrics,
/// and one log line when the slice is rejected or fails. It never logs the request itself (payloads carry user data).
/// The span carries the ftrack and AYON event ids of its parent (the job's or the event's span, see <see cref="EventTelemetry"/>).
/// </summary>
public sealed partial class TelemetryBehavior<TRequest, TResponse>(ILogger<TelemetryBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly string Slice = SliceMap.SliceName(typeof(TRequest));

    /// <inheritdoc />
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        using var activity = Telemetry.Source.StartActivity(Slice);
        CopyEventIds(activity);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var response = await next();
            outcome = "succeeded";
            return response;
        }
        catch (ValidationException ex)
        {
            outcome = "rejected";
            activity?.SetStatus(ActivityStatusCode.Error, "rejected");
            Log.Rejected(logger, Slice, ex.Errors.FirstOrDefault()?.ErrorMessage ?? ex.Message);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "canceled";
            throw;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            Log.Failed(logger, Slice, ex);
            throw;
        }
        finally
        {
            var tags = new TagList { { "slice", Slice }, { "outcome", outcome } };
            Telemetry.SliceRuns.Add(1, tags);
            Telemetry.SliceDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("slice", Slice));
            activity?.SetTag("outcome", outcome);
        }
    }

    /// <summary>The slice's span carries the ids of the job or event it runs for, so a span found alone still names its event.</summary>
    private static void CopyEventIds(Activity? activity)
    {
        if (activity?.Parent is not { } parent)
        {
            return;
        }

        foreach (var tag in (ReadOnlySpan<string>)[EventTelemetry.FtrackEventIdTag, EventTelemetry.AyonEventIdTag])
        {
            if (parent.GetTagItem(tag) is { } value)
            {
                activity.SetTag(tag, value);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Slice {Slice} rejected its input: {Reason}")]
        public static partial void Rejected(ILogger logger, string slice, string reason);

        [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Slice {Slice} failed")]
        public static partial void Failed(ILogger logger, string slice, Exception exception);
    }
}
