namespace StatusHub.Channels;

/// <summary>
/// What a channel reads of an HTTP answer from a provider, platform or endpoint it posts to: at most a bound of
/// characters from the start of the body, never trusting the body's size.
/// </summary>
public static class AnswerBody
{
    public static async Task<string> ReadAsync(HttpResponseMessage response, int maxChars, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var buffer = new char[maxChars];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        return new string(buffer, 0, read);
    }
}
