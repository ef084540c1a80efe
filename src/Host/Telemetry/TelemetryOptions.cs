using System.ComponentModel.DataAnnotations;

namespace AyonFtrack.Host.Telemetry;

/// <summary>
/// Section <c>Telemetry</c>. Export is off unless <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (OTLP, configured by the
/// standard <c>OTEL_*</c> variables), <c>--Telemetry:Console true</c> prints spans and metrics on the console, or
/// <c>--Health:Port</c> serves <c>/metrics</c>. The instruments always run (they cost nothing without a listener).
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>The standard OTLP endpoint variable; its presence turns the OTLP exporter on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Print spans and metrics on the console (local runs).</summary>
    public bool Console { get; set; }

    /// <summary>Build the trace and metric pipeline even with no exporter configured here (tests add an in-memory one).</summary>
    public bool Enabled { get; set; }

    /// <summary>The <c>service.name</c> resource attribute; default AYON_SERVICE_NAME, else <c>ayon-ftrack-&lt;mode&gt;</c>.</summary>
    [MaxLength(200)]
    public string? ServiceName { get; set; }
}
