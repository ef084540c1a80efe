using System.ComponentModel.DataAnnotations;

namespace AyonFtrack.Features.Sync;

/// <summary>What the incremental sync does with the AYON folder or task of a ftrack entity that was deleted.</summary>
public enum RemovedEntityPolicy
{
    /// <summary>Delete the AYON entity, except folders that hold products, which get <c>ftrackId = "removed"</c> (the original's behaviour).</summary>
    Delete,

    /// <summary>Delete only entities that hold no products; otherwise refuse (the event fails with a readable reason, nothing changes).</summary>
    RefuseWhenProducts,

    /// <summary>Never delete: set <c>ftrackId = "removed"</c> and deactivate the AYON entity.</summary>
    MarkOnly,
}

/// <summary>Behaviour options of the ftrack → AYON sync (configuration section <c>Sync</c>).</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>What a ftrack deletion does in AYON; default <see cref="RemovedEntityPolicy.Delete"/> (the original's behaviour).</summary>
    [EnumDataType(typeof(RemovedEntityPolicy))]
    public RemovedEntityPolicy RemovedEntityPolicy { get; set; } = RemovedEntityPolicy.Delete;

    /// <summary>ftrack custom attribute writes per commit (the original uses 500).</summary>
    [Range(1, 5000)]
    public int FtrackWriteChunk { get; set; } = 500;

    /// <summary>AYON operations per request.</summary>
    [Range(1, 5000)]
    public int AyonOperationChunk { get; set; } = 500;
}
