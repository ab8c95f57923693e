using System;
using System.Threading;
using System.Threading.Tasks;
using MiniRpc.Xdr;

namespace MiniRpc.Client;

/// <summary>
/// Calls remote procedures: what generated client stubs talk to. Implementations carry calls over TCP, UDP or Unix
/// domain sockets; all of them are safe to share between threads.
/// </summary>
public interface IRpcClient : IAsyncDisposable
{
    /// <summary>Where the calls go.</summary>
    System.Net.EndPoint RemoteEndPoint { get; }

    /// <summary>
    /// Calls a remote procedure: encodes the arguments behind an RPC call header, sends the call, waits for the reply
    /// with the same xid, and decodes the results.
    /// </summary>
    /// <typeparam name="TArguments">The arguments' type; <see cref="XdrVoid"/> for none.</typeparam>
    /// <typeparam name="TResult">The results' type; <see cref="XdrVoid"/> for none.</typeparam>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="encodeArguments">Writes the arguments.</param>
    /// <param name="decodeResult">Reads the results; every byte of them must be consumed.</param>
    /// <param name="cancellationToken">Abandons the call: the reply, if it comes, is dropped.</param>
    /// <returns>The results.</returns>
    /// <exception cref="RpcReplyException">The server answered with an error (PROG_UNAVAIL, AUTH_ERROR, ...): the subclass says which.</exception>
    /// <exception cref="RpcTimeoutException">No reply within the client's timeout.</exception>
    /// <exception cref="RpcConnectionException">The connection could not be made or broke.</exception>
    /// <exception cref="RpcProtocolException">The reply could not be decoded.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ArgumentException">The arguments are over a declared bound, or too large for the transport.</exception>
    ValueTask<TResult> CallAsync<TArguments, TResult>(
        uint program,
        uint version,
        uint procedure,
        TArguments arguments,
        XdrEncoder<TArguments> encodeArguments,
        XdrDecoder<TResult> decodeResult,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls a remote procedure and blocks the calling thread until the results come, as rpcgen's C stubs do. MiniRpc's
    /// own clients make such a call on the calling thread itself when nothing else is in flight on the connection
    /// (send, then poll and receive, like libtirpc's <c>clnt_call</c>), with no hop to another thread; otherwise, or
    /// with a <paramref name="cancellationToken"/> that can be canceled, it waits for
    /// <see cref="CallAsync{TArguments, TResult}"/>.
    /// </summary>
    /// <typeparam name="TArguments">The arguments' type; <see cref="XdrVoid"/> for none.</typeparam>
    /// <typeparam name="TResult">The results' type; <see cref="XdrVoid"/> for none.</typeparam>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="encodeArguments">Writes the arguments.</param>
    /// <param name="decodeResult">Reads the results; every byte of them must be consumed.</param>
    /// <param name="cancellationToken">Abandons the call: the reply, if it comes, is dropped.</param>
    /// <returns>The results.</returns>
    /// <exception cref="RpcException">As <see cref="CallAsync{TArguments, TResult}"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ArgumentException">The arguments are over a declared bound, or too large for the transport.</exception>
    TResult Call<TArguments, TResult>(
        uint program,
        uint version,
        uint procedure,
        TArguments arguments,
        XdrEncoder<TArguments> encodeArguments,
        XdrDecoder<TResult> decodeResult,
        CancellationToken cancellationToken = default) =>
        CallAsync(program, version, procedure, arguments, encodeArguments, decodeResult, cancellationToken).AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Calls a remote procedure that has no results (<c>void</c>, procedure 0 among them), without the allocation an
    /// <c>async</c> wrapper around <see cref="CallAsync{TArguments, TResult}"/> would cost.
    /// </summary>
    /// <typeparam name="TArguments">The arguments' type; <see cref="XdrVoid"/> for none.</typeparam>
    /// <param name="program">The program number.</param>
    /// <param name="version">The program version.</param>
    /// <param name="procedure">The procedure number.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="encodeArguments">Writes the arguments.</param>
    /// <param name="cancellationToken">Abandons the call.</param>
    /// <returns>A task that completes when the reply (with no results) arrives.</returns>
    /// <exception cref="RpcException">As <see cref="CallAsync{TArguments, TResult}"/>.</exception>
    ValueTask CallVoidAsync<TArguments>(
        uint program,
        uint version,
        uint procedure,
        TArguments arguments,
        XdrEncoder<TArguments> encodeArguments,
        CancellationToken cancellationToken = default);
}
