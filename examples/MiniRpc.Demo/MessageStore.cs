using System.Collections.Generic;
using System.Threading;

namespace MiniRpc.Demo;

/// <summary>The demo's messages, in memory: SAVEMSG appends and returns the index, READMSG returns "" for a missing one.</summary>
internal sealed class MessageStore
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
}
