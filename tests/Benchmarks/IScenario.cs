namespace AyonFtrack.Benchmarks;

/// <summary>One benchmark scenario: starts what it needs on loopback, drives it, stops it, and returns its figures.</summary>
public interface IScenario
{
    /// <summary>The name given to build/bench.sh.</summary>
    string Name { get; }

    /// <summary>What the scenario measures, for the listing.</summary>
    string Description { get; }

    /// <summary>Runs the scenario with <paramref name="events"/> events (or its default when null).</summary>
    Task<BenchResult> RunAsync(int? events, CancellationToken cancellationToken);
}
