namespace NrsGirls.Shared.Configuration;

/// <summary>How an exception is named in a log line, a health reason or a CLI error: its type and the first line of its message.</summary>
public static class ExceptionText
{
    public static string OneLine(Exception e) => e.GetType().Name + ": " + FirstLine(e.Message);

    public static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
