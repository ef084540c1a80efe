using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace AyonFtrack.Chaos.Tests;

/// <summary>
/// Issue 14, hub half of the chaos suite: CsCheck-generated hostile frames (random bytes and invalid UTF-8 inside
/// strings, lone surrogate escapes in any field, cut frames, odd id/topic types, deep nesting) injected on the ftrack
/// hub between real events, into the real leecher process. Seeded and bounded.
/// </summary>
public sealed class HubHostileFrameChaosTests
{
    private const int Frames = 60;

    /// <summary>One hostile mutation of an ftrack event frame; the frame is built around a unique id.</summary>
    private sealed record Hostile(int Kind, byte[] Bytes, int Number, string Text);

    private static readonly Gen<Hostile> HostileGen =
        Gen.Select(Gen.Int[0, 5], Gen.Byte.Array[1, 48], Gen.Int[0, 100_000], Gen.String[0, 24], (kind, bytes, number, text) => new Hostile(kind, bytes, number, text));

    private static byte[] Build(Hostile hostile, string id)
    {
        var surrogate = "\\u" + (0xD800 + (hostile.Number % 0x800)).ToString("x4", CultureInfo.InvariantCulture);
        string Event(string idJson, string topicJson, string name, string user) =>
            "5:::{\"name\":\"ftrack.event\",\"args\":[{\"id\":" + idJson + ",\"topic\":" + topicJson + ",\"data\":{\"name\":\"" + name + "\"},\"source\":{\"user\":{\"username\":\"" + user + "\"}},\"target\":\"\"}]}";
        var good = Event($"\"{id}\"", "\"ftrack.update\"", "n", "u");
        switch (hostile.Kind)
        {
            case 0:
                {
                    // Random bytes (invalid UTF-8, quotes, backslashes, controls) inside the data string.
                    var head = Encoding.UTF8.GetBytes(Event($"\"{id}\"", "\"ftrack.update\"", "", "u"));
                    var at = Encoding.UTF8.GetByteCount(Event($"\"{id}\"", "\"ftrack.update\"", "", "u")[..^(("\"},\"source\":{\"user\":{\"username\":\"u\"}},\"target\":\"\"}]}").Length)]);
                    return [.. head[..at], .. hostile.Bytes, .. head[at..]];
                }

            case 1:
                {
                    // A lone surrogate escape in the id, the topic, the data or the username.
                    return Encoding.UTF8.GetBytes((hostile.Number % 4) switch
                    {
                        0 => Event($"\"{id}{surrogate}\"", "\"ftrack.update\"", "n", "u"),
                        1 => Event($"\"{id}\"", $"\"ftrack.{surrogate}\"", "n", "u"),
                        2 => Event($"\"{id}\"", "\"ftrack.update\"", "cut " + surrogate, "u"),
                        _ => Event($"\"{id}\"", "\"ftrack.update\"", "n", "user" + surrogate),
                    });
                }

            case 2:
                {
                    // The frame cut anywhere after its packet header.
                    var bytes = Encoding.UTF8.GetBytes(good);
                    return bytes[..(5 + (hostile.Number % (bytes.Length - 6)))];
                }

            case 3:
                {
                    // Odd types for the id or the topic.
                    string[] odd = ["12345", "null", "true", "[]", "{}", "\"\"", "1.5e300"];
                    var value = odd[hostile.Number % odd.Length];
                    return Encoding.UTF8.GetBytes(hostile.Number % 2 == 0 ? Event(value, "\"ftrack.update\"", "n", "u") : Event($"\"{id}\"", value, "n", "u"));
                }

            case 4:
                {
                    // Nesting far deeper than any reader allows, inside the data.
                    var depth = 300 + (hostile.Number % 3000);
                    return Encoding.UTF8.GetBytes(good.Replace("\"data\":{\"name\":\"n\"}", "\"data\":" + new string('[', depth) + new string(']', depth), StringComparison.Ordinal));
                }

            default:
                {
                    // A generated topic: valid or not, whatever it is, it is either stored or refused, never lost.
                    return Encoding.UTF8.GetBytes(Event($"\"{id}\"", new JsonArray(hostile.Text).ToJsonString()[1..^1], "n", "u"));
                }
        }
    }

    [Fact]
    public async Task Hub_SixtySeededHostileFramesAmongRealEvents_NoRealEventLostOrDoubledEveryFrameAccountedForOneConnection()
    {
        var pcg = new PCG(14, 20_261_206);
        var hostile = Enumerable.Range(0, Frames).Select(_ => HostileGen.Generate(pcg, null, out Size _)).ToList();

        await using var world = await LeecherChaosWorld.StartAsync();
        var leecher = world.StartLeecher();
        await leecher.WaitForLineAsync("Hub connect #1: leecher-started marker stored", "the leecher ready");

        var real = new List<string>();
        var hostileIds = new List<string>();
        for (var n = 0; n < Frames; n++)
        {
            real.Add(world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["n"] = n }));
            var id = $"hostile-{n:D3}-{Guid.NewGuid():N}";
            hostileIds.Add(id);
            world.Hub.SendRawBytesToAll(Build(hostile[n], id)).ShouldBe(1);
        }

        real.Add(world.Hub.PublishAsWebClient("ftrack.update", new JsonObject { ["n"] = Frames }));
        await LeecherChaosWorld.WaitUntilAsync(
            async () => (await world.StoredAsync()).Count(e => real.Contains(e.Hash)) == real.Count,
            "every real event stored",
            async () => $"stored {(await world.StoredAsync()).Count}; leecher said:\n{string.Join('\n', leecher.Lines.TakeLast(20))}");
        await LeecherChaosWorld.WaitUntilAsync(
            async () => (await world.StoredAsync()).Count(e => !real.Contains(e.Hash)) + (await world.DeadLettersAsync()).Count >= Frames,
            "every hostile frame stored or dead-lettered");

        var stored = await world.StoredAsync();
        stored.Where(e => real.Contains(e.Hash)).Select(e => e.Hash).ShouldBe(real); // none lost, none doubled, in order
        var storedHostile = stored.Where(e => !real.Contains(e.Hash)).ToList();
        storedHostile.Select(e => e.Hash).ShouldBeUnique();
        storedHostile.ShouldAllBe(e => hostileIds.Contains(e.Hash));
        var dead = await world.DeadLettersAsync();
        (storedHostile.Count + dead.Count).ShouldBe(Frames);
        dead.ShouldAllBe(d => d.Reason.Length > 0);
        dead.Count.ShouldBeGreaterThan(Frames / 2); // most of them are refused, not stored
        world.Hub.TotalConnections.ShouldBe(1);
        leecher.HasExited.ShouldBeFalse();
    }
}
