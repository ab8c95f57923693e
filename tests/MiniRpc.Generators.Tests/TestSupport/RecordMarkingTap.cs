using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using MiniRpc.Transport;

namespace MiniRpc.Generators.Tests.TestSupport;

/// <summary>
/// A TCP relay on 127.0.0.1 between an RPC client and a server that notes, for each record in each direction, the
/// lengths of its fragments (RFC 5531 §11), so that a test can see how a peer split a large message.
/// </summary>
internal sealed class RecordMarkingTap : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Socket> _sockets = new();
    private readonly ConcurrentQueue<Task> _pumps = new();
    private readonly ConcurrentQueue<int[]> _calls = new();
    private readonly ConcurrentQueue<int[]> _replies = new();
    private readonly Task _accepting;

    /// <summary>Listens on a free loopback port and relays every connection to <paramref name="target"/>.</summary>
    public RecordMarkingTap(IPEndPoint target)
    {
        _target = target;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The fragment lengths of each complete record from clients to the server, in arrival order per connection.</summary>
    public IReadOnlyList<int[]> Calls => _calls.ToArray();

    /// <summary>The fragment lengths of each complete record from the server to clients.</summary>
    public IReadOnlyList<int[]> Replies => _replies.ToArray();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        foreach (Socket socket in _sockets)
        {
            socket.Dispose();
        }

        await Task.WhenAll([_accepting, .. _pumps]).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                Socket client = await _listener.AcceptAsync(_stop.Token);
                _sockets.Enqueue(client);
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                _sockets.Enqueue(server);
                await server.ConnectAsync(_target, _stop.Token);
                _pumps.Enqueue(PumpAsync(client, server, _calls));
                _pumps.Enqueue(PumpAsync(server, client, _replies));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // disposed
        }
    }

    /// <summary>Copies one direction until its sender shuts down, noting the records that pass.</summary>
    private async Task PumpAsync(Socket from, Socket to, ConcurrentQueue<int[]> records)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var parser = new FragmentParser(records);
        try
        {
            int received;
            while ((received = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                parser.Feed(buffer.AsSpan(0, received));
                for (int sent = 0; sent < received;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, received - sent), SocketFlags.None, _stop.Token);
                }
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // one side closed or the tap was disposed
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Follows the fragment headers of a byte stream that arrives in any pieces.</summary>
    private sealed class FragmentParser(ConcurrentQueue<int[]> records)
    {
        private readonly byte[] _header = new byte[RecordMarking.HeaderSize];
        private readonly List<int> _fragments = [];
        private int _headerFilled;
        private int _remaining;
        private bool _last;

        public void Feed(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                if (_headerFilled < _header.Length)
                {
                    int take = Math.Min(_header.Length - _headerFilled, data.Length);
                    data[..take].CopyTo(_header.AsSpan(_headerFilled));
                    _headerFilled += take;
                    data = data[take..];
                    if (_headerFilled < _header.Length)
                    {
                        return;
                    }

                    _remaining = RecordMarking.ReadHeader(_header, out _last);
                    _fragments.Add(_remaining);
                }

                int skip = Math.Min(_remaining, data.Length);
                _remaining -= skip;
                data = data[skip..];
                if (_remaining == 0)
                {
                    _headerFilled = 0;
                    if (_last)
                    {
                        records.Enqueue([.. _fragments]);
                        _fragments.Clear();
                    }
                }
            }
        }
    }
}
