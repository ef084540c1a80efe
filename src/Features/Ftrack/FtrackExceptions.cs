namespace AyonFtrack.Features.Ftrack;

/// <summary>
/// ftrack rejected a request. Carries the server's exception name and message (ftrack-protocol.md §1.3);
/// never the API key.
/// </summary>
public class FtrackServerException : Exception
{
    public FtrackServerException()
    {
        ExceptionName = "";
        ServerMessage = "";
    }

    public FtrackServerException(string message)
        : base(message)
    {
        ExceptionName = "";
        ServerMessage = message;
    }

    public FtrackServerException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExceptionName = "";
        ServerMessage = message;
    }

    public FtrackServerException(string exceptionName, string serverMessage, string? errorCode, int statusCode)
        : base($"ftrack server reported {exceptionName}: {serverMessage}")
    {
        ExceptionName = exceptionName;
        ServerMessage = serverMessage;
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    /// <summary>The server's exception class name, e.g. <c>ValidationError</c>.</summary>
    public string ExceptionName { get; }

    /// <summary>The server's human message (<c>content</c>).</summary>
    public string ServerMessage { get; }

    /// <summary>The server's <c>error_code</c>, when given.</summary>
    public string? ErrorCode { get; }

    /// <summary>The HTTP status the error came with (200 in non-strict mode).</summary>
    public int StatusCode { get; }
}

/// <summary>The ftrack user or API key was rejected (<c>InvalidCredentialsError</c>, <c>api_credentials_invalid</c>, HTTP 401).</summary>
public sealed class FtrackAuthenticationException : FtrackServerException
{
    public FtrackAuthenticationException()
    {
    }

    public FtrackAuthenticationException(string message)
        : base(message)
    {
    }

    public FtrackAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FtrackAuthenticationException(string exceptionName, string serverMessage, string? errorCode, int statusCode)
        : base(exceptionName, serverMessage, errorCode, statusCode)
    {
    }
}

/// <summary>ftrack refused the data (<c>ValidationError</c>): wrong value type, missing or immutable attribute, unknown attribute.</summary>
public sealed class FtrackValidationException : FtrackServerException
{
    public FtrackValidationException()
    {
    }

    public FtrackValidationException(string message)
        : base(message)
    {
    }

    public FtrackValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FtrackValidationException(string exceptionName, string serverMessage, string? errorCode, int statusCode)
        : base(exceptionName, serverMessage, errorCode, statusCode)
    {
    }
}

/// <summary>The API user may not do this (<c>PermissionError</c>).</summary>
public sealed class FtrackPermissionException : FtrackServerException
{
    public FtrackPermissionException()
    {
    }

    public FtrackPermissionException(string message)
        : base(message)
    {
    }

    public FtrackPermissionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FtrackPermissionException(string exceptionName, string serverMessage, string? errorCode, int statusCode)
        : base(exceptionName, serverMessage, errorCode, statusCode)
    {
    }
}

/// <summary>The server's answer could not be read (not JSON, wrong shape, wrong length, unexpected HTTP status).</summary>
public sealed class FtrackProtocolException : Exception
{
    public FtrackProtocolException()
    {
    }

    public FtrackProtocolException(string message)
        : base(message)
    {
    }

    public FtrackProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A query that must return exactly one row returned none or several.</summary>
public sealed class FtrackQueryResultException : Exception
{
    public FtrackQueryResultException()
    {
    }

    public FtrackQueryResultException(string message)
        : base(message)
    {
    }

    public FtrackQueryResultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
