using System.Threading.Tasks;
using MiniRpc.Server;

namespace MsgServer;

/// <summary>MSGPROG version 2 on a <see cref="MessageLog"/>: SAVEMSG stores durably and returns the index, READMSG reads.</summary>
internal sealed class MsgService(MessageLog log) : MSGPROG.MSGVER.IService
{
    public ValueTask<int> SAVEMSG(string arg1, RpcCallContext context) => ValueTask.FromResult(log.Save(arg1));

    public ValueTask<string> READMSG(int arg1, RpcCallContext context) => ValueTask.FromResult(log.Read(arg1));
}
