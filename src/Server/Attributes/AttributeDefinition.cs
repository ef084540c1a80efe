namespace AyonFtrack.Server.Attributes;

/// <summary>
/// An AYON attribute as the addon declares it (the <c>AttributeModel</c> of <c>/api/attributes</c>):
/// <see cref="Name"/> is the attribute key, <see cref="Type"/> the AYON data type
/// (<c>string</c>, <c>integer</c>, ...), <see cref="Scope"/> the entity types that carry it and
/// <see cref="Inherit"/> whether children inherit the value.
/// </summary>
public sealed record AttributeDefinition(
    string Name,
    string Title,
    string Type,
    IReadOnlyList<string> Scope,
    bool Inherit,
    string? Description = null)
{
    /// <summary>True when <paramref name="entityType"/> (for example <c>folder</c>) is in <see cref="Scope"/>.</summary>
    public bool AppliesTo(string entityType) => Scope.Contains(entityType, StringComparer.Ordinal);

    /// <summary>
    /// True when an attribute that already exists on the server (its scope, type and inherit flag) satisfies this
    /// definition: same type and inherit flag, and a scope that holds at least every entity type declared here.
    /// The original setup compares the scope only; a changed type or inherit flag is repaired here as well.
    /// </summary>
    public bool IsSatisfiedBy(string existingType, IEnumerable<string> existingScope, bool existingInherit)
    {
        ArgumentNullException.ThrowIfNull(existingScope);
        var scope = existingScope.ToHashSet(StringComparer.Ordinal);
        return string.Equals(existingType, Type, StringComparison.Ordinal)
            && existingInherit == Inherit
            && Scope.All(scope.Contains);
    }

    /// <summary>Value equality over the scope items as well as the scalar members.</summary>
    public bool Equals(AttributeDefinition? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Title, other.Title, StringComparison.Ordinal)
        && string.Equals(Type, other.Type, StringComparison.Ordinal)
        && Inherit == other.Inherit
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Scope.SequenceEqual(other.Scope, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        hash.Add(Type, StringComparer.Ordinal);
        hash.Add(Inherit);
        foreach (var item in Scope)
        {
            hash.Add(item, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
