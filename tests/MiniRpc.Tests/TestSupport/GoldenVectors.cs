using System.IO;

namespace MiniRpc.Tests.TestSupport;

/// <summary>One row of Vectors/msg-libtirpc.tsv: bytes that libtirpc sent for msg.x.</summary>
public sealed record GoldenVector(string Name, string Transport, string Direction, int Length, byte[] Bytes)
{
    public bool IsTcp => Transport == "tcp";

    public bool IsCall => Direction == "call";

    public override string ToString() => $"{Name} {Transport} {Direction}";
}

internal static class GoldenVectors
{
    private static readonly Lazy<IReadOnlyList<GoldenVector>> s_all = new(Load);

    public static IReadOnlyList<GoldenVector> All => s_all.Value;

    public static GoldenVector Get(string name, string transport, string direction) =>
        All.Single(v => v.Name == name && v.Transport == transport && v.Direction == direction);

    /// <summary>xunit member data: every vector, by its key.</summary>
    public static TheoryData<string, string, string> Keys()
    {
        var data = new TheoryData<string, string, string>();
        foreach (GoldenVector vector in All)
        {
            data.Add(vector.Name, vector.Transport, vector.Direction);
        }

        return data;
    }

    private static IReadOnlyList<GoldenVector> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Vectors", "msg-libtirpc.tsv");
        var vectors = new List<GoldenVector>();
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] fields = line.Split('\t');
            var vector = new GoldenVector(fields[0], fields[1], fields[2], int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture), Hex.Parse(fields[4]));
            if (vector.Bytes.Length != vector.Length)
            {
                throw new InvalidDataException($"Vector {vector} says {vector.Length} bytes but holds {vector.Bytes.Length}.");
            }

            vectors.Add(vector);
        }

        if (vectors.Count == 0)
        {
            throw new InvalidDataException($"No vectors in {path}.");
        }

        return vectors;
    }
}
