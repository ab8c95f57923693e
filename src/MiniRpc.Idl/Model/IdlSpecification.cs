using System;

namespace MiniRpc.Idl.Model;

/// <summary>
/// The bound model of one <c>.x</c> file and the files it includes: plain data with value equality, so the source
/// generator can cache on it.
/// </summary>
/// <param name="FilePath">The path of the main file, as the caller named it.</param>
/// <param name="Constants">The <c>const</c> definitions in source order.</param>
/// <param name="Types">The enum, struct, union and typedef definitions in source order.</param>
/// <param name="Programs">The program definitions in source order.</param>
/// <param name="PassThroughLines">The <c>%</c> lines, in source order.</param>
/// <param name="IncludedFiles">The paths of the files read through <c>#include</c>, in the order first read.</param>
public sealed record IdlSpecification(
    string FilePath,
    EquatableArray<IdlConstant> Constants,
    EquatableArray<IdlTypeDefinition> Types,
    EquatableArray<IdlProgram> Programs,
    EquatableArray<IdlPassThrough> PassThroughLines,
    EquatableArray<string> IncludedFiles)
{
    /// <summary>Finds a type definition by name (case-sensitive, as in the RPC language).</summary>
    /// <param name="name">The type's name.</param>
    /// <returns>The definition, or <see langword="null"/> when the file defines no such type.</returns>
    public IdlTypeDefinition? FindType(string name)
    {
        foreach (IdlTypeDefinition type in Types)
        {
            if (string.Equals(type.Name, name, StringComparison.Ordinal))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>Finds a constant by name.</summary>
    /// <param name="name">The constant's name.</param>
    /// <returns>The constant, or <see langword="null"/> when the file defines no such constant.</returns>
    public IdlConstant? FindConstant(string name)
    {
        foreach (IdlConstant constant in Constants)
        {
            if (string.Equals(constant.Name, name, StringComparison.Ordinal))
            {
                return constant;
            }
        }

        return null;
    }
}
