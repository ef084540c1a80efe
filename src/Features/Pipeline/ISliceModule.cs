namespace AyonFtrack.Features.Pipeline;

/// <summary>
/// One area's (or one integrator's) list of routes. The host calls <see cref="Map"/> once per module;
/// the map keeps only the routes of the running mode and registers only their handlers.
/// Integrators implement this in their own assembly (DESIGN.md §5); a public parameterless constructor is required.
/// </summary>
public interface ISliceModule
{
    /// <summary>Declares this module's routes on <paramref name="map"/>.</summary>
    void Map(SliceMap map);
}
