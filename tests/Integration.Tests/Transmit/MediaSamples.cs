using System.Buffers.Binary;
using System.Text;

namespace AyonFtrack.Integration.Tests.Transmit;

/// <summary>Tiny media files with real headers (PNG IHDR, JPEG SOF0, MP4 boxes), enough for a media probe.</summary>
internal static class MediaSamples
{
    /// <summary>A PNG signature and IHDR chunk of the given size.</summary>
    public static byte[] Png(int width, int height)
    {
        var bytes = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        bytes.AddRange(U32(13));
        bytes.AddRange("IHDR"u8.ToArray());
        bytes.AddRange(U32((uint)width));
        bytes.AddRange(U32((uint)height));
        bytes.AddRange([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        return [.. bytes];
    }

    /// <summary>A JPEG SOI, an APP0 segment and a baseline SOF0 of the given size.</summary>
    public static byte[] Jpeg(int width, int height) =>
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46,
        0xFF, 0xC0, 0x00, 0x0B, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x01, 0x01, 0x11, 0x00,
        0xFF, 0xD9,
    ];

    /// <summary>An MP4 (isom) with one h264 video track: <paramref name="frames"/> frames at <paramref name="fps"/>.</summary>
    public static byte[] Mp4(int width, int height, int fps, int frames)
    {
        const uint timeScale = 24000;
        var delta = timeScale / (uint)fps;
        var tkhd = Full(0, [.. new byte[20], .. new byte[8], .. new byte[8], .. new byte[36], .. U32((uint)width << 16), .. U32((uint)height << 16)]);
        var mdhd = Full(0, [.. new byte[8], .. U32(timeScale), .. U32(delta * (uint)frames), 0, 0, 0, 0]);
        var hdlr = Full(0, [.. new byte[4], .. "vide"u8.ToArray(), .. new byte[12], 0]);
        var stsd = Full(0, [.. U32(1), .. Box("avc1", new byte[78])]);
        var stts = Full(0, [.. U32(1), .. U32((uint)frames), .. U32(delta)]);
        var stbl = Box("stbl", [.. Box("stsd", stsd), .. Box("stts", stts)]);
        var trak = Box("trak", [.. Box("tkhd", tkhd), .. Box("mdia", [.. Box("mdhd", mdhd), .. Box("hdlr", hdlr), .. Box("minf", stbl)])]);
        var moov = Box("moov", [.. Box("mvhd", Full(0, [.. new byte[8], .. U32(1000), .. U32((uint)(frames * 1000 / fps)), .. new byte[80]])), .. trak]);
        return [.. Box("ftyp", [.. "isom"u8.ToArray(), 0, 0, 2, 0, .. "isomavc1"u8.ToArray()]), .. moov, .. Box("mdat", [0, 0, 0, 0])];
    }

    private static byte[] Full(byte version, byte[] body) => [version, 0, 0, 0, .. body];

    private static byte[] Box(string type, byte[] body) => [.. U32((uint)(body.Length + 8)), .. Encoding.ASCII.GetBytes(type), .. body];

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
