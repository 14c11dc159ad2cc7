using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace StatusHub.Hosting;

/// <summary>
/// The addresses StatusHub listens on (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), checked before the host starts: a mistyped
/// one was refused by Kestrel halfway through the start, with a stack trace and exit code 134.
/// </summary>
public static class ListenAddresses
{
    public const string Key = "urls";

    private const string Example = "write each as scheme://host:port, e.g. http://0.0.0.0:8080, several separated by ';'";

    /// <summary>Throws <see cref="InvalidSettingException"/> naming every address that is not one.</summary>
    public static void Check(IConfiguration configuration)
    {
        var wrong = (configuration[Key] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(url => !IsAddress(url))
            .ToList();
        if (wrong.Count > 0)
        {
            throw new InvalidSettingException($"{Key} has {string.Join(", ", wrong.Select(w => $"'{w}'"))}, which is not an address to listen on: {Example}.");
        }
    }

    /// <summary>
    /// What a start Kestrel refused says (the address is taken; https without a certificate), or null for any other failure.
    /// The host has logged it with its stack trace by then; this is the last line, the one an operator acts on.
    /// </summary>
    public static string? WhyNotListening(Exception ex) => ex switch
    {
        IOException { InnerException: AddressInUseException } =>
            $"{ex.Message.TrimEnd('.')}. Another program (or another StatusHub) listens there: stop it, or choose another port with --urls.",
        InvalidOperationException when ex.TargetSite?.DeclaringType?.Assembly == typeof(KestrelServerOptions).Assembly =>
            $"{ex.Message.Split('\n')[0].Trim()} StatusHub is meant to serve plain http behind a reverse proxy that holds the certificate (README, HTTPS).",
        _ => null,
    };

    private static bool IsAddress(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            return address.Scheme is "http" or "https" && (address.IsUnixPipe || address.Port is >= 0 and <= 65535);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
