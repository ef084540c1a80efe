namespace AyonFtrack.Sandbox.Ayon;

/// <summary>How to start an <see cref="AyonEmulator"/>.</summary>
public sealed record AyonEmulatorOptions
{
    /// <summary>The address the emulator binds; always loopback.</summary>
    public const string Host = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free port (read it back from <see cref="AyonEmulator.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>SQLite file keeping the state across restarts; null keeps it in memory.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>The emulator's clock for event timestamps and windows (tests pass a fake to age events).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Name of the service user created at start; its key is <see cref="AyonEmulator.ServiceApiKey"/>.</summary>
    public string ServiceUserName { get; init; } = "service";

    /// <summary>API key of the service user; a random one when null.</summary>
    public string? ServiceApiKey { get; init; }

    /// <summary>Pre-seed the ftrack attributes <c>ftrackId</c> and <c>ftrackPath</c> (the ftrack addon guarantees them).</summary>
    public bool SeedFtrackAttributes { get; init; } = true;

    /// <summary>
    /// Test knob: every enroll that starts its walk at a cursor (<see cref="AyonEnrollCursors"/>) also runs the plain walk
    /// from the start and fails with a 500 when the two read different rows.
    /// </summary>
    internal bool CheckEnrollCursors { get; init; }

    /// <summary>The server version reported by <c>/api/info</c>.</summary>
    public string ServerVersion { get; init; } = "1.16.0";
}
