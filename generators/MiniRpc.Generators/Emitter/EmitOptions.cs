using System;
using MiniRpc.Idl;
using MiniRpc.Idl.Model;

namespace MiniRpc.Generators.Emitter;

/// <summary>What the emitter needs besides the model: namespaces, and the types other files of the project define.</summary>
/// <param name="NamespaceOf">The namespace of the types defined in a file, by the file's path.</param>
/// <param name="FindType">
/// A type the file uses without defining or including it (rpcgen leaves it to C, e.g. through a <c>%#include</c>
/// of another file's header), looked up among the other <c>.x</c> files of the project; null when none defines it.
/// </param>
/// <param name="StringsAsBytes">
/// Whether XDR strings are <c>byte[]</c> (the bytes as sent, as C's <c>char *</c>) instead of <c>string</c> (UTF-8,
/// checked): the project's or the file's <c>MiniRpcStrings</c> set to <c>Bytes</c>.
/// </param>
internal sealed record EmitOptions(Func<string, string> NamespaceOf, Func<string, TypeEntry?> FindType, bool StringsAsBytes = false);

/// <summary>A type some <c>.x</c> file of the project defines, as other files need to refer to it.</summary>
/// <param name="Name">The name in the <c>.x</c> file.</param>
/// <param name="Kind">enum, struct, union or typedef.</param>
/// <param name="QualifiedName">The C# type, <c>global::</c>-qualified.</param>
/// <param name="DefaultValue">A valid starting value, or null when the C# default is one.</param>
internal sealed record TypeEntry(string Name, IdlTypeKind Kind, string QualifiedName, string? DefaultValue);

/// <summary>The emitted text of one <c>.x</c> file and the generator's own diagnostics about it.</summary>
internal sealed record EmitResult(string Text, EquatableArray<IdlDiagnostic> Diagnostics);
