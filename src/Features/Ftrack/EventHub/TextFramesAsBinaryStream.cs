namespace AyonFtrack.Features.Ftrack.EventHub;

/// <summary>
/// The plaintext stream of the hub's WebSocket connection (after TLS), with every text frame the server sends relabelled
/// as a binary frame on the way in (RFC 6455 §5.2: opcode 0x1 → 0x2); the HTTP upgrade response before the frames and
/// everything written pass through unchanged.
/// </summary>
/// <remarks>
/// .NET's WebSocket checks that a text message is valid UTF-8 and closes the whole connection when one is not, so one
/// bad frame would cost every event in flight and the reconnect gap. Read as binary, the frame reaches the hub's reader,
/// which decodes it leniently and refuses only that frame. Only frame headers are touched, never payload bytes.
/// </remarks>
internal sealed class TextFramesAsBinaryStream(Stream inner) : Stream
{
    private const byte TextOpcode = 0x1;
    private const byte BinaryOpcode = 0x2;

    private bool _inFrames;
    private int _headerMatch;

    // Frame header parsing state: bytes of the current header still expected, and payload bytes still to pass.
    private int _headerIndex;
    private int _headerLength = 2;
    private byte _lengthCode;
    private bool _masked;
    private ulong _extendedLength;
    private ulong _payloadLeft;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Relabel(buffer.AsSpan(offset, read));
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Relabel(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Relabel(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Walks the bytes just read: past the HTTP response head, then frame by frame, rewriting text opcodes.</summary>
    internal void Relabel(Span<byte> bytes)
    {
        var index = 0;
        while (index < bytes.Length)
        {
            if (!_inFrames)
            {
                // The upgrade response ends with an empty line; frames follow it.
                var b = bytes[index++];
                _headerMatch = b == (_headerMatch % 2 == 0 ? (byte)'\r' : (byte)'\n') ? _headerMatch + 1 : (b == '\r' ? 1 : 0);
                _inFrames = _headerMatch == 4;
                continue;
            }

            if (_payloadLeft > 0)
            {
                var skip = (int)Math.Min(_payloadLeft, (ulong)(bytes.Length - index));
                index += skip;
                _payloadLeft -= (ulong)skip;
                continue;
            }

            ReadHeaderByte(ref bytes[index++]);
        }
    }

    private void ReadHeaderByte(ref byte value)
    {
        switch (_headerIndex)
        {
            case 0:
                if ((value & 0x0F) == TextOpcode)
                {
                    value = (byte)((value & 0xF0) | BinaryOpcode);
                }

                break;
            case 1:
                _masked = (value & 0x80) != 0;
                _lengthCode = (byte)(value & 0x7F);
                _extendedLength = 0;
                _headerLength = 2 + (_lengthCode == 126 ? 2 : _lengthCode == 127 ? 8 : 0) + (_masked ? 4 : 0);
                break;
            default:
                var extendedBytes = _lengthCode == 126 ? 2 : _lengthCode == 127 ? 8 : 0;
                if (_headerIndex < 2 + extendedBytes)
                {
                    _extendedLength = (_extendedLength << 8) | value;
                }

                break;
        }

        _headerIndex++;
        if (_headerIndex >= 2 && _headerIndex == _headerLength)
        {
            _payloadLeft = _lengthCode switch
            {
                126 or 127 => _extendedLength,
                _ => _lengthCode,
            };
            _headerIndex = 0;
            _headerLength = 2;
        }
    }
}
