using System.Text.Json;
using System.Text.RegularExpressions;
using StatusHub.Channels;
using StatusHub.Storage;

namespace StatusHub.Incidents.Templates;

/// <summary>
/// The templates in templates/incidents/*.json, read each time they are offered so an operator's edit shows at once.
/// A file that cannot be read or breaks a rule is logged and skipped; the others are still offered.
/// </summary>
public sealed partial class ShippedIncidentTemplates
{
    public const int MaxFileBytes = 64 * 1024;
    public const string IdPrefix = "shipped-";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly string _folder;
    private readonly IReadOnlyCollection<string> _channels;
    private readonly ILogger<ShippedIncidentTemplates> _logger;

    public ShippedIncidentTemplates(IHostEnvironment environment, NotificationPublisher publisher, ILogger<ShippedIncidentTemplates> logger)
        : this(Path.Combine(environment.ContentRootPath, "templates", "incidents"), publisher.Channels.Select(c => c.Name).ToList(), logger)
    {
    }

    public ShippedIncidentTemplates(string folder, IReadOnlyCollection<string> channels, ILogger<ShippedIncidentTemplates> logger)
    {
        _folder = folder;
        _channels = channels;
        _logger = logger;
    }

    public IReadOnlyList<IncidentTemplate> All()
    {
        if (!Directory.Exists(_folder))
        {
            return [];
        }

        var found = new List<IncidentTemplate>();
        foreach (var file in Directory.EnumerateFiles(_folder, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                if (new FileInfo(file).Length > MaxFileBytes)
                {
                    throw new ValidationException($"the file is over {MaxFileBytes} bytes");
                }

                found.Add(Parse(Path.GetFileName(file), File.ReadAllText(file), _channels));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ValidationException or JsonException)
            {
                _logger.LogError("Incident template {File} is not offered: {Error}", file, ex.Message);
            }
        }

        return found;
    }

    /// <summary>One file's template, checked by the same rules as one staff save (<see cref="IncidentTemplateRules"/>).</summary>
    public static IncidentTemplate Parse(string fileName, string json, IReadOnlyCollection<string> channels)
    {
        var fields = JsonSerializer.Deserialize<IncidentTemplateFields>(json, Json) ?? throw new ValidationException("the file holds no template");
        var draft = fields.ToDraft(current: null, path: "");
        var slug = NotIdCharacters().Replace(Path.GetFileNameWithoutExtension(fileName).ToLowerInvariant(), "-");
        return IncidentTemplateRules.Check(draft, channels) with { Id = IdPrefix + slug, File = fileName };
    }

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex NotIdCharacters();
}
