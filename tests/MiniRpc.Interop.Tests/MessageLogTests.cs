using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using MiniRpc.Client;
using MiniRpc.Interop.Tests.TestSupport;
using MsgServer;

namespace MiniRpc.Interop.Tests;

/// <summary>msg.dat: every acknowledged SAVEMSG survives a crash; a torn last record is dropped; indexes go on.</summary>
public sealed class MessageLogTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"minirpc-log-{Guid.NewGuid():N}.dat");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Messages_SurviveReopening_AnyStringIncluded()
    {
        string[] messages = ["hello", string.Empty, "line one\nline two", "gr\u00fc\u00dfe \U0001F600", new string('z', 100_000)];
        using (MessageLog log = MessageLog.Open(_path))
        {
            Assert.Equal([0, 1, 2, 3, 4], messages.Select(log.Save).ToArray());
        }

        using MessageLog reopened = MessageLog.Open(_path);

        Assert.Equal(messages, Enumerable.Range(0, 5).Select(reopened.Read));
        Assert.Equal(string.Empty, reopened.Read(5));
        Assert.Equal(string.Empty, reopened.Read(-1));
        Assert.Equal(0, reopened.DroppedBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(12)]
    public void TornLastRecord_IsDroppedAndTheIndexesGoOn(int tornBytes)
    {
        using (MessageLog log = MessageLog.Open(_path))
        {
            log.Save("first");
            log.Save("second");
        }

        // A crash in the middle of writing a third record of "third message": only its first bytes reached the disk.
        byte[] payload = System.Text.Encoding.UTF8.GetBytes("third message");
        byte[] record = new byte[8 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(record, payload.Length);
        payload.CopyTo(record, 8);
        using (var file = new FileStream(_path, FileMode.Append))
        {
            file.Write(record, 0, tornBytes);
        }

        using MessageLog reopened = MessageLog.Open(_path);

        Assert.Equal(2, reopened.Count);
        Assert.Equal(tornBytes, reopened.DroppedBytes);
        Assert.Equal(2, reopened.Save("third, again"));
        Assert.Equal("third, again", reopened.Read(2));
    }

    [Fact]
    public void DamagedRecord_FailsItsCrcAndIsDroppedWithWhatFollows()
    {
        using (MessageLog log = MessageLog.Open(_path))
        {
            log.Save("kept");
            log.Save("damaged");
            log.Save("after the damage");
        }

        byte[] bytes = File.ReadAllBytes(_path);
        bytes[8 + 4 + 8 + 2] ^= 0x20;
        File.WriteAllBytes(_path, bytes);

        using MessageLog reopened = MessageLog.Open(_path);

        Assert.Equal(1, reopened.Count);
        Assert.Equal("kept", reopened.Read(0));
    }

    [Fact]
    public async Task ConcurrentSaves_GetDistinctIndexesAndNoneIsLost()
    {
        using MessageLog log = MessageLog.Open(_path);

        int[] indexes = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => log.Save($"message {i}"))));

        Assert.Equal(Enumerable.Range(0, 200), indexes.Order());
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal($"message {i}", log.Read(indexes[i])));
    }

    [Fact]
    public async Task ServerKilledMidStream_KeepsEveryAcknowledgedMessage()
    {
        string server = Path.Combine(AppContext.BaseDirectory, "MsgServer");
        var acknowledged = new ConcurrentDictionary<int, string>();
        using (ChildProcess process = ChildProcess.Start(server, $"--data \"{_path}\" --tcp 0 --udp 0"))
        {
            var endPoint = new IPEndPoint(IPAddress.Loopback, Port(await process.ReadLineAsync()));
            using var stop = new CancellationTokenSource();

            // Four clients save as fast as they can; the server is killed with SIGKILL while they do.
            Task[] writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
            {
                await using IRpcClient rpc = await RpcClient.ConnectTcpAsync(endPoint, new RpcClientOptions { Timeout = TimeSpan.FromSeconds(5), Reconnect = false });
                var client = new MSGPROG.MSGVER.Client(rpc);
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    string message = $"writer {writer} message {i} " + new string((char)('a' + (i % 26)), i % 300);
                    int index;
                    try
                    {
                        index = await client.SAVEMSGAsync(message);
                    }
                    catch (RpcException)
                    {
                        return; // the server is gone: this call was never acknowledged
                    }

                    Assert.True(acknowledged.TryAdd(index, message), $"index {index} was given twice");
                }
            })).ToArray();

            await TestTimeouts.Eventually(() => acknowledged.Count >= 200, "200 acknowledged messages");
            process.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
        }

        using ChildProcess restarted = ChildProcess.Start(server, $"--data \"{_path}\" --tcp 0 --udp 0");
        var again = new IPEndPoint(IPAddress.Loopback, Port(await restarted.ReadLineAsync()));
        await using IRpcClient check = await RpcClient.ConnectTcpAsync(again);
        var reader = new MSGPROG.MSGVER.Client(check);

        foreach ((int index, string message) in acknowledged)
        {
            Assert.Equal(message, await reader.READMSGAsync(index).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        }

        int next = await reader.SAVEMSGAsync("after the crash").AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(next > acknowledged.Keys.Max(), $"the next index {next} must follow every acknowledged one");
        Assert.Equal("after the crash", await reader.READMSGAsync(next).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    private static int Port(string banner)
    {
        // "listening tcp PORT udp PORT on ADDRESS, ..."
        string[] words = banner.Split(' ');
        return int.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
