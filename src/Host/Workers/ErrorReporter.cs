using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Pipeline;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// Reports service failures to AYON as <c>log.error</c> events, each kind of failure once until it changes or the service
/// recovers (the original's rule was inverted: it repeated the same failure and hid a new one, §7). Messages name the
/// problem, never a secret.
/// </summary>
public sealed partial class ErrorReporter(IAyonApi ayon, IOptions<AyonOptions> options, SliceRoutes routes, ILogger<ErrorReporter> logger)
{
    private readonly Lock _lock = new();
    private string? _lastKind;

    /// <summary>The kind reported last, or null after a recovery.</summary>
    public string? LastKind
    {
        get
        {
            lock (_lock)
            {
                return _lastKind;
            }
        }
    }

    /// <summary>Reports <paramref name="message"/> unless a failure of the same <paramref name="kind"/> is the last one reported.</summary>
    public async Task ReportAsync(string kind, string message, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_lastKind == kind)
            {
                return;
            }

            _lastKind = kind;
        }

        try
        {
            await ayon.DispatchEventAsync(new DispatchEventRequest
            {
                Topic = Topics.LogError,
                Sender = options.Value.ServiceName,
                Description = $"ftrack {routes.Mode.ToName()} error",
                Payload = new System.Text.Json.Nodes.JsonObject { ["message"] = message, ["kind"] = kind },
                Finished = true,
                Store = true,
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // AYON itself may be the problem; the local log still has the failure.
            Log.NotReported(logger, kind, ex.Message);
            lock (_lock)
            {
                _lastKind = null;
            }
        }
    }

    /// <summary>The service works again: the next failure of any kind is reported.</summary>
    public void Recovered()
    {
        lock (_lock)
        {
            _lastKind = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "Could not report the {Kind} failure to AYON: {Reason}")]
        public static partial void NotReported(ILogger logger, string kind, string reason);
    }
}
