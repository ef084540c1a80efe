namespace AyonFtrack.Features.Ftrack.EventHub.Expressions;

/// <summary>An ftrack event expression (subscription or target) that does not parse; the message names the expression.</summary>
public sealed class FtrackExpressionException : FormatException
{
    public FtrackExpressionException()
        : this("Invalid ftrack expression.", "")
    {
    }

    public FtrackExpressionException(string message)
        : this(message, "")
    {
    }

    public FtrackExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Expression = "";
    }

    public FtrackExpressionException(string message, string expression)
        : base(message)
    {
        Expression = expression;
    }

    /// <summary>The expression that failed to parse.</summary>
    public string Expression { get; }
}
