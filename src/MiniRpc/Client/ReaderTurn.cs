using System;
using System.Threading;

namespace MiniRpc.Client;

/// <summary>
/// Who reads a client's socket: nobody yet, a synchronous caller waiting for its own reply (as libtirpc's
/// <c>clnt_call</c> does, on the caller's thread), or, for good once an asynchronous call needs it, the receive loop.
/// An asynchronous call that comes while a synchronous caller reads leaves the start of the loop to that caller.
/// </summary>
internal sealed class ReaderTurn(Action startReceiveLoop)
{
    private readonly Lock _gate = new();
    private volatile Mode _mode;

    private enum Mode
    {
        Nobody,
        Caller,
        CallerThenLoop,
        Loop,
    }

    /// <summary>Becomes the reader, as a synchronous caller; false when the receive loop or another caller is.</summary>
    public bool TryEnterCaller()
    {
        lock (_gate)
        {
            if (_mode != Mode.Nobody)
            {
                return false;
            }

            _mode = Mode.Caller;
            return true;
        }
    }

    /// <summary>The synchronous caller is done reading; starts the receive loop if an asynchronous call asked for it meanwhile.</summary>
    public void ExitCaller()
    {
        bool start;
        lock (_gate)
        {
            start = _mode == Mode.CallerThenLoop;
            _mode = start ? Mode.Loop : Mode.Nobody;
        }

        if (start)
        {
            startReceiveLoop();
        }
    }

    /// <summary>An asynchronous call needs the receive loop: starts it now, or when the synchronous caller reading is done.</summary>
    public void EnsureLoop()
    {
        if (_mode == Mode.Loop)
        {
            return;
        }

        bool start;
        lock (_gate)
        {
            start = _mode == Mode.Nobody;
            if (start)
            {
                _mode = Mode.Loop;
            }
            else if (_mode == Mode.Caller)
            {
                _mode = Mode.CallerThenLoop;
            }
        }

        if (start)
        {
            startReceiveLoop();
        }
    }
}
