using System.Net;

namespace MiniRpc.Portmap;

/// <summary>One registration as the portmapper lists it (<c>rpcinfo -p</c> / <c>rpcinfo</c>).</summary>
/// <param name="Program">The program number.</param>
/// <param name="Version">The version number.</param>
/// <param name="NetId">The network id: <c>tcp</c>, <c>udp</c>, <c>tcp6</c>, <c>udp6</c>, <c>local</c>...</param>
/// <param name="Address">The universal address (empty for a portmap v2 listing).</param>
/// <param name="Owner">Who registered it (rpcbind keeps the uid, or "superuser"); empty for portmap v2.</param>
/// <param name="Port">The port, when the address is an IP one.</param>
public sealed record RpcbindMapping(uint Program, uint Version, string NetId, string Address, string Owner, int? Port);
