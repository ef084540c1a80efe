using System.Text.Json;
using System.Text.Json.Serialization;

namespace AyonFtrack.Features.Ayon;

/// <summary>JSON settings of the AYON client: camelCase, nulls not written, case-insensitive reads.</summary>
public static class AyonJson
{
    /// <summary>The options the Refit client and the extensions use.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
