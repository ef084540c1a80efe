using System.ComponentModel.DataAnnotations;
using System.Net;

namespace AyonFtrack.Features.Ayon;

/// <summary>
/// Where and as whom this service talks to AYON (section <c>Ayon</c>). ASH's variables
/// <c>AYON_SERVER_URL</c>, <c>AYON_API_KEY</c>, <c>AYON_ADDON_NAME</c>, <c>AYON_ADDON_VERSION</c>,
/// <c>AYON_SERVICE_NAME</c> are mapped to these keys by the host. <see cref="ToString"/> never prints the key.
/// </summary>
public sealed class AyonOptions
{
    public const string Section = "Ayon";

    private string? _serviceName;

    /// <summary>Base URL of the AYON server (without <c>/api</c>).</summary>
    [Required(ErrorMessage = "Ayon:ServerUrl (AYON_SERVER_URL) is required.")]
    public Uri? ServerUrl { get; set; }

    /// <summary>API key of the service user (sent as <c>x-api-key</c>), or the user's token (see <see cref="Authorization"/>).</summary>
    [Required(ErrorMessage = "Ayon:ApiKey (AYON_API_KEY) is required.")]
    public string ApiKey { get; set; } = "";

    /// <summary>How <see cref="ApiKey"/> is sent: <c>ApiKey</c> for services (default), <c>Bearer</c> for a user's token (the desktop client).</summary>
    public AyonAuthorization Authorization { get; set; } = AyonAuthorization.ApiKey;

    /// <summary>Addon name, e.g. <c>ftrack</c>.</summary>
    [Required(ErrorMessage = "Ayon:AddonName (AYON_ADDON_NAME) is required.")]
    public string AddonName { get; set; } = "";

    /// <summary>Addon version, e.g. <c>1.6.4+dev</c>.</summary>
    [Required(ErrorMessage = "Ayon:AddonVersion (AYON_ADDON_VERSION) is required.")]
    public string AddonVersion { get; set; } = "";

    /// <summary>The service record name; the machine host name when not configured. Used as the sender of events and enrolls.</summary>
    public string ServiceName
    {
        get => string.IsNullOrWhiteSpace(_serviceName) ? Dns.GetHostName() : _serviceName;
        set => _serviceName = value;
    }

    /// <summary>Settings variant: <c>production</c>, <c>staging</c> or a dev bundle name.</summary>
    [Required(ErrorMessage = "Ayon:Variant is required.")]
    public string Variant { get; set; } = "production";

    /// <summary>Sent as <c>x-sender-type</c> when set (the processor sets <c>ftrack</c>).</summary>
    [RegularExpression(AyonNames.EntityNamePattern, ErrorMessage = "Ayon:SenderType must match the AYON entity-name pattern.")]
    public string? SenderType { get; set; }

    /// <summary>Sent as <c>x-sender</c> when set (the ftrack services leave it unset and name the sender in each body).</summary>
    [RegularExpression(AyonNames.EntityNamePattern, ErrorMessage = "Ayon:Sender must match the AYON entity-name pattern.")]
    public string? Sender { get; set; }

    /// <summary>
    /// Idle enroll loops listen on AYON's event websocket <c>/ws</c> and wake when a source event is stored (default on);
    /// off, they only poll at their idle delay.
    /// </summary>
    public bool EventSocket { get; set; } = true;

    /// <summary>Timeout of one HTTP attempt, in seconds.</summary>
    [Range(1, 3600, ErrorMessage = "Ayon:TimeoutSeconds must be between 1 and 3600.")]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Retries of idempotent calls (GET, PUT, PATCH, DELETE) on connection errors, timeouts, 502, 503 and 504.</summary>
    [Range(0, 20, ErrorMessage = "Ayon:RetryCount must be between 0 and 20.")]
    public int RetryCount { get; set; } = 3;

    /// <summary>Base delay of the exponential retry backoff, in milliseconds.</summary>
    [Range(1, 60_000, ErrorMessage = "Ayon:RetryDelayMilliseconds must be between 1 and 60000.")]
    public int RetryDelayMilliseconds { get; set; } = 1000;

    /// <inheritdoc />
    public override string ToString() =>
        $"AYON {ServerUrl} addon {AddonName} {AddonVersion} service {ServiceName} variant {Variant} (api key ***)";
}

/// <summary>How the AYON client authenticates its requests.</summary>
public enum AyonAuthorization
{
    /// <summary><c>x-api-key: &lt;key&gt;</c>, as services do with their service user's key.</summary>
    ApiKey,

    /// <summary>
    /// <c>Authorization: Bearer &lt;key&gt;</c>, as AYON's own clients send a user's token (ayon-python-api). A key the
    /// server refuses as a token (401: an API key whose session is not open yet) is sent again once as <c>x-api-key</c>,
    /// still with the Bearer header, which opens the session, so later requests pass as Bearer.
    /// </summary>
    Bearer,
}
