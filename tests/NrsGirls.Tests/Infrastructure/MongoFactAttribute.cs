namespace NrsGirls.Tests.Infrastructure;

/// <summary>
/// A test that needs a real mongod. MongoDB cannot be installed on these machines (no Debian package),
/// so it runs only where NRSGIRLS_TEST_MONGODB_URI points at a server, and is reported as skipped with
/// that reason otherwise. The same code is covered everywhere by tests that render what the driver sends.
/// </summary>
public sealed class MongoFactAttribute : FactAttribute
{
    public static string? Uri => Environment.GetEnvironmentVariable("NRSGIRLS_TEST_MONGODB_URI") is { Length: > 0 } u ? u : null;

    public MongoFactAttribute()
    {
        if (Uri is null) Skip = "No mongod reachable: set NRSGIRLS_TEST_MONGODB_URI=mongodb://127.0.0.1:27017/nrsgirls_test to run it.";
    }
}
