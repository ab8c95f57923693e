using MiniRpc.Server;

namespace MiniRpc.Load;

/// <summary>MSGPROG version 2 in memory, for load tests: SAVEMSG keeps the last 1,024 messages, READMSG reads them.</summary>
internal sealed class MemoryStore : MSGPROG.MSGVER.IService
{
    private readonly string[] _messages = new string[1024];
    private int _count;

    public ValueTask<int> SAVEMSG(string arg1, RpcCallContext context)
    {
        int index = Interlocked.Increment(ref _count) - 1;
        _messages[index % _messages.Length] = arg1;
        return ValueTask.FromResult(index);
    }

    public ValueTask<string> READMSG(int arg1, RpcCallContext context) =>
        ValueTask.FromResult(arg1 >= 0 && arg1 < _count ? _messages[arg1 % _messages.Length] ?? string.Empty : string.Empty);
}

/// <summary>
/// The same store for msg.x compiled with <c>MiniRpcStrings="Bytes"</c>: messages are kept as the bytes that came,
/// as the C server keeps its <c>char *</c>.
/// </summary>
internal sealed class BytesStore : Bytes.MSGPROG.MSGVER.IService
{
    private readonly byte[][] _messages = new byte[1024][];
    private int _count;

    public ValueTask<int> SAVEMSG(byte[] arg1, RpcCallContext context)
    {
        int index = Interlocked.Increment(ref _count) - 1;
        _messages[index % _messages.Length] = arg1;
        return ValueTask.FromResult(index);
    }

    public ValueTask<byte[]> READMSG(int arg1, RpcCallContext context) =>
        ValueTask.FromResult(arg1 >= 0 && arg1 < _count ? _messages[arg1 % _messages.Length] ?? [] : []);
}
