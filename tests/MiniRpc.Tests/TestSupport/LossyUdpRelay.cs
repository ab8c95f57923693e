using System.Net;
using System.Net.Sockets;

namespace MiniRpc.Tests.TestSupport;

/// <summary>
/// A UDP relay on loopback between one client and a server that drops, duplicates and delays (so reorders)
/// datagrams in both directions, from a seeded random source. It stops when disposed.
/// </summary>
internal sealed class LossyUdpRelay : IAsyncDisposable
{
    private readonly Socket _front = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _back = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint _server;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private EndPoint? _client;

    public LossyUdpRelay(IPEndPoint server, int seed, double drop, double duplicate, double delay)
    {
        _server = server;
        _random = new Random(seed);
        Drop = drop;
        Duplicate = duplicate;
        Delay = delay;
        _front.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _back.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loops = [Task.Run(() => PumpAsync(fromClient: true)), Task.Run(() => PumpAsync(fromClient: false))];
    }

    public IPEndPoint EndPoint => (IPEndPoint)_front.LocalEndPoint!;

    public double Drop { get; }

    public double Duplicate { get; }

    public double Delay { get; }

    public int Dropped;

    public int Duplicated;

    public int Delayed;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _front.Dispose();
        _back.Dispose();
        await Task.WhenAll(_loops).WaitAsync(TestTimeouts.Wait);
        _stop.Dispose();
    }

    private async Task PumpAsync(bool fromClient)
    {
        Socket from = fromClient ? _front : _back;
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await from.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            if (fromClient)
            {
                _client = received.RemoteEndPoint;
            }

            byte[] datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            Socket to = fromClient ? _back : _front;
            EndPoint? target = fromClient ? _server : _client;
            if (target is null)
            {
                continue;
            }

            double roll = Next();
            if (roll < Drop)
            {
                Interlocked.Increment(ref Dropped);
                continue;
            }

            int copies = Next() < Duplicate ? 2 : 1;
            if (copies == 2)
            {
                Interlocked.Increment(ref Duplicated);
            }

            for (int i = 0; i < copies; i++)
            {
                if (Next() < Delay)
                {
                    Interlocked.Increment(ref Delayed);
                    int wait = (int)(Next() * 40);
                    _ = Task.Run(async () =>
                    {
                        await Task.Delay(wait);
                        await SendAsync(to, datagram, target);
                    });
                }
                else
                {
                    await SendAsync(to, datagram, target);
                }
            }
        }
    }

    private static async Task SendAsync(Socket socket, byte[] datagram, EndPoint target)
    {
        try
        {
            await socket.SendToAsync(datagram, SocketFlags.None, target);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // The relay is stopping.
        }
    }

    private double Next()
    {
        lock (_randomLock)
        {
            return _random.NextDouble();
        }
    }
}
