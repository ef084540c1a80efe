using System.Text;
using System.Text.Json.Serialization;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// <c>service_settings</c> (studio scope): the names of the AYON secrets that hold the ftrack user name and
/// API key of the services. If no secret has the name, the original uses the value literally, so
/// <see cref="ApiKey"/> may hold a real key: it is never printed.
/// </summary>
public sealed record ServiceSettings
{
    [JsonPropertyName("username")]
    public string Username { get; init; } = "";

    [JsonPropertyName("api_key")]
    public string ApiKey { get; init; } = "";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Username = ").Append(Username)
            .Append(", ApiKey = ").Append(ApiKey.Length == 0 ? "<empty>" : "<hidden>");
        return true;
    }
}
