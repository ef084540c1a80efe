using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace AyonFtrack.Sandbox.Ayon.Entities;

/// <summary>
/// The emulator's stand-in for the server's ffprobe media info of an uploaded reviewable: the same keys
/// (<c>probeVersion, majorBrand, videoTrackIndex, width, height, pixelFormat, frameRate, duration, codec, iframeOnly</c>),
/// read from PNG and JPEG headers and from the ISO-BMFF boxes of MP4/MOV files (ftyp, tkhd, mdhd, hdlr, stsd, stts).
/// Anything else yields null, as ffprobe failing does (the server then refuses the upload).
/// </summary>
internal static class MediaProbe
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The media info of <paramref name="bytes"/>, or null when the format is not recognised.</summary>
    public static JsonObject? Probe(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual(PngSignature) && Encoding.ASCII.GetString(bytes.Slice(12, 4)) == "IHDR")
        {
            return Image("png", BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.Slice(20, 4)));
        }

        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            return Jpeg(bytes);
        }

        return bytes.Length >= 8 && Encoding.ASCII.GetString(bytes.Slice(4, 4)) == "ftyp" ? Mp4(bytes) : null;
    }

    private static JsonObject Image(string codec, int width, int height) => new()
    {
        ["probeVersion"] = 1,
        ["majorBrand"] = null,
        ["videoTrackIndex"] = 0,
        ["width"] = width,
        ["height"] = height,
        ["pixelFormat"] = null,
        ["frameRate"] = 25.0,
        ["duration"] = 0.0,
        ["codec"] = codec,
        ["iframeOnly"] = true,
    };

    private static JsonObject? Jpeg(ReadOnlySpan<byte> bytes)
    {
        var i = 2;
        while (i + 9 < bytes.Length)
        {
            if (bytes[i] != 0xFF)
            {
                return null;
            }

            var marker = bytes[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(i + 2, 2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return Image("mjpeg", BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(i + 7, 2)), BinaryPrimitives.ReadUInt16BigEndian(bytes.Slice(i + 5, 2)));
            }

            i += 2 + length;
        }

        return null;
    }

    private sealed class Track
    {
        public int Index { get; set; }
        public string? Handler { get; set; }
        public double Width { get; set; }
        public double Height { get; set; }
        public long TimeScale { get; set; }
        public long Duration { get; set; }
        public long SampleDelta { get; set; }
        public string? SampleEntry { get; set; }
    }

    private static JsonObject? Mp4(ReadOnlySpan<byte> bytes)
    {
        string? brand = null;
        var tracks = new List<Track>();
        Walk(bytes, tracks, null, ref brand);
        var video = tracks.FirstOrDefault(t => t.Handler == "vide");
        if (video is null || video.TimeScale <= 0)
        {
            return null;
        }

        return new JsonObject
        {
            ["probeVersion"] = 1,
            ["majorBrand"] = brand,
            ["videoTrackIndex"] = video.Index,
            ["width"] = (int)video.Width,
            ["height"] = (int)video.Height,
            ["pixelFormat"] = null,
            ["frameRate"] = video.SampleDelta > 0 ? (double)video.TimeScale / video.SampleDelta : 0.0,
            ["duration"] = (double)video.Duration / video.TimeScale,
            ["codec"] = video.SampleEntry switch
            {
                "avc1" or "avc3" => "h264",
                "hvc1" or "hev1" => "hevc",
                "vp09" => "vp9",
                "mp4v" => "mpeg4",
                "apch" or "apcn" or "apcs" or "apco" or "ap4h" => "prores",
                null => null,
                var other => other,
            },
            ["iframeOnly"] = false,
        };
    }

    private static void Walk(ReadOnlySpan<byte> data, List<Track> tracks, Track? track, ref string? brand)
    {
        var offset = 0;
        while (offset + 8 <= data.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(offset, 4));
            var type = Encoding.ASCII.GetString(data.Slice(offset + 4, 4));
            var header = 8;
            if (size == 1 && offset + 16 <= data.Length)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(data.Slice(offset + 8, 8));
                header = 16;
            }
            else if (size == 0)
            {
                size = data.Length - offset;
            }

            if (size < header || offset + size > data.Length)
            {
                return;
            }

            var body = data.Slice(offset + header, (int)size - header);
            switch (type)
            {
                case "ftyp" when body.Length >= 4:
                    brand = Encoding.ASCII.GetString(body[..4]).Trim();
                    break;
                case "moov" or "mdia" or "minf" or "stbl":
                    Walk(body, tracks, track, ref brand);
                    break;
                case "trak":
                    var added = new Track { Index = tracks.Count };
                    tracks.Add(added);
                    Walk(body, tracks, added, ref brand);
                    break;
                case "tkhd" when track is not null && body.Length > 0:
                    var widthAt = body[0] == 1 ? 88 : 76;
                    if (body.Length >= widthAt + 8)
                    {
                        track.Width = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(widthAt, 4)) / 65536.0;
                        track.Height = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(widthAt + 4, 4)) / 65536.0;
                    }

                    break;
                case "mdhd" when track is not null && body.Length > 0:
                    if (body[0] == 1 && body.Length >= 32)
                    {
                        track.TimeScale = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(20, 4));
                        track.Duration = (long)BinaryPrimitives.ReadUInt64BigEndian(body.Slice(24, 8));
                    }
                    else if (body.Length >= 20)
                    {
                        track.TimeScale = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(12, 4));
                        track.Duration = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(16, 4));
                    }

                    break;
                case "hdlr" when track is not null && body.Length >= 12:
                    track.Handler = Encoding.ASCII.GetString(body.Slice(8, 4));
                    break;
                case "stsd" when track is not null && body.Length >= 16:
                    track.SampleEntry = Encoding.ASCII.GetString(body.Slice(12, 4));
                    break;
                case "stts" when track is not null && body.Length >= 16:
                    track.SampleDelta = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(12, 4));
                    break;
            }

            offset += (int)size;
        }
    }
}
