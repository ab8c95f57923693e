using System.Threading.Tasks;

namespace MiniRpc.Server;

/// <summary>Runs a remote procedure: what a server skeleton's method is bound to.</summary>
/// <typeparam name="TArguments">The arguments' type; <see cref="Xdr.XdrVoid"/> for none.</typeparam>
/// <typeparam name="TResult">The results' type; <see cref="Xdr.XdrVoid"/> for none.</typeparam>
/// <param name="arguments">The decoded arguments.</param>
/// <param name="context">The call: its numbers, credentials, caller, cancellation.</param>
/// <returns>The results. An exception becomes a SYSTEM_ERR reply.</returns>
public delegate ValueTask<TResult> RpcHandler<TArguments, TResult>(TArguments arguments, RpcCallContext context);
