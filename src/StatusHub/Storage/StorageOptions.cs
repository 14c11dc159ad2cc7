using System.ComponentModel.DataAnnotations;

namespace StatusHub.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder holding the LiteDB file, its backups and the DataProtection keys; relative paths are resolved against the content root.</summary>
    [Required(ErrorMessage = "Storage:DataDirectory must name a folder, e.g. \"data\".")]
    public string DataDirectory { get; set; } = "data";

    public string DatabaseFileName { get; set; } = "statushub.db";

    /// <summary>Starts read-only (<c>--read-only</c>): every write but the outbox's deliveries and sign-in is refused, and no admin can switch it off.</summary>
    public bool ReadOnly { get; set; }
}
