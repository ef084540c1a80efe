namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// Where and as whom the service talks to ftrack. The key never leaves this record through
/// <see cref="ToString"/>: logs and exceptions may print the record, never the secret.
/// </summary>
public sealed record FtrackCredentials(Uri ServerUrl, string ApiUser, string ApiKey)
{
    /// <inheritdoc />
    public override string ToString() => $"ftrack {ServerUrl} as {ApiUser}";

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("ServerUrl = ").Append(ServerUrl).Append(", ApiUser = ").Append(ApiUser).Append(", ApiKey = ***");
        return true;
    }
}

/// <summary>
/// The ftrack credentials of this process. They are known only at run time: a service resolves them
/// from the addon settings and AYON secrets (or from local configuration) and then calls <see cref="Use"/>.
/// The REST session and the event hub read them from here for every connection they open.
/// </summary>
public sealed class FtrackConnection
{
    private volatile FtrackCredentials? _current;

    /// <summary>
    /// Identifies this process to ftrack (header <c>ftrack-clienttoken</c>); the server copies it into
    /// <c>data.clientToken</c> and <c>source.id</c> of the <c>ftrack.update</c> events it generates for our changes.
    /// </summary>
    public string ClientToken { get; } = Guid.NewGuid().ToString();

    /// <summary>The credentials in use, or null before they are resolved.</summary>
    public FtrackCredentials? Current => _current;

    /// <summary>The credentials in use; throws a readable error before they are resolved.</summary>
    public FtrackCredentials Required =>
        _current ?? throw new InvalidOperationException("ftrack credentials are not resolved yet: the service has not read its addon settings.");

    /// <summary>Sets (or replaces) the credentials used by every later request and hub connection.</summary>
    public void Use(FtrackCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _current = credentials;
    }
}
