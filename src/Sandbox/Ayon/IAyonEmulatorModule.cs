
namespace AyonFtrack.Sandbox.Ayon;

/// <summary>
/// A part of the AYON emulator (events, settings, entities, ...). Every non-abstract implementation in
/// the Sandbox assembly with a parameterless constructor is discovered when the emulator starts, so a new
/// module needs no registration edit. Modules run in <see cref="Order"/> (then type name):
/// <see cref="Initialize"/> once inside a write transaction (create tables, seed rows, register GraphQL
/// fields), then <see cref="Map"/> to add HTTP routes. Routes require authentication unless they call
/// <c>.AllowAnonymous()</c>; endpoints read the caller with <c>httpContext.Ayon()</c>, and may throw
/// <see cref="AyonBadRequestException"/> (400) or <see cref="AyonHttpException"/> (any status).
/// </summary>
public interface IAyonEmulatorModule
{
    /// <summary>Run order; core tables (users, events) exist before any module runs.</summary>
    int Order => 100;

    /// <summary>Creates the module's tables and seeds, registers GraphQL fields.</summary>
    void Initialize(AyonEmulator emulator, AyonDb db);

    /// <summary>Maps the module's HTTP routes.</summary>
    void Map(IEndpointRouteBuilder routes, AyonEmulator emulator);
}
