using System.Net;
using AyonFtrack.Features.Ayon;
using AyonFtrack.Features.Ftrack;
using FluentValidation;
using Refit;

namespace AyonFtrack.Features.Pipeline;

/// <summary>What kind of fault ended a slice's run (DESIGN §4 "Failures are classified").</summary>
public enum FailureKind
{
    /// <summary>Neither transient nor known to be permanent (a bug, a rule that may pass later): enroll retries the job.</summary>
    Unknown,

    /// <summary>Network, timeouts, 5xx, 429: retried inside the job with backoff, up to <see cref="FailureOptions.TransientRetries"/>.</summary>
    Transient,

    /// <summary>Validation, 4xx, refused by policy: the job fails at once and is not retried.</summary>
    Permanent,
}

/// <summary>Sorts a slice's exception into <see cref="FailureKind"/> (pure).</summary>
public static class FailureClassifier
{
    /// <summary>The kind of <paramref name="exception"/>; the cancellation of the caller's own token is never passed here.</summary>
    public static FailureKind Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ValidationException or PermanentFailureException => FailureKind.Permanent,
            // Rejected credentials are the service's condition, not the job's: never a reason to drop the job.
            FtrackAuthenticationException => FailureKind.Unknown,
            FtrackValidationException or FtrackPermissionException => FailureKind.Permanent,
            FtrackServerException ftrack when ftrack.StatusCode > 0 => OfStatus(ftrack.StatusCode),
            AyonRequestException { StatusCode: { } status } => OfStatus((int)status),
            ApiException api => OfStatus((int)api.StatusCode),
            HttpRequestException { StatusCode: { } status } => OfStatus((int)status),
            HttpRequestException or TimeoutException or OperationCanceledException or IOException => FailureKind.Transient,
            _ when exception.InnerException is { } inner => Classify(inner),
            _ => FailureKind.Unknown,
        };
    }

    /// <summary>The kind of an HTTP status: 408, 429 and 5xx are transient, 401 unknown (the key, not the job), other 4xx permanent.</summary>
    public static FailureKind OfStatus(int status) => status switch
    {
        (int)HttpStatusCode.Unauthorized => FailureKind.Unknown,
        (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests => FailureKind.Transient,
        >= 500 and < 600 => FailureKind.Transient,
        >= 400 and < 500 => FailureKind.Permanent,
        _ => FailureKind.Unknown,
    };
}

/// <summary>How slices' transient faults are retried inside a job.</summary>
public sealed class FailureOptions
{
    public const string Section = "Failures";

    /// <summary>Retries of a slice after a transient fault, inside the job, before the job fails (and enroll takes over).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 20)]
    public int TransientRetries { get; set; } = 4;

    /// <summary>The first wait before a retry; doubles each time up to <see cref="TransientMaxDelay"/>.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TransientBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two retries.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TransientMaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The wait before retry <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayBefore(int attempt) =>
        TimeSpan.FromTicks(Math.Min(TransientMaxDelay.Ticks, TransientBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 20))));
}

/// <summary>A slice refuses the input for good (data ftrack or AYON cannot take, a policy): the job fails at once with the message.</summary>
public sealed class PermanentFailureException : Exception
{
    public PermanentFailureException()
    {
    }

    public PermanentFailureException(string message)
        : base(message)
    {
    }

    public PermanentFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
