using System.Text.Json.Nodes;
using AyonFtrack.Server.Settings;

namespace AyonFtrack.Features.Publish;

/// <summary>
/// PUB-04 <c>CollectFtrackFamily</c>: whether an instance goes to ftrack. The profile is picked by host, product base
/// type (else product type) and task name; in its advanced filtering the matching filter with the most families wins.
/// </summary>
public static class CollectFamily
{
    /// <summary>True when the instance gets the <c>ftrack</c> family.</summary>
    public static bool Decide(string hostName, PublishInstance instance, CollectFtrackFamilySettings settings)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(settings);
        var baseType = instance.BaseType;
        var profile = ProfileFilter.Best(settings.Profiles,
        [
            (p => p.HostNames, hostName),
            (p => p.ProductBaseTypes, baseType),
            (p => p.TaskNames, instance.Task),
        ]);
        if (profile is null)
        {
            return false;
        }

        var add = profile.AddFtrackFamily;
        var families = new HashSet<string>(instance.Families, StringComparer.Ordinal);
        if (baseType is not null)
        {
            families.Add(baseType);
        }

        AdvancedFamilyFilter? winner = null;
        foreach (var filter in profile.AdvancedFiltering)
        {
            if (filter.Families.All(families.Contains) && (winner is null || filter.Families.Count > winner.Families.Count))
            {
                winner = filter;
            }
        }

        return winner?.AddFtrackFamily ?? add;
    }

    /// <summary>The step: one decision per instance.</summary>
    public static JsonObject Run(PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = input.ReadSettings().Publish.CollectFtrackFamily;
        var result = new JsonArray();
        foreach (var instance in input.Instances)
        {
            result.Add(new JsonObject { ["label"] = instance.Label, ["addFtrackFamily"] = settings.Enabled && Decide(input.Context.HostName, instance, settings) });
        }

        return new JsonObject { ["instances"] = result };
    }
}
