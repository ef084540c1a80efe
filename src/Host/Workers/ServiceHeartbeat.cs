using System.Globalization;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// The service's proof of life for container health checks: a file <c>health</c> in the data folder holding the Unix
/// time of the last moment the service did its job (the leecher: a round trip through ftrack's hub; the processor and
/// transmitter: an answered enroll). <c>ayon-ftrack health</c> reads it. No beat while AYON rejects the service's key
/// (<see cref="AyonKeyWatch"/>): a leecher whose hub works but whose events cannot reach AYON is not healthy.
/// </summary>
public sealed partial class ServiceHeartbeat(IConfiguration configuration, TimeProvider time, ILogger<ServiceHeartbeat> logger, AyonKeyWatch? keyWatch = null)
{
    /// <summary>The file name in the data folder.</summary>
    public const string FileName = "health";

    private static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(5);
    private readonly string _path = Path.Combine(Composition.DataDirectory(configuration), FileName);
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>Records that the service works now (written at most every 5 s), unless AYON rejects the key.</summary>
    public void Beat()
    {
        if (keyWatch?.IsRejected == true)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (now - _last < MinimumSpacing)
        {
            return;
        }

        _last = now;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path) ?? ".");
            File.WriteAllText(_path, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException ex)
        {
            Log.NotWritten(logger, _path, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            Log.NotWritten(logger, _path, ex.Message);
        }
    }

    /// <summary>
    /// The health check: 0 when the heartbeat file in <paramref name="dataDirectory"/> is younger than
    /// <paramref name="maxAge"/>, else 1 with the reason.
    /// </summary>
    public static (int ExitCode, string Message) Check(string dataDirectory, TimeSpan maxAge, DateTimeOffset now)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return (1, $"unhealthy: no heartbeat yet ({path})");
        }

        if (!long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return (1, $"unhealthy: unreadable heartbeat file {path}");
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age <= maxAge
            ? (0, $"healthy: last heartbeat {age.TotalSeconds:0} s ago")
            : (1, $"unhealthy: last heartbeat {age.TotalSeconds:0} s ago (more than {maxAge.TotalSeconds:0} s)");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "The health file {Path} cannot be written: {Reason}")]
        public static partial void NotWritten(ILogger logger, string path, string reason);
    }
}
