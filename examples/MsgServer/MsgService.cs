using System.Threading.Tasks;
using MiniRpc.Server;

namespace MsgServer;

/// <summary>MSGPROG version 2 on a <see cref="MessageLog"/>: SAVEMSG stores durably and returns the index, READMSG reads.</summary>
internal sealed class MsgService(MessageLog log) : MSGPROG.MSGVER.IService
{
    /// <summary>
    /// The save waits for the disk (fsync), so it runs on the thread pool: handlers run on the server's event loop, and
    /// a blocking one would hold up every other connection of that loop meanwhile.
    /// </summary>
    public ValueTask<int> SAVEMSG(string arg1, RpcCallContext context) => new(Task.Run(() => log.Save(arg1), context.CallAborted));

    public ValueTask<string> READMSG(int arg1, RpcCallContext context) => ValueTask.FromResult(log.Read(arg1));
}
