using System.Reflection;
using System.Text.RegularExpressions;

namespace StatusHub.Postmortems;

/// <summary>A Markdown outline a post-mortem starts from. <see cref="Description"/> comes from the file's leading HTML comment.</summary>
public sealed record Skeleton(string Name, string Description, string Body);

/// <summary>
/// The skeletons in templates/postmortems/*.md, read when staff start a post-mortem so an operator's edit shows at once.
/// The shipped ones are compiled in too: with the folder gone or emptied, staff can still start from them.
/// </summary>
public sealed partial class PostmortemSkeletons
{
    public const int MaxFileBytes = 100_000;
    private static readonly string[] BuiltInNames = ["full", "short"];
    private readonly string _folder;
    private readonly ILogger<PostmortemSkeletons> _logger;

    public PostmortemSkeletons(IHostEnvironment environment, ILogger<PostmortemSkeletons> logger)
        : this(Path.Combine(environment.ContentRootPath, "templates", "postmortems"), logger)
    {
    }

    public PostmortemSkeletons(string folder, ILogger<PostmortemSkeletons> logger)
    {
        _folder = folder;
        _logger = logger;
    }

    public IReadOnlyList<Skeleton> All()
    {
        var found = new List<Skeleton>();
        if (Directory.Exists(_folder))
        {
            foreach (var file in Directory.EnumerateFiles(_folder, "*.md").Order(StringComparer.Ordinal))
            {
                if (Read(file) is { } skeleton)
                {
                    found.Add(skeleton);
                }
            }
        }

        return found.Count > 0 ? found : BuiltInNames.Select(BuiltIn).ToList();
    }

    public Skeleton? Find(string name) => All().FirstOrDefault(s => s.Name == name);

    public static Skeleton Parse(string name, string text)
    {
        var match = LeadingComment().Match(text);
        var description = match.Success ? Whitespace().Replace(match.Groups[1].Value, " ").Trim() : "";
        var body = (match.Success ? text[match.Length..] : text).ReplaceLineEndings("\n").Trim();
        return new Skeleton(name, description, body);
    }

    private Skeleton? Read(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (info.Length > MaxFileBytes)
            {
                _logger.LogError("Post-mortem skeleton {File} is {Size} bytes, over the {Max} a skeleton may have; it is not offered.", file, info.Length, MaxFileBytes);
                return null;
            }

            return Parse(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file));
        }
        catch (IOException ex)
        {
            _logger.LogError("Post-mortem skeleton {File} cannot be read: {Error}", file, ex.Message);
            return null;
        }
    }

    private static Skeleton BuiltIn(string name)
    {
        var resource = $"templates/postmortems/{name}.md";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The built-in skeleton {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(name, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^\s*<!--(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex LeadingComment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
