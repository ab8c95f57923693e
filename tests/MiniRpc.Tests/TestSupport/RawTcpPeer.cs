using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MiniRpc.Transport;

namespace MiniRpc.Tests.TestSupport;

/// <summary>A bare TCP socket that sends hand-made bytes to a server and reads what comes back, every wait bounded.</summary>
internal sealed class RawTcpPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly RecordMarkingReader _records = new();
    private readonly byte[] _buffer = new byte[65536];
    private readonly Queue<byte[]> _pending = new();

    private RawTcpPeer(Socket socket) => _socket = socket;

    public static async Task<RawTcpPeer> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint).WaitAsync(TestTimeouts.Wait);
        return new RawTcpPeer(socket);
    }

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None).WaitAsync(TestTimeouts.Wait);

    public async Task SendRecordAsync(byte[] message)
    {
        var framed = new ArrayBufferWriter<byte>();
        RecordMarking.WriteRecord(message, framed);
        await SendAsync(framed.WrittenSpan.ToArray());
    }

    /// <summary>Reads one reply record; null if the server closed the connection first.</summary>
    public async Task<byte[]?> ReceiveRecordAsync()
    {
        while (_pending.Count == 0)
        {
            int received = await _socket.ReceiveAsync(_buffer, SocketFlags.None).WaitAsync(TestTimeouts.Wait);
            if (received == 0)
            {
                return null;
            }

            Feed(received);
        }

        return _pending.Dequeue();
    }

    /// <summary>True when the server closes the connection (receive returns 0 or the connection resets) within the bound.</summary>
    public async Task<bool> WaitForCloseAsync()
    {
        try
        {
            while (true)
            {
                int received = await _socket.ReceiveAsync(_buffer, SocketFlags.None).WaitAsync(TestTimeouts.Wait);
                if (received == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _records.Dispose();
    }

    private void Feed(int received)
    {
        ReadOnlySpan<byte> input = _buffer.AsSpan(0, received);
        while (_records.TryReadRecord(ref input, out ReadOnlySpan<byte> record))
        {
            _pending.Enqueue(record.ToArray());
        }
    }
}
