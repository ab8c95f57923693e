using System;
using MiniRpc.Idl;

namespace MiniRpc.Generators.Emitter;

/// <summary>What the emitter needs besides the model: the namespace of each <c>.x</c> file, for cross-file references.</summary>
/// <param name="NamespaceOf">The namespace of the types defined in a file, by the file's path.</param>
internal sealed record EmitOptions(Func<string, string> NamespaceOf);

/// <summary>The emitted text of one <c>.x</c> file and the generator's own diagnostics about it.</summary>
internal sealed record EmitResult(string Text, EquatableArray<IdlDiagnostic> Diagnostics);
