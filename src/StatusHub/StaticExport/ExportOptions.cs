using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using StatusHub.Storage;

namespace StatusHub.StaticExport;

/// <summary>The <c>Export</c> section: a static copy of the public site kept up to date after every change.</summary>
public sealed class ExportOptions
{
    public const string Section = "Export";

    /// <summary>Where the copy lives (relative to the content root, as the data folder); empty: no automatic export.</summary>
    public string? Directory { get; set; }

    /// <summary>Run through the shell after each export, <c>{dir}</c> replaced by the quoted folder of the new copy,
    /// e.g. <c>rclone sync {dir} remote:bucket</c>. Retried with backoff while it fails.</summary>
    public string? AfterCommand { get; set; }

    /// <summary>How long the content must stay unchanged before it is exported, so a burst of edits makes one export.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00", ErrorMessage = "Export:Debounce must be a time span between 00:00:00.001 and 00:10:00, such as 00:00:02.")]
    public TimeSpan Debounce { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An after-command still running after this long is stopped and counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Export:AfterCommandTimeout must be a time span such as 00:05:00.")]
    public TimeSpan AfterCommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsOn => !string.IsNullOrWhiteSpace(Directory);

    public string ResolveDirectory(string contentRootPath) => Path.GetFullPath(Path.Combine(contentRootPath, Directory ?? ""));
}

/// <summary>Refuses at start-up a folder the export must never replace: the data folder, a parent of it, a file, someone else's files.</summary>
public sealed class ExportOptionsValidation(IHostEnvironment environment, IOptions<StorageOptions> storage) : IValidateOptions<ExportOptions>
{
    public ValidateOptionsResult Validate(string? name, ExportOptions options)
    {
        if (!options.IsOn)
        {
            return string.IsNullOrWhiteSpace(options.AfterCommand)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Export:AfterCommand is set but Export:Directory is not: set Export:Directory to the folder the static copy is kept in.");
        }

        var folder = ExportFolder.For(options.ResolveDirectory(environment.ContentRootPath), environment, storage.Value);
        return folder.Refusal() is { } refusal ? ValidateOptionsResult.Fail($"Export:Directory: {refusal}") : ValidateOptionsResult.Success;
    }
}
