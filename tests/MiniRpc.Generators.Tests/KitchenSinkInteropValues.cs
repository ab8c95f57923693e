using KitchenSink;

namespace MiniRpc.Generators.Tests;

/// <summary>The values the interop tests send beyond <see cref="KitchenSinkValues"/>; they equal KitchenSink/ks_values.c's.</summary>
internal static class KitchenSinkInteropValues
{
    /// <summary>ks_values.h: KS_BIG_BLOB_LENGTH, so that a KS_ECHO record exceeds libtirpc's 64 KiB TCP buffer.</summary>
    public const int BigBlobLength = 65536;

    /// <summary>ks_values.h: KS_BIG_TEXT_LENGTH.</summary>
    public const int BigTextLength = 1024;

    /// <summary>The longest ks_name: KS_MAXNAME bytes.</summary>
    public static readonly string LongestName = new('m', KitchensinkConstants.KS_MAXNAME);

    /// <summary><see cref="KitchenSinkValues.Everything"/> with a 64 KiB blob and a 1 KiB free_text (ks_value_big).</summary>
    public static ks_everything Big()
    {
        ks_everything big = KitchenSinkValues.Everything();
        big.blob = Enumerable.Range(0, BigBlobLength).Select(i => (byte)((i * 7) + 3)).ToArray();
        big.free_text = new string(Enumerable.Range(0, BigTextLength).Select(i => (char)('a' + (i % 26))).ToArray());
        return big;
    }

    /// <summary>1 "a" -> 2 "b" (ks_value_pair).</summary>
    public static ks_node Pair() => new() { value = 1, label = "a", next = new ks_node { value = 2, label = "b" } };

    /// <summary>0 "n0" -> 1 "n1" -> ... (ks_value_list).</summary>
    public static ks_node List(int count) => Chain(Enumerable.Range(0, count));

    /// <summary>count-1 "n(count-1)" -> ... -> 0 "n0": what KS_REVERSE makes of <see cref="List"/>.</summary>
    public static ks_node ReversedList(int count) => Chain(Enumerable.Range(0, count).Reverse());

    private static ks_node Chain(IEnumerable<int> values)
    {
        ks_node? head = null;
        foreach (int value in values.Reverse())
        {
            head = new ks_node { value = value, label = $"n{value}", next = head };
        }

        return head!;
    }

    /// <summary>A value as lower-case hex of its XDR encoding by our generated codec, as ks_client prints results.</summary>
    public static string Hex<T>(T value, MiniRpc.Xdr.XdrEncoder<T> encode) => Convert.ToHexStringLower(KitchenSinkValues.Encode(value, encode));
}
