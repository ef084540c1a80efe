using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace AyonFtrack.Host.Health;

/// <summary>
/// The optional health endpoint (<see cref="HealthOptions"/>): <c>GET /healthz</c> answers 200 while the process runs,
/// <c>GET /readyz</c> 200 or 503 with the checks of <see cref="ReadinessCheck"/> as JSON. <c>/metrics</c> on the same
/// port is the Prometheus exporter's own listener (see TelemetryRegistration). A listener that cannot start is logged
/// once and the service runs on without it.
/// </summary>
public sealed partial class HealthListener(IOptions<HealthOptions> options, ReadinessCheck readiness, ILogger<HealthListener> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        using var listener = new HttpListener();
        listener.Prefixes.Add(o.Prefix + "healthz/");
        listener.Prefixes.Add(o.Prefix + "readyz/");
        try
        {
            listener.Start();
        }
        catch (HttpListenerException ex)
        {
            Log.NotStarted(logger, o.Prefix, ex.Message);
            return;
        }

        Log.Listening(logger, o.Prefix);
        await using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break;
            }

            await AnswerAsync(context, stoppingToken);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        try
        {
            var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? "";
            var (status, type, body) = path switch
            {
                "/healthz" => (200, "text/plain", "ok\n"),
                "/readyz" => await ReadyAsync(cancellationToken),
                _ => (404, "text/plain", "not found\n"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            response.StatusCode = status;
            response.ContentType = type + "; charset=utf-8";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The prober went away; nothing to answer.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                Log.NotAnswered(logger, ex.Message);
            }
        }
    }

    private async Task<(int, string, string)> ReadyAsync(CancellationToken cancellationToken)
    {
        var answer = await readiness.CheckAsync(cancellationToken);
        return (answer.Ready ? 200 : 503, "application/json", answer.ToJson());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 70, Level = LogLevel.Information, Message = "Health endpoint on {Prefix} (healthz, readyz)")]
        public static partial void Listening(ILogger logger, string prefix);

        [LoggerMessage(EventId = 71, Level = LogLevel.Error, Message = "The health endpoint {Prefix} cannot listen: {Reason}; the service runs without it")]
        public static partial void NotStarted(ILogger logger, string prefix, string reason);

        [LoggerMessage(EventId = 72, Level = LogLevel.Debug, Message = "A health answer was not sent: {Reason}")]
        public static partial void NotAnswered(ILogger logger, string reason);
    }
}
