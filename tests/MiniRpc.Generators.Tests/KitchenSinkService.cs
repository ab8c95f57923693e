using KitchenSink;
using MiniRpc.Server;

namespace MiniRpc.Generators.Tests;

/// <summary>
/// Both versions of KSPROG, as the stub and interop tests serve them; KitchenSink/ks_server.c does the same in C.
/// </summary>
internal sealed class KitchenSinkService : KSPROG.KSVERS1.IService, KSPROG.KSVERS2.IService
{
    public ValueTask KS_NULL(RpcCallContext context) => ValueTask.CompletedTask;

    public ValueTask<ks_everything> KS_ECHO(ks_everything arg1, RpcCallContext context) => ValueTask.FromResult(arg1);

    public ValueTask<long> KS_ADD(long arg1, long arg2, RpcCallContext context) => ValueTask.FromResult(unchecked(arg1 + arg2));

    /// <summary>
    /// Status -3 gives the message "name:color"; any other status the default arm with that code, except 0, 1 and 2,
    /// which have arms of their own: <see cref="ks_result.Default"/> refuses them, and the server answers SYSTEM_ERR.
    /// </summary>
    public ValueTask<ks_result> KS_CHECK(int arg1, ks_name arg2, ks_color arg3, RpcCallContext context) =>
        ValueTask.FromResult<ks_result>(arg1 == -3 ? new ks_result.CaseMinus3 { message = $"{arg2}:{arg3}" } : new ks_result.Default(arg1) { code = arg1 });

    public ValueTask<ks_node> KS_REVERSE(ks_node arg1, RpcCallContext context)
    {
        ks_node? reversed = null;
        for (ks_node? node = arg1; node is not null; node = node.next)
        {
            reversed = new ks_node { value = node.value, label = node.label, next = reversed };
        }

        return ValueTask.FromResult(reversed!);
    }

    public async ValueTask KS_PING(RpcCallContext context) => await Task.Yield();
}
