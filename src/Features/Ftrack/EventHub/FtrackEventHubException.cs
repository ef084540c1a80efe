namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>A failure talking to the ftrack event hub (handshake, upgrade, lost connection, refused subscription, missing reply).</summary>
public sealed class FtrackEventHubException : Exception
{
    public FtrackEventHubException()
    {
    }

    public FtrackEventHubException(string message)
        : base(message)
    {
    }

    public FtrackEventHubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
