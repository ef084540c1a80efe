using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AyonFtrack.Features.Ayon.Entities;

/// <summary>Entity types accepted by the operations endpoint (wire values).</summary>
public static class AyonEntityTypes
{
    public const string Folder = "folder";
    public const string Task = "task";
    public const string Product = "product";
    public const string Version = "version";
    public const string Representation = "representation";
    public const string Workfile = "workfile";
}

/// <summary>
/// One operation of <c>POST /api/projects/{p}/operations</c> (ayon-protocol.md §3.5). <c>data</c> is
/// the entity's wire fields; in an update, <c>data</c>/<c>attrib</c> are merged per key and a JSON null
/// removes the key.
/// </summary>
public sealed record OperationModel
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    /// <summary>create, update or delete.</summary>
    public required string Type { get; init; }

    public required string EntityType { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EntityId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Data { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Force { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AsUser { get; init; }

    public static OperationModel Create(string entityType, JsonObject data, string? entityId = null) =>
        new() { Type = "create", EntityType = entityType, EntityId = entityId, Data = data };

    public static OperationModel Update(string entityType, string entityId, JsonObject data) =>
        new() { Type = "update", EntityType = entityType, EntityId = entityId, Data = data };

    public static OperationModel Delete(string entityType, string entityId, bool force = false) =>
        new() { Type = "delete", EntityType = entityType, EntityId = entityId, Force = force };
}

/// <summary>Body of <c>POST /api/projects/{p}/operations</c>.</summary>
public sealed record OperationsRequest
{
    public required IReadOnlyList<OperationModel> Operations { get; init; }
    public bool CanFail { get; init; }
    public bool WaitForEvents { get; init; }
    public bool RaiseOnError { get; init; }
}

/// <summary>Per-operation result: status 201 create, 204 update/delete, or the error status.</summary>
public sealed record OperationResult
{
    public string? Id { get; init; }
    public string? Type { get; init; }
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }
    public bool Success { get; init; }
    public int Status { get; init; }
    public string? ErrorCode { get; init; }
    public string? Detail { get; init; }
}

/// <summary>Answer of the operations endpoint: HTTP 200 even when operations failed.</summary>
public sealed record OperationsResponse
{
    public bool Success { get; init; }
    public IReadOnlyList<OperationResult> Operations { get; init; } = [];

    /// <summary>Throws <see cref="AyonOperationsException"/> naming the first failed operation when <see cref="Success"/> is false.</summary>
    public OperationsResponse EnsureSuccess(string projectName)
    {
        if (Success)
        {
            return this;
        }

        var failed = Operations.FirstOrDefault(o => !o.Success);
        throw new AyonOperationsException(projectName, failed);
    }
}

/// <summary>An operations request on <c>Project</c> answered <c>success:false</c>.</summary>
public sealed class AyonOperationsException : Exception
{
    public AyonOperationsException()
    {
    }

    public AyonOperationsException(string message)
        : base(message)
    {
    }

    public AyonOperationsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AyonOperationsException(string projectName, OperationResult? failed)
        : base(Describe(projectName, failed))
    {
        ProjectName = projectName;
        FailedOperation = failed;
    }

    public string? ProjectName { get; }

    public OperationResult? FailedOperation { get; }

    private static string Describe(string projectName, OperationResult? failed) =>
        failed is null
            ? $"AYON operations on project '{projectName}' failed without a failed operation in the answer."
            : $"AYON operation {failed.Type} {failed.EntityType} {failed.EntityId} (operation id {failed.Id}) on project '{projectName}' failed with {failed.Status} {failed.ErrorCode}: {failed.Detail}";
}

/// <summary>Answer of <c>POST /api/projects/{p}/operations/background</c> and of its status poll.</summary>
public sealed record BackgroundOperationsStatus
{
    public required string Id { get; init; }

    /// <summary>pending, in_progress or completed.</summary>
    public required string Status { get; init; }

    public int Progress { get; init; }
    public OperationsResponse? Result { get; init; }
}
