using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace StatusHub.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// The data folder (created on first start), the migrated LiteDB file in it, and the DataProtection
    /// keys beside it so sign-in cookies survive restarts.
    /// </summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingletonTimeProvider();

        var dataDirectory = ResolveDataDirectory(builder);
        // Made by the container, so disposing it (the app stopping, a test's container) releases the folder's lock.
        builder.Services.AddSingleton(_ => new DataFolder(dataDirectory));
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            services.GetRequiredService<DataFolder>().Take();
            var path = Path.Combine(dataDirectory, options.DatabaseFileName);
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LiteStore).FullName!);
            var backup = Migrator.Migrate(path, SchemaMigrations.All, services.GetRequiredService<TimeProvider>(), message => logger.LogInformation("{Message}", message));
            if (backup is not null)
            {
                logger.LogInformation("Database migrated to schema version {Version}; the previous file was kept as {Backup}", Migrator.LatestVersion(SchemaMigrations.All), backup);
            }

            var store = new LiteStore(path);
            ReadOnlyMode.Restore(store, options, services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            if (store.ReadOnly is { } readOnly)
            {
                logger.LogWarning("{Sentence}", readOnly.Sentence);
            }

            return store;
        });
        builder.Services.AddSingleton<ReadOnlyMode>();

        CreateFolder(dataDirectory);
        CreateFolder(Path.Combine(dataDirectory, "keys"));
        builder.Services.AddDataProtection()
            .SetApplicationName("StatusHub")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        return builder;
    }

    /// <summary>
    /// Creates the data folder or a folder in it, when new, for its owner alone: the database holds
    /// password and key hashes and subscribers' addresses, <c>keys/</c> the keys that decrypt second factors and webhook
    /// URLs. One that cannot be made is a wrong setting.
    /// </summary>
    private static void CreateFolder(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException($"{StorageOptions.Section}:{nameof(StorageOptions.DataDirectory)}: {path} cannot be created: {ex.Message}");
        }
    }

    public static string ResolveDataDirectory(IHostApplicationBuilder builder) =>
        ResolveDataDirectory(builder.Environment.ContentRootPath, builder.Configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.DataDirectory)}"]);

    /// <summary>The absolute data folder for a configured <c>Storage:DataDirectory</c> (relative to the content root, "data" when unset).</summary>
    public static string ResolveDataDirectory(string contentRootPath, string? configured) =>
        Path.GetFullPath(Path.Combine(contentRootPath, string.IsNullOrWhiteSpace(configured) ? "data" : configured));

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
