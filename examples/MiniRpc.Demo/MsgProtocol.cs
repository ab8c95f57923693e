using System.Threading;
using System.Threading.Tasks;
using MiniRpc.Client;
using MiniRpc.Server;
using MiniRpc.Xdr;

namespace MiniRpc.Demo;

/// <summary>
/// msg.x as code: <c>int SAVEMSG(string) = 1; string READMSG(int) = 2;</c> in version 2 of program 345678.
/// Written by hand for now; the source generator will emit the same from msg.x.
/// </summary>
internal static class MsgProtocol
{
    public const uint Program = 345678;
    public const uint Version = 2;
    public const uint SaveMsg = 1;
    public const uint ReadMsg = 2;

    private static readonly XdrEncoder<string> s_encodeString = static (ref XdrWriter w, string s) => w.WriteString(s);
    private static readonly XdrDecoder<string> s_decodeString = static (ref XdrReader r) => r.ReadString();
    private static readonly XdrEncoder<int> s_encodeInt = static (ref XdrWriter w, int i) => w.WriteInt32(i);
    private static readonly XdrDecoder<int> s_decodeInt = static (ref XdrReader r) => r.ReadInt32();

    public static ValueTask<int> SaveMsgAsync(IRpcClient client, string message, CancellationToken cancellationToken = default) =>
        client.CallAsync(Program, Version, SaveMsg, message, s_encodeString, s_decodeInt, cancellationToken);

    public static ValueTask<string> ReadMsgAsync(IRpcClient client, int index, CancellationToken cancellationToken = default) =>
        client.CallAsync(Program, Version, ReadMsg, index, s_encodeInt, s_decodeString, cancellationToken);

    public static RpcServiceDefinition BindService(MessageStore store) => new RpcServiceDefinition(Program, Version, "MSGPROG")
        .AddProcedure(SaveMsg, "SAVEMSG", s_decodeString, s_encodeInt, (message, _) => ValueTask.FromResult(store.Save(message)))
        .AddProcedure(ReadMsg, "READMSG", s_decodeInt, s_encodeString, (index, _) => ValueTask.FromResult(store.Read(index)));
}
