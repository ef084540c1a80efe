using System.Text;
using System.Text.Json.Serialization;
using AyonFtrack.Server.Settings.Ui;

namespace AyonFtrack.Server.Settings;

/// <summary>
/// <c>service_settings</c> (studio scope): the names of the AYON secrets that hold the ftrack user name and
/// API key of the services. If no secret has the name, the original uses the value literally, so
/// <see cref="ApiKey"/> may hold a real key: it is never printed.
/// </summary>
[SettingsModel(Description = "The ftrack user the services listen and write as: names of the AYON secrets holding its user name and API key. A dedicated user makes the services' changes easy to tell apart.")]
public sealed record ServiceSettings
{
    [Setting("ftrack user name", EnumResolver = SettingsEnums.Secrets)]
    [JsonPropertyName("username")]
    public string Username { get; init; } = "";

    [Setting("ftrack API key", EnumResolver = SettingsEnums.Secrets)]
    [JsonPropertyName("api_key")]
    public string ApiKey { get; init; } = "";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Username = ").Append(Username)
            .Append(", ApiKey = ").Append(ApiKey.Length == 0 ? "<empty>" : "<hidden>");
        return true;
    }
}
