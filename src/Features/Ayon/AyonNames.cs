using System.Text.RegularExpressions;

namespace AyonFtrack.Features.Ayon;

/// <summary>The name patterns the AYON server enforces (ayon-protocol.md §0).</summary>
public static partial class AyonNames
{
    /// <summary>Entity names, and the values of <c>x-sender</c> / <c>x-sender-type</c>.</summary>
    public const string EntityNamePattern = @"^[a-zA-Z0-9_]([a-zA-Z0-9_\.\-]*[a-zA-Z0-9_])?$";

    /// <summary>Event topics (<c>*</c> allowed in patterns).</summary>
    public const string TopicPattern = @"^[a-zA-Z][a-zA-Z0-9_\.\*]{2,64}$";

    /// <summary>Attribute names.</summary>
    public const string AttributeNamePattern = "^[a-zA-Z0-9]{2,64}$";

    /// <summary>Entity and event ids: 32 lowercase hex characters.</summary>
    public const string IdPattern = "^[0-9a-f]{32}$";

    [GeneratedRegex(EntityNamePattern)]
    public static partial Regex EntityName();

    [GeneratedRegex(TopicPattern)]
    public static partial Regex Topic();

    [GeneratedRegex(AttributeNamePattern)]
    public static partial Regex AttributeName();

    [GeneratedRegex(IdPattern)]
    public static partial Regex Id();
}
