using System.Reflection;
using Microsoft.Extensions.Logging;

namespace AyonFtrack.Host.Tests.Architecture;

/// <summary>
/// Every <c>[LoggerMessage]</c> of the services has an event id of its own (STYLE §2.6: each area owns a block), so a log
/// line's id names one message, whichever project it is written in.
/// </summary>
public sealed class LoggerEventIdTests
{
    [Fact]
    public void LoggerMessages_FeaturesAndHost_EveryEventIdIsUsedOnce()
    {
        Assembly[] assemblies = [typeof(Features.Pipeline.SliceDispatcher).Assembly, typeof(Composition).Assembly];
        var messages = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: $"{m.DeclaringType!.FullName}.{m.Name}", Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        var collisions = messages
            .GroupBy(m => m.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();

        messages.Count.ShouldBeGreaterThan(100);
        collisions.ShouldBeEmpty();
    }
}
