namespace MiniRpc.Interop.Tests.TestSupport;

internal static class TestTimeouts
{
    /// <summary>Polls <paramref name="condition"/> until it holds, for 60 s at most.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }
}
