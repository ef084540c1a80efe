using System.ComponentModel.DataAnnotations;

namespace AyonFtrack.Features.Transmit;

/// <summary>
/// Behaviour options of the transmitter's slices (configuration section <c>Transmitter</c>, beside the job loop's
/// <c>Transmitter:IdleDelay</c> and friends).
/// </summary>
public sealed class TransmitOptions
{
    public const string Section = "Transmitter";

    /// <summary>
    /// How long the slow-changing reads of <see cref="TransmitReadCache"/> are reused across jobs (project addon
    /// settings, AYON attribute list, AYON users, ftrack custom attribute configurations, the linked ftrack project,
    /// workflow statuses, ftrack users); zero turns the cache off. Default 10 s: a settings or ftrack schema change
    /// takes effect within 10 s, which an operator does not notice, while a busy queue (tens of changes per second)
    /// reads each of them once per 10 s instead of once per change.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReadCacheTtl { get; set; } = TimeSpan.FromSeconds(10);
}
