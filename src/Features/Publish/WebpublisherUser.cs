using System.Text.Json.Nodes;
using AyonFtrack.Features.Ftrack;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// PUB-03 <c>CollectWebpublisherCredentials</c>, its ftrack half: the ftrack username of the uploader's e-mail (the
/// plugin has already put the service login from AYON's secrets into the environment). The e-mail is matched
/// case-insensitively and never logged.
/// </summary>
public static class WebpublisherUser
{
    public static async Task<JsonObject> RunAsync(PublishInput input, FtrackSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(session);
        if (string.IsNullOrWhiteSpace(input.UserEmail))
        {
            return new JsonObject { ["username"] = null };
        }

        var user = await session.QueryFirstAsync(
            FtrackQuery.From("User").Select("id", "username").Where(FtrackFilter.Like("email", input.UserEmail.Trim())), cancellationToken)
            ?? throw new PublishStepException("ftrack has no user with the uploader's e-mail; give the uploader an ftrack account with the same e-mail as in AYON");
        return new JsonObject { ["username"] = user.GetString("username") };
    }
}
