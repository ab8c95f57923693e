namespace MiniRpc.Idl.Preprocessing;

/// <summary>One macro substitution on a line: the source name's column and length, and those of its replacement.</summary>
internal readonly record struct ColumnShift(int OutputColumn, int OutputLength, int SourceColumn, int SourceLength);
