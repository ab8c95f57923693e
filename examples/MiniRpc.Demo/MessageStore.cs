using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MiniRpc.Server;

namespace MiniRpc.Demo;

/// <summary>
/// MSGPROG version 2 as the demo serves it, in memory: SAVEMSG appends and returns the index, READMSG returns ""
/// for a missing one. (The msg server under examples/ keeps them on disk.)
/// </summary>
internal sealed class MessageStore : MSGPROG.MSGVER.IService
{
    private readonly List<string> _messages = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    public int Save(string message)
    {
        lock (_lock)
        {
            _messages.Add(message);
            return _messages.Count - 1;
        }
    }

    public string Read(int index)
    {
        lock (_lock)
        {
            return index >= 0 && index < _messages.Count ? _messages[index] : string.Empty;
        }
    }

    ValueTask<int> MSGPROG.MSGVER.IService.SAVEMSG(string arg1, RpcCallContext context) => ValueTask.FromResult(Save(arg1));

    ValueTask<string> MSGPROG.MSGVER.IService.READMSG(int arg1, RpcCallContext context) => ValueTask.FromResult(Read(arg1));
}
