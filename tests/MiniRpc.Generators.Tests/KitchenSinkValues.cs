using KitchenSink;
using MiniRpc.Xdr;

namespace MiniRpc.Generators.Tests;

/// <summary>The values ks_vectors.c encodes, built from the generated C# types; names match the C program's.</summary>
internal static class KitchenSinkValues
{
    public static ks_point Point(int x, int y) => new() { x = x, y = y };

    public static ks_scalars Scalars() => new()
    {
        i = -123456,
        u = 4000000000,
        h = -9000000000000000000,
        uh = 18000000000000000000,
        f = 3.5f,
        d = -0.125,
        b = true,
        s = -300,
        us = 65000,
        color = ks_color.KS_INFRARED,
    };

    public static byte[] HashBytes => Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    /// <summary>Each value with the codec that writes and reads it.</summary>
    public static IEnumerable<(string Name, object Value, Func<object, byte[]> Encode, Func<byte[], object> Decode)> All()
    {
        yield return Entry("point", Point(-5, int.MaxValue), ks_point.Encode, ks_point.Decode);
        yield return Entry("scalars", Scalars(), ks_scalars.Encode, ks_scalars.Decode);
        yield return Entry(
            "node",
            new ks_node { value = 1, label = "one", next = new ks_node { value = 2, label = "two", next = new ks_node { value = 3, label = "three" } } },
            ks_node.Encode,
            ks_node.Decode);
        yield return Entry<ks_result>("result_point", new ks_result.Case0 { point = Point(1, 2) }, ks_result.Encode, ks_result.Decode);
        yield return Entry<ks_result>("result_void", new ks_result.Case1(2), ks_result.Encode, ks_result.Decode);
        yield return Entry<ks_result>("result_message", new ks_result.CaseMinus3 { message = "bad" }, ks_result.Encode, ks_result.Decode);
        yield return Entry<ks_result>("result_default", new ks_result.Default(99) { code = 1234567890123 }, ks_result.Encode, ks_result.Decode);
        yield return Entry<ks_shape>("shape_red", new ks_shape.KS_RED { center = Point(3, 4) }, ks_shape.Encode, ks_shape.Decode);
        yield return Entry<ks_shape>("shape_green", Green(), ks_shape.Encode, ks_shape.Decode);
        yield return Entry<ks_shape>("shape_blue", new ks_shape.KS_BLUE(), ks_shape.Encode, ks_shape.Decode);
        yield return Entry<ks_shape>("shape_default", new ks_shape.Default(ks_color.KS_ULTRA) { other = 77 }, ks_shape.Encode, ks_shape.Decode);
        yield return Entry<ks_maybe>("maybe_true", new ks_maybe.TRUE { value = 2.5 }, ks_maybe.Encode, ks_maybe.Decode);
        yield return Entry<ks_maybe>("maybe_false", new ks_maybe.FALSE(), ks_maybe.Encode, ks_maybe.Decode);
        yield return Entry<ks_either>("either_left", new ks_either.Case1 { left = -9 }, ks_either.Encode, ks_either.Decode);
        yield return Entry<ks_either>("either_right", new ks_either.Case2 { right = -2 }, ks_either.Encode, ks_either.Decode);
        yield return Entry<ks_name>("name", "just a name", ks_name.Encode, ks_name.Decode);
        yield return Entry<ks_hash>("hash", HashBytes, ks_hash.Encode, ks_hash.Decode);
        yield return Entry<ks_blob>("blob", new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01 }, ks_blob.Encode, ks_blob.Decode);
        yield return Entry<ks_ints>("ints", new[] { 1, 2, 3 }, ks_ints.Encode, ks_ints.Decode);
        yield return Entry("color", ks_color.KS_ULTRA, ks_colorXdr.Encode, ks_colorXdr.Decode);
        yield return Entry("everything", Everything(), ks_everything.Encode, ks_everything.Decode);
        yield return Entry("everything_sparse", Sparse(), ks_everything.Encode, ks_everything.Decode);
    }

    public static ks_shape Green() => new ks_shape.KS_GREEN { corners = [Point(1, 1), Point(2, 2)] };

    public static ks_everything Everything() => new()
    {
        scalars = Scalars(),
        name = "everything",
        hash = HashBytes,
        blob = new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01 },
        ints = new[] { 1, 2, 3 },
        fixed_points = [Point(0, 0), Point(1, -1), Point(2, -2)],
        points = [Point(7, 8), Point(9, 10)],
        list = new ks_node { value = 10, label = "a", next = new ks_node { value = 20, label = "bb" } },
        result = new ks_result.Case0 { point = Point(5, 6) },
        shape = Green(),
        maybe = new ks_maybe.TRUE { value = 1.5 },
        optional_int = 42,
        raw = [1, 2, 3, 4, 5],
        free_text = "h\u00e9llo",
    };

    public static ks_everything Sparse() => new()
    {
        scalars = Scalars(),
        name = string.Empty,
        result = new ks_result.Default(99) { code = -1 },
        shape = new ks_shape.KS_BLUE(),
        maybe = new ks_maybe.FALSE(),
    };

    private static (string, object, Func<object, byte[]>, Func<byte[], object>) Entry<T>(string name, T value, XdrEncoder<T> encode, XdrDecoder<T> decode)
        where T : notnull =>
        (name, value, v => Encode((T)v, encode), bytes => Decode(bytes, decode));

    public static byte[] Encode<T>(T value, XdrEncoder<T> encode)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new XdrWriter(buffer);
        encode(ref writer, value);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static T Decode<T>(byte[] bytes, XdrDecoder<T> decode)
    {
        var reader = new XdrReader(bytes);
        T value = decode(ref reader);
        reader.ExpectEnd();
        return value;
    }
}
