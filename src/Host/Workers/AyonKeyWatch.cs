using System.Net;
using AyonFtrack.Features.Ayon;

namespace AyonFtrack.Host.Workers;

/// <summary>
/// Issue 14: a key AYON keeps rejecting (401: the service's key revoked while it runs) ends the service after a
/// configured time with the configuration exit code, whichever loop meets it (the enroll loops, the leecher's drainer and
/// start marker, the comment sync). One per process, shared by every loop, since they all use the same key: any answer
/// that is not a 401 ends the rejection. While it lasts the service's heartbeat stops, so the container's health check
/// reports what the logs say.
/// </summary>
public sealed class AyonKeyWatch(TimeProvider time)
{
    private const long NotRejected = long.MinValue;
    private long _sinceTicks = NotRejected;

    /// <summary>True while AYON rejects the key (a 401 with no accepted request since).</summary>
    public bool IsRejected => Interlocked.Read(ref _sinceTicks) != NotRejected;

    /// <summary>True when <paramref name="exception"/> is AYON's (or any HTTP client's) 401.</summary>
    public static bool IsUnauthorized(Exception exception) => exception switch
    {
        AyonRequestException { StatusCode: HttpStatusCode.Unauthorized } => true,
        Refit.ApiException { StatusCode: HttpStatusCode.Unauthorized } => true,
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } => true,
        _ => false,
    };

    /// <summary>AYON accepted a request: the key is good (again).</summary>
    public void Accepted() => Interlocked.Exchange(ref _sinceTicks, NotRejected);

    /// <summary>
    /// AYON answered 401. Returns how long it has rejected the key; throws when that is <paramref name="limit"/> or more.
    /// </summary>
    /// <param name="limit">The configured time (<c>UnauthorizedExitAfter</c> of the service's section).</param>
    /// <param name="setting">The setting's full name, for the message.</param>
    /// <param name="refused">What AYON refused, for the message (e.g. "the addon settings"); null when it is any request.</param>
    /// <exception cref="ConfigurationException">AYON has rejected the key for <paramref name="limit"/> or longer.</exception>
    public TimeSpan Rejected(TimeSpan limit, string setting, string? refused = null)
    {
        var now = time.GetUtcNow().UtcTicks;
        Interlocked.CompareExchange(ref _sinceTicks, now, NotRejected);
        var since = Interlocked.Read(ref _sinceTicks);
        var rejectedFor = TimeSpan.FromTicks(Math.Max(0, now - (since == NotRejected ? now : since)));
        if (rejectedFor >= limit)
        {
            throw new ConfigurationException(
                $"AYON has rejected the service's API key (401{(refused is null ? "" : $" to {refused}")}) for {rejectedFor.TotalSeconds:0} s; check AYON_API_KEY ({setting} sets the wait)");
        }

        return rejectedFor;
    }
}

/// <summary>
/// The running mode's bound on 401s and its setting's name (<c>Leecher:</c>, <c>Processor:</c> or
/// <c>Transmitter:UnauthorizedExitAfter</c>), for the loops that do not read their section themselves (the start-up's
/// settings and secrets reads).
/// </summary>
public sealed record AyonKeyLimit(TimeSpan Limit, string Setting)
{
    /// <summary>The options' default (5 min), for a bootstrap built without the mode's bound.</summary>
    public static AyonKeyLimit Default { get; } = new(TimeSpan.FromMinutes(5), "UnauthorizedExitAfter");
}
