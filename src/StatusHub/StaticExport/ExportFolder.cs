using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using StatusHub.Storage;

namespace StatusHub.StaticExport;

/// <summary>
/// The folder a static copy lives in, and how a new copy takes the old one's place so that a reader (a static web
/// server, a sync to object storage) never sees half of one. Each copy is first written complete into a sibling
/// (<c>site.tmp-7</c>), then put in place:
/// <list type="bullet">
/// <item><b>linked</b> (the automatic export, or any export into a folder that is already such a link): <c>site</c> is a
/// symbolic link to a complete sibling (<c>site.gen-7</c>). A new link is made beside it and renamed over it; rename(2)
/// swaps a link in one step, so every path lookup lands wholly in the old copy or wholly in the new one. The previous
/// copy is kept for readers half-way through it; older ones are deleted.</item>
/// <item><b>plain</b> (<c>export &lt;folder&gt;</c> into a new or ordinary folder): the finished sibling is renamed into
/// place, an earlier copy first renamed aside, so for that instant the folder is missing (a 404), never half-written.</item>
/// </list>
/// Only an empty folder or one holding an earlier export (it has <see cref="MarkerFile"/>) is ever replaced or deleted.
/// </summary>
public sealed partial class ExportFolder(string path, string dataDirectory)
{
    /// <summary>Written into every copy; a folder without it is not ours to replace.</summary>
    public const string MarkerFile = ".statushub-export";

    public string Path { get; } = System.IO.Path.GetFullPath(path.TrimEnd('/', '\\') is { Length: > 0 } trimmed ? trimmed : path);

    private string Parent => System.IO.Path.GetDirectoryName(Path) ?? throw new ExportRefusedException($"{Path} has no parent folder to write the new copy beside.");

    private string Name => System.IO.Path.GetFileName(Path);

    /// <summary>A folder guarded against the data folder that this app's configuration names.</summary>
    public static ExportFolder For(string path, IHostEnvironment environment, StorageOptions storage) =>
        new(path, StorageExtensions.ResolveDataDirectory(environment.ContentRootPath, storage.DataDirectory));

    /// <summary>Why this folder must not receive an export, or null when it may. Asked again before every write: the disk changes.</summary>
    public string? Refusal()
    {
        var target = Path;
        if (File.Exists(target))
        {
            return $"{target} is a file; give a folder to write the static copy into.";
        }

        var data = System.IO.Path.GetFullPath(dataDirectory);
        // Plain and link-resolved forms both: "./site" may be a link to the data folder, and the data folder may sit behind one.
        foreach (var (t, d) in new[] { (target, data), (RealPath(target), RealPath(data)) })
        {
            if (SamePath(t, d))
            {
                return $"{target} is the data folder (Storage:DataDirectory); an export there would replace the database. Choose another folder.";
            }

            if (IsInside(d, t))
            {
                return $"{target} contains the data folder {data} (Storage:DataDirectory); an export there would replace the database. Choose another folder.";
            }
        }

        if (Directory.Exists(target) && !IsReplaceable(target))
        {
            return $"{target} is neither empty nor an earlier StatusHub export (no {MarkerFile} in it); StatusHub replaces only its own copies. Choose a new or empty folder.";
        }

        return null;
    }

    /// <summary>The copy readers see now: the folder itself, or where its link points. Null before the first export.</summary>
    public string? Current() => new DirectoryInfo(Path) switch
    {
        { LinkTarget: not null } link => link.ResolveLinkTarget(returnFinalTarget: true)?.FullName,
        { Exists: true } => Path,
        _ => null,
    };

    /// <summary>A new, empty sibling folder to write the next copy into.</summary>
    public string CreateStaging()
    {
        ThrowIfRefused();
        Directory.CreateDirectory(Parent);
        while (true)
        {
            var staging = Sibling("tmp", NextNumber());
            if (!Directory.Exists(staging))
            {
                Directory.CreateDirectory(staging);
                return staging;
            }
        }
    }

    /// <summary>
    /// Puts the complete copy in <paramref name="staging"/> in place (see the class summary). <paramref name="linked"/> asks
    /// for the linked layout; a folder that is already a link stays one. Returns where the copy now lives. Earlier copies
    /// stay beside it until <see cref="RemoveOldCopies"/>: deleting a thousand files can take longer than writing them.
    /// </summary>
    public string Publish(string staging, bool linked)
    {
        ThrowIfRefused();
        var isLink = new DirectoryInfo(Path).LinkTarget is not null;
        return linked || isLink ? SwapLink(staging, isLink) : ReplaceFolder(staging);
    }

    /// <summary>
    /// Deletes earlier copies beside the folder: every one put aside, and every linked copy but the current one, the one
    /// before it (a reader may be half-way through it) and those in <paramref name="keep"/> (an after-command reading one).
    /// </summary>
    public void RemoveOldCopies(IReadOnlyCollection<string>? keep = null)
    {
        var current = Current();
        var generations = Siblings("gen").OrderByDescending(g => g.Number).ToList();
        var currentNumber = generations.FirstOrDefault(g => g.Folder == current).Number;
        var previous = generations.FirstOrDefault(g => g.Number < currentNumber).Folder;
        var old = generations.Where(g => g.Number < currentNumber && g.Folder != previous).Concat(Siblings("old"));
        foreach (var (folder, _) in old)
        {
            if ((keep ?? []).Contains(folder, StringComparer.Ordinal) || !IsReplaceable(folder))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Still busy (a server holding a file open on some systems): the next export tries again.
            }
        }
    }

    private void ThrowIfRefused()
    {
        if (Refusal() is { } refusal)
        {
            throw new ExportRefusedException(refusal);
        }
    }

    private string SwapLink(string staging, bool isLink)
    {
        var number = NumberOf(staging);
        var generation = Sibling("gen", number);
        Directory.Move(staging, generation);
        if (!isLink && Directory.Exists(Path))
        {
            // A plain folder from an earlier command-line export (or an empty one) is put aside; from now on it is a link.
            Directory.Move(Path, Sibling("old", number));
        }

        var link = Sibling("link", number);
        File.CreateSymbolicLink(link, System.IO.Path.GetFileName(generation));
        if (rename(link, Path) != 0)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            File.Delete(link);
            throw new IOException($"Could not point {Path} at the new copy {generation}: {error}");
        }

        return generation;
    }

    private string ReplaceFolder(string staging)
    {
        if (Directory.Exists(Path))
        {
            Directory.Move(Path, Sibling("old", NumberOf(staging)));
        }

        Directory.Move(staging, Path);
        return Path;
    }

    private string Sibling(string kind, long number) => System.IO.Path.Combine(Parent, $"{Name}.{kind}-{number.ToString(CultureInfo.InvariantCulture)}");

    private IEnumerable<(string Folder, long Number)> Siblings(string kind)
    {
        if (!Directory.Exists(Parent))
        {
            yield break;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(Parent, Name + ".*"))
        {
            // The pattern also matches the folder itself.
            var name = System.IO.Path.GetFileName(entry);
            if (name.Length <= Name.Length + 1)
            {
                continue;
            }

            var match = SiblingName().Match(name[(Name.Length + 1)..]);
            if (match.Success && (kind == "*" || match.Groups["kind"].Value == kind))
            {
                yield return (entry, long.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    private long NextNumber() => Siblings("*").Select(s => s.Number).DefaultIfEmpty(0).Max() + 1;

    private long NumberOf(string sibling) => long.Parse(SiblingName().Match(System.IO.Path.GetFileName(sibling)[(Name.Length + 1)..]).Groups["n"].Value, CultureInfo.InvariantCulture);

    private static bool IsReplaceable(string folder) =>
        File.Exists(System.IO.Path.Combine(folder, MarkerFile)) || !Directory.EnumerateFileSystemEntries(folder).Any();

    private static bool SamePath(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), PathComparison);

    private static bool IsInside(string inner, string outer) =>
        inner.StartsWith(outer.TrimEnd('/') + System.IO.Path.DirectorySeparatorChar, PathComparison) || outer == "/";

    private static StringComparison PathComparison => OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>The path with every symbolic link along it resolved, as far as it exists; the rest appended unchanged.</summary>
    private static string RealPath(string path)
    {
        var existing = System.IO.Path.GetFullPath(path);
        var rest = new Stack<string>();
        while (!Directory.Exists(existing) && !File.Exists(existing) && System.IO.Path.GetDirectoryName(existing) is { } parent)
        {
            rest.Push(System.IO.Path.GetFileName(existing));
            existing = parent;
        }

        var resolved = realpath(existing, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return System.IO.Path.GetFullPath(path);
        }

        try
        {
            return System.IO.Path.Combine([Marshal.PtrToStringUTF8(resolved)!, .. rest]);
        }
        finally
        {
            free(resolved);
        }
    }

    [GeneratedRegex(@"^(?<kind>tmp|gen|old|link)-(?<n>\d{1,18})$")]
    private static partial Regex SiblingName();

    // .NET's File.Move will not move a link that points at a folder, and has no realpath.
#pragma warning disable SYSLIB1054
    [DllImport("libc", SetLastError = true)]
    private static extern int rename(string oldPath, string newPath);

    [DllImport("libc", SetLastError = true)]
    private static extern IntPtr realpath(string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
#pragma warning restore SYSLIB1054
}

/// <summary>The export was not written, and nothing was touched, because the target folder must not receive one.</summary>
public sealed class ExportRefusedException(string message) : Exception(message);
