using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace StatusHub.EndToEnd.Support;

/// <summary>
/// The errors a page writes to the browser's console, Content-Security-Policy refusals among them: a script, style or
/// connection the policy blocks fails quietly on the page and is only said there.
/// </summary>
public sealed class ConsoleErrors
{
    private readonly ConcurrentQueue<string> _errors = new();

    public static ConsoleErrors Of(params IPage[] pages)
    {
        var errors = new ConsoleErrors();
        foreach (var page in pages)
        {
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    errors._errors.Enqueue($"{page.Url}: {message.Text}");
                }
            };
        }

        return errors;
    }

    public IReadOnlyCollection<string> All => [.. _errors];
}
