using System.Buffers.Binary;

namespace Tchek.Events.Benchmarks.Guard;

/// <summary>Totals of a <see cref="WireCounts"/> at one moment; subtract two for a window.</summary>
internal readonly record struct WireTotals(long Statements, long RoundTrips, long Connections, long Unreadable)
{
    public static WireTotals operator -(WireTotals after, WireTotals before) => new(
        after.Statements - before.Statements,
        after.RoundTrips - before.RoundTrips,
        after.Connections - before.Connections,
        after.Unreadable - before.Unreadable);
}

/// <summary>
/// What PostgreSQL connections carried, read from the protocol's messages (not timed, so the same work
/// gives the same counts on any machine):
/// <list type="bullet">
/// <item>statements: each Execute of the extended protocol, and each simple Query (Npgsql sends BEGIN,
/// COMMIT and the pool's reset that way);</item>
/// <item>round trips: each time a client begins a message after every request it had sent was answered
/// (a request ends with Sync or a simple Query and is answered by ReadyForQuery), so messages pipelined
/// in one write are one round trip (<see cref="WireProxy"/> hands over what a socket holds at once);</item>
/// <item>connections: each startup that reached ReadyForQuery (its own handshake is not a round trip);</item>
/// <item>unreadable: conversations whose bytes were not the protocol (counting stopped there).</item>
/// </list>
/// Each connection is fed through its own <see cref="Conversation"/>, both directions in the order the
/// bytes crossed: what the client sent before it is forwarded, what the server sent before it is.
/// </summary>
internal sealed class WireCounts
{
    private long _statements;
    private long _roundTrips;
    private long _connections;
    private long _unreadable;

    public WireTotals Read() => new(
        Interlocked.Read(ref _statements), Interlocked.Read(ref _roundTrips), Interlocked.Read(ref _connections), Interlocked.Read(ref _unreadable));

    /// <summary>A new connection's conversation, starting with the client's startup message.</summary>
    public Conversation Open() => new(this);

    /// <summary>One connection: the client's messages and the server's, each split from whatever chunks TCP delivers.</summary>
    internal sealed class Conversation
    {
        private readonly WireCounts _counts;
        private readonly Splitter _client = new(untypedFirst: true);
        private readonly Splitter _server = new(untypedFirst: false);
        private readonly Lock _lock = new();
        private bool _ready;
        private bool _requestOpen;
        private int _awaiting;
        private bool _broken;

        public Conversation(WireCounts counts) => _counts = counts;

        public void FromClient(ReadOnlySpan<byte> bytes)
        {
            lock (_lock)
            {
                Feed(_client, bytes, fromClient: true);
            }
        }

        public void FromServer(ReadOnlySpan<byte> bytes)
        {
            lock (_lock)
            {
                Feed(_server, bytes, fromClient: false);
            }
        }

        private void Feed(Splitter splitter, ReadOnlySpan<byte> bytes, bool fromClient)
        {
            var offset = 0;
            while (!_broken && offset < bytes.Length)
            {
                var (consumed, type, valid) = splitter.Next(bytes[offset..]);
                offset += consumed;
                if (!valid)
                {
                    _broken = true;
                    Interlocked.Increment(ref _counts._unreadable);
                }
                else if (type is { } message)
                {
                    if (fromClient)
                    {
                        Client(message);
                    }
                    else
                    {
                        Server(message);
                    }
                }
            }
        }

        private void Client(byte type)
        {
            // Before ReadyForQuery: the startup and the password exchange. Terminate ends the connection.
            if (!_ready || type == (byte)'X')
            {
                return;
            }

            if (!_requestOpen && _awaiting == 0)
            {
                Interlocked.Increment(ref _counts._roundTrips);
            }

            _requestOpen = true;
            if (type is (byte)'E' or (byte)'Q')
            {
                Interlocked.Increment(ref _counts._statements);
            }

            if (type is (byte)'S' or (byte)'Q')
            {
                _requestOpen = false;
                _awaiting++;
            }
        }

        private void Server(byte type)
        {
            if (type != (byte)'Z')
            {
                return;
            }

            if (!_ready)
            {
                _ready = true;
                Interlocked.Increment(ref _counts._connections);
            }
            else if (_awaiting > 0)
            {
                _awaiting--;
            }
        }
    }

    /// <summary>
    /// Splits one direction into messages: a type byte and a length (which counts itself), then the body;
    /// the client's first message (the startup) has no type byte.
    /// </summary>
    private sealed class Splitter(bool untypedFirst)
    {
        private readonly byte[] _header = new byte[5];
        private int _headerLength;
        private long _bodyLeft;
        private bool _untyped = untypedFirst;

        /// <summary>Consumes from <paramref name="bytes"/>; Type is a message's type as soon as its first byte is read (0 for the startup).</summary>
        public (int Consumed, byte? Type, bool Valid) Next(ReadOnlySpan<byte> bytes)
        {
            if (_bodyLeft > 0)
            {
                var skipped = (int)Math.Min(_bodyLeft, bytes.Length);
                _bodyLeft -= skipped;
                return (skipped, null, true);
            }

            var size = _untyped ? 4 : 5;
            var first = _headerLength == 0;
            var taken = Math.Min(size - _headerLength, bytes.Length);
            bytes[..taken].CopyTo(_header.AsSpan(_headerLength));
            _headerLength += taken;
            byte? type = first && !_untyped ? _header[0] : null;
            if (_headerLength < size)
            {
                return (taken, type, true);
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(size - 4, 4));
            _headerLength = 0;
            _bodyLeft = length - 4;
            if (_untyped)
            {
                _untyped = false;
                type = 0;
            }

            return (taken, type, length >= 4);
        }
    }
}
