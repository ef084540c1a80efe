using System.ComponentModel.DataAnnotations;

namespace AyonFtrack.Host.Health;

/// <summary>
/// Section <c>Health</c>: the optional HTTP listener (<c>--Health:Port 8079</c>) serving <c>/healthz</c> (the process is
/// alive), <c>/readyz</c> (AYON and ftrack answer; for the leecher also a recent round trip through ftrack's hub) and
/// <c>/metrics</c> (Prometheus text). Off when no port is set; it listens on 127.0.0.1 unless <see cref="Address"/> says otherwise.
/// </summary>
public sealed class HealthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Health";

    /// <summary>The TCP port; null or 0 turns the listener off.</summary>
    [Range(0, 65535)]
    public int? Port { get; set; }

    /// <summary>The address to listen on: 127.0.0.1 by default; <c>+</c> or <c>*</c> for every interface (containers).</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Serve the Prometheus scrape endpoint <c>/metrics</c> on the same port.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>How long one readiness answer is reused, so probes do not turn into load on AYON and ftrack.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReadyCacheFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long each readiness check may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The leecher is ready only if the hub routed a round trip back within this time; default three liveness intervals.</summary>
    public TimeSpan? HubRoundTripMaxAge { get; set; }

    /// <summary>True when a port is set.</summary>
    public bool IsOn => Port is > 0;

    /// <summary>The host part of the listener's prefixes: <c>+</c> for every interface.</summary>
    public string ListenHost => Address is "+" or "*" or "0.0.0.0" ? "+" : Address;

    /// <summary>The listener's URL prefix (with a trailing slash).</summary>
    public string Prefix => $"http://{ListenHost}:{Port}/";
}
