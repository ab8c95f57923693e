using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MiniRpc.Protocol;
using MiniRpc.Xdr;

namespace MiniRpc.Server;

/// <summary>
/// An ONC RPC server: hosts any number of programs and versions on TCP, UDP and Unix domain sockets at once, and
/// answers per RFC 5531: RPC_MISMATCH, PROG_UNAVAIL, PROG_MISMATCH, PROC_UNAVAIL, GARBAGE_ARGS, SYSTEM_ERR,
/// AUTH_ERROR.
/// </summary>
/// <remarks>
/// Add services with <see cref="AddService"/>, then listen with <see cref="ListenTcp"/>, <see cref="ListenUdp"/>
/// or <see cref="ListenUnix"/> (each binds, listens and starts serving at once, and returns the address it got,
/// so port 0 picks a free port). <see cref="StopAsync"/> stops gracefully.
/// </remarks>
public sealed class RpcServer : IAsyncDisposable
{
    private readonly Lock _servicesLock = new();
    private readonly List<IListener> _listeners = [];
    private readonly ConcurrentDictionary<StreamConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Timer _sweeper;
    // What RegisterWithPortmapperAsync registered, and how to reach the portmapper it registered with.
    private readonly List<(Portmap.RpcbindMapping Mapping, Func<CancellationToken, Task<Portmap.RpcbindClient>> Portmapper)> _registrations = [];
    private IReadOnlyDictionary<uint, ProgramEntry> _programs = new Dictionary<uint, ProgramEntry>();
    private int _inFlight;
    private int _stopped;

    /// <summary>Creates a server with no services and no listeners.</summary>
    /// <param name="options">Limits and hooks; defaults when null.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when null.</param>
    public RpcServer(RpcServerOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        Options = (options ?? new RpcServerOptions()).Clone().Validate();
        Logger = (ILogger?)loggerFactory?.CreateLogger("MiniRpc.Server") ?? NullLogger.Instance;
        TimeSpan shortest = new[] { Options.IdleTimeout, Options.PartialRecordTimeout }
            .Where(t => t != Timeout.InfiniteTimeSpan)
            .DefaultIfEmpty(TimeSpan.FromSeconds(4))
            .Min();
        TimeSpan period = TimeSpan.FromMilliseconds(Math.Clamp(shortest.TotalMilliseconds / 4, 10, 1000));
        _sweeper = new Timer(static state => ((RpcServer)state!).Sweep(), this, period, period);
    }

    /// <summary>The server's limits and hooks.</summary>
    public RpcServerOptions Options { get; }

    /// <summary>The endpoints the server listens on.</summary>
    public IReadOnlyList<EndPoint> EndPoints
    {
        get
        {
            lock (_listeners)
            {
                return _listeners.Select(l => l.LocalEndPoint).ToArray();
            }
        }
    }

    /// <summary>Each listener's endpoint with its transport (a TCP and a UDP listener may share an endpoint).</summary>
    public IReadOnlyList<(EndPoint EndPoint, RpcTransport Transport)> Listeners
    {
        get
        {
            lock (_listeners)
            {
                return _listeners.Select(l => (l.LocalEndPoint, l is DatagramListener ? RpcTransport.Udp : l.LocalEndPoint is UnixDomainSocketEndPoint ? RpcTransport.Unix : RpcTransport.Tcp)).ToArray();
            }
        }
    }

    /// <summary>The number of open stream connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>The number of calls running.</summary>
    public int CallsInFlight => Volatile.Read(ref _inFlight);

    internal ILogger Logger { get; }

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Adds one version of one program. Safe to call while serving.</summary>
    /// <param name="service">The service; see <see cref="RpcServiceDefinition"/>.</param>
    /// <exception cref="ArgumentException">That program version is already served.</exception>
    public void AddService(RpcServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_servicesLock)
        {
            var programs = new Dictionary<uint, ProgramEntry>(_programs);
            programs.TryGetValue(service.Program, out ProgramEntry? entry);
            var versions = entry is null ? new Dictionary<uint, RpcServiceDefinition>() : new Dictionary<uint, RpcServiceDefinition>(entry.Versions);
            if (!versions.TryAdd(service.Version, service))
            {
                throw new ArgumentException($"Program {service.Program} version {service.Version} is already served.", nameof(service));
            }

            programs[service.Program] = new ProgramEntry(versions);
            Volatile.Write(ref _programs, programs);
        }
    }

    /// <summary>
    /// Serves TCP on <paramref name="endPoint"/>: socket, bind, listen, then accept connections until stopped.
    /// <see cref="IPAddress.IPv6Any"/> accepts IPv4 too where the OS allows dual mode.
    /// </summary>
    /// <param name="endPoint">The address and port; port 0 picks a free port.</param>
    /// <returns>The address and port actually bound.</returns>
    public IPEndPoint ListenTcp(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return (IPEndPoint)AddListener(StreamListener.Start(this, endPoint, RpcTransport.Tcp));
    }

    /// <summary>Serves UDP on <paramref name="endPoint"/>: socket, bind, then receive calls until stopped.</summary>
    /// <param name="endPoint">The address and port; port 0 picks a free port.</param>
    /// <returns>The address and port actually bound.</returns>
    public IPEndPoint ListenUdp(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return (IPEndPoint)AddListener(DatagramListener.Start(this, endPoint));
    }

    /// <summary>Serves a Unix domain stream socket at <paramref name="path"/>; the file is removed when the server stops.</summary>
    /// <param name="path">The socket's path. An existing socket file there is replaced.</param>
    public void ListenUnix(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        AddListener(StreamListener.Start(this, new UnixDomainSocketEndPoint(path), RpcTransport.Unix));
    }

    /// <summary>
    /// Registers every program version this server serves, on every TCP and UDP listener, with the local portmapper
    /// (rpcbind: over its Unix socket where it has one, as libtirpc does, else on 127.0.0.1:111), so that clients
    /// find it by program number. <see cref="StopAsync"/> removes the registrations first.
    /// </summary>
    /// <param name="rpcbind">The portmapper to register with; the local one when null.</param>
    /// <param name="cancellationToken">Abandons registering.</param>
    /// <returns>The registrations made, as <c>rpcinfo</c> would list them.</returns>
    /// <exception cref="InvalidOperationException">The portmapper refused a registration (another server has it).</exception>
    public async Task<IReadOnlyList<Portmap.RpcbindMapping>> RegisterWithPortmapperAsync(Portmap.RpcbindClient? rpcbind = null, CancellationToken cancellationToken = default)
    {
        Portmap.RpcbindClient client = rpcbind ?? await Portmap.RpcbindClient.ConnectLocalOrLoopbackAsync(cancellationToken).ConfigureAwait(false);
        var made = new List<Portmap.RpcbindMapping>();
        try
        {
            string owner = Environment.UserName == "root" ? "superuser" : Environment.UserName;
            foreach ((EndPoint where, RpcTransport transport) in Listeners)
            {
                if (where is not IPEndPoint endPoint)
                {
                    continue;
                }

                string netId = (transport == RpcTransport.Udp ? "udp" : "tcp") + (endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? "6" : string.Empty);
                foreach (RpcServiceDefinition service in Volatile.Read(ref _programs).Values.SelectMany(p => p.Versions.Values))
                {
                    // Replace a stale registration of a server that died without unregistering.
                    await client.UnsetAsync(service.Program, service.Version, netId, owner, cancellationToken).ConfigureAwait(false);
                    if (!await client.SetAsync(service.Program, service.Version, netId, endPoint, owner, cancellationToken).ConfigureAwait(false))
                    {
                        throw new InvalidOperationException($"The portmapper refused to register program {service.Program} version {service.Version} over {netId}.");
                    }

                    made.Add(new Portmap.RpcbindMapping(service.Program, service.Version, netId, Portmap.UniversalAddress.Format(endPoint), owner, endPoint.Port));
                }
            }

            lock (_registrations)
            {
                _registrations.AddRange(made.Select(mapping => (mapping, client.Reconnect)));
            }

            return made;
        }
        finally
        {
            if (rpcbind is null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stops gracefully: closes the listeners, stops reading new calls, lets the calls in flight finish and send
    /// their replies until <paramref name="cancellationToken"/> fires, then closes every connection.
    /// </summary>
    /// <param name="cancellationToken">The deadline for calls in flight.</param>
    /// <returns>A task that ends when everything is closed.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        ServerLog.Stopping(Logger, CallsInFlight);
        await UnregisterAsync().ConfigureAwait(false);
        IListener[] listeners;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        foreach (IListener listener in listeners)
        {
            listener.StopAccepting();
        }

        foreach (StreamConnection connection in _connections.Keys)
        {
            connection.StopReading();
        }

        try
        {
            while (CallsInFlight > 0)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            ServerLog.StopDeadlineMissed(Logger, CallsInFlight);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (StreamConnection connection in _connections.Keys)
        {
            connection.Close("the server stopped");
        }

        foreach (IListener listener in listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await _sweeper.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops at once: like <see cref="StopAsync"/> with a deadline that has passed.</summary>
    /// <returns>A task that ends when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        using var expired = new CancellationTokenSource();
        await expired.CancelAsync().ConfigureAwait(false);
        await StopAsync(expired.Token).ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal bool TryAddConnection(StreamConnection connection)
    {
        if (_connections.Count >= Options.MaxConnections || Volatile.Read(ref _stopped) != 0)
        {
            return false;
        }

        _connections.TryAdd(connection, 0);
        return true;
    }

    internal void RemoveConnection(StreamConnection connection) => _connections.TryRemove(connection, out _);

    internal void CallStarted() => Interlocked.Increment(ref _inFlight);

    internal void CallFinished() => Interlocked.Decrement(ref _inFlight);

    /// <summary>
    /// Handles one call message: checks the header, authenticates, finds the procedure and runs it, or answers with
    /// the RFC's error reply. Returns false, having sent nothing, when the message is too garbled to answer: the
    /// caller drops it (UDP) or closes the connection (TCP).
    /// </summary>
    internal bool TryDispatch(ReadOnlySpan<byte> message, IRpcResponder responder, EndPoint? remoteEndPoint, CancellationToken callAborted, out ValueTask reply)
    {
        reply = ValueTask.CompletedTask;
        var reader = new XdrReader(message);
        CallHeader call;
        try
        {
            RpcMessageHeader header = RpcMessageHeader.Read(ref reader);
            if (header.Type != MessageType.Call)
            {
                ServerLog.Garbled(Logger, remoteEndPoint, "a REPLY where a CALL was expected");
                return false;
            }

            call = CallHeader.ReadBody(header.Xid, ref reader);
        }
        catch (XdrFormatException e)
        {
            ServerLog.Garbled(Logger, remoteEndPoint, e.Message);
            return false;
        }

        var target = new ReplyTarget(responder, remoteEndPoint, Logger);
        if (!call.IsSupportedRpcVersion)
        {
            // RFC 5531 §9: RPC_MISMATCH with the versions we speak (libtirpc drops the call instead).
            reply = target.ReplyAsync(ReplyHeader.RpcMismatch(call.Xid));
            return true;
        }

        ServerLog.Call(Logger, call.Xid, call.Program, call.Version, call.Procedure, remoteEndPoint);
        AuthSysParameters? authSys = null;
        switch (call.Credential.Flavor)
        {
            case AuthFlavor.None:
                break;
            case AuthFlavor.Sys:
                try
                {
                    authSys = AuthSysParameters.FromOpaqueAuth(call.Credential);
                }
                catch (XdrFormatException)
                {
                    reply = target.ReplyAsync(ReplyHeader.AuthError(call.Xid, AuthStat.BadCred));
                    return true;
                }

                break;
            default:
                // As libtirpc: a flavor the server does not know is AUTH_REJECTEDCRED.
                reply = target.ReplyAsync(ReplyHeader.AuthError(call.Xid, AuthStat.RejectedCred));
                return true;
        }

        if (!Volatile.Read(ref _programs).TryGetValue(call.Program, out ProgramEntry? program))
        {
            reply = target.ReplyAsync(ReplyHeader.Accepted(call.Xid, AcceptStatus.ProgUnavail));
            return true;
        }

        if (!program.Versions.TryGetValue(call.Version, out RpcServiceDefinition? service))
        {
            reply = target.ReplyAsync(ReplyHeader.ProgramMismatch(call.Xid, program.Low, program.High));
            return true;
        }

        service.TryGetProcedure(call.Procedure, out RpcProcedure? procedure);
        if (procedure is null && call.Procedure != 0)
        {
            reply = target.ReplyAsync(ReplyHeader.Accepted(call.Xid, AcceptStatus.ProcUnavail));
            return true;
        }

        Func<RpcCallContext, AuthStat>? authorize = Options.Authorize;
        if (procedure is null && authorize is null)
        {
            // Procedure 0 by convention: no arguments, no results, answered without allocating a context.
            reply = reader.IsAtEnd
                ? target.ReplyAsync(ReplyHeader.Success(call.Xid))
                : target.ReplyAsync(ReplyHeader.Accepted(call.Xid, AcceptStatus.GarbageArgs));
            return true;
        }

        var context = new RpcCallContext(call, authSys, remoteEndPoint, responder.Transport, responder.PeerCredentials, callAborted);
        if (authorize is not null)
        {
            AuthStat verdict;
            try
            {
                verdict = authorize(context);
            }
            catch (Exception e)
            {
                ServerLog.HandlerFailed(Logger, call.Xid, call.Program, call.Version, call.Procedure, e);
                verdict = AuthStat.Failed;
            }

            if (verdict != AuthStat.Ok)
            {
                reply = target.ReplyAsync(ReplyHeader.AuthError(call.Xid, verdict));
                return true;
            }
        }

        reply = procedure is null
            ? (reader.IsAtEnd ? target.ReplyAsync(ReplyHeader.Success(call.Xid)) : target.ReplyAsync(ReplyHeader.Accepted(call.Xid, AcceptStatus.GarbageArgs)))
            : procedure.Invoke(ref reader, context, target);
        return true;
    }

    /// <summary>
    /// Removes what <see cref="RegisterWithPortmapperAsync"/> registered, from the portmapper it registered with (never
    /// from another: an UNSET there would remove some other server's registration); a portmapper that is gone is not
    /// an error.
    /// </summary>
    private async Task UnregisterAsync()
    {
        (Portmap.RpcbindMapping Mapping, Func<CancellationToken, Task<Portmap.RpcbindClient>> Portmapper)[] registrations;
        lock (_registrations)
        {
            registrations = [.. _registrations];
            _registrations.Clear();
        }

        foreach (var portmapper in registrations.GroupBy(registration => registration.Portmapper))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await using Portmap.RpcbindClient rpcbind = await portmapper.Key(timeout.Token).ConfigureAwait(false);
                foreach ((Portmap.RpcbindMapping registration, _) in portmapper)
                {
                    await rpcbind.UnsetAsync(registration.Program, registration.Version, registration.NetId, registration.Owner, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is Client.RpcException or OperationCanceledException or IOException)
            {
                ServerLog.UnregisterFailed(Logger, e);
            }
        }
    }

    private EndPoint AddListener(IListener listener)
    {
        lock (_listeners)
        {
            if (Volatile.Read(ref _stopped) != 0)
            {
                listener.StopAccepting();
                throw new InvalidOperationException("The server has stopped.");
            }

            _listeners.Add(listener);
        }

        return listener.LocalEndPoint;
    }

    private void Sweep()
    {
        long now = Environment.TickCount64;
        foreach (StreamConnection connection in _connections.Keys)
        {
            connection.CheckTimeouts(now);
        }
    }

    /// <summary>The versions of one program, and the lowest and highest for PROG_MISMATCH.</summary>
    private sealed class ProgramEntry(Dictionary<uint, RpcServiceDefinition> versions)
    {
        /// <summary>By version number: a hash lookup on every call (a sorted map showed in the UDP server's profile).</summary>
        public Dictionary<uint, RpcServiceDefinition> Versions { get; } = versions;

        public uint Low { get; } = versions.Keys.Min();

        public uint High { get; } = versions.Keys.Max();
    }
}
