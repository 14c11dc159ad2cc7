using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace StatusHub.Operations;

/// <summary>
/// Secrets come from environment variables (<c>Telegram__BotToken=…</c>) or from files: one file per key in the folder
/// named by <c>CREDENTIALS_DIRECTORY</c>, named like the key with <c>__</c> for <c>:</c> (<c>Telegram__BotToken</c>), which
/// is what systemd's <c>LoadCredential=</c> provides and what a container gets from <c>/run/secrets</c>. They rank with the
/// environment variables: above appsettings.json, below the command line.
/// </summary>
public static class SecretFiles
{
    public const string DirectoryVariable = "CREDENTIALS_DIRECTORY";

    public static IHostApplicationBuilder AddSecretFiles(this IHostApplicationBuilder builder)
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrWhiteSpace(directory))
        {
            return builder;
        }

        if (!Directory.Exists(directory))
        {
            throw new InvalidSettingException($"{DirectoryVariable} names {directory}, which is not a folder: point it at the folder of secret files, or unset it.");
        }

        var sources = builder.Configuration.Sources;
        var afterEnvironment = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is EnvironmentVariablesConfigurationSource).index + 1;
        var files = new Microsoft.Extensions.Configuration.KeyPerFile.KeyPerFileConfigurationSource
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetFullPath(directory)),
            // A file per key, and nothing else: dot files and the like are not settings.
            IgnorePrefix = ".",
        };
        sources.Insert(afterEnvironment, files);
        return builder;
    }
}
