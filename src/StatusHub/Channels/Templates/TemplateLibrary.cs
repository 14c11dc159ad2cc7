using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using StatusHub.Channels.Outbox;
using StatusHub.Localization;

namespace StatusHub.Channels.Templates;

/// <summary>A template that could not be used, with where and why.</summary>
public sealed record TemplateProblem(string File, string Error);

/// <summary>
/// The Liquid templates (Fluid) in the top-level templates/ folder. For a channel, event and part
/// ("text", "subject", "html") the first of these that parses is used:
/// <c>templates/{channel}/{event}.{part}.liquid</c>, <c>templates/{channel}/default.{part}.liquid</c>,
/// then the same default built into the app. A template with a syntax error is reported with its file
/// and line, once, and the next one in line is used instead. Another language than English looks in
/// <c>templates/{channel}/{language}/</c> first (the same names, then its built-in copies) and falls back to the English chain.
/// </summary>
public sealed class TemplateLibrary
{
    /// <summary>Encodes only what HTML needs (&lt; &gt; &amp; quotes), leaving every other character readable.</summary>
    public static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = false });
    private static readonly TemplateOptions Options = CreateOptions();

    /// <summary>The names a template file may start with: every event's wire name, and "default".</summary>
    private static readonly HashSet<string> Stems = [.. Enum.GetValues<NotificationEvent>().Select(e => e.ToWire()), "default"];
    private readonly string _folder;
    private readonly ILogger<TemplateLibrary> _logger;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TemplateProblem> _problems = new(StringComparer.Ordinal);

    public TemplateLibrary(IHostEnvironment environment, ILogger<TemplateLibrary> logger)
        : this(Path.Combine(environment.ContentRootPath, "templates"), logger)
    {
    }

    public TemplateLibrary(string folder, ILogger<TemplateLibrary> logger)
    {
        _folder = folder;
        _logger = logger;
    }

    public IReadOnlyCollection<TemplateProblem> Problems => [.. _problems.Values.OrderBy(p => p.File, StringComparer.Ordinal)];

    /// <summary>
    /// Parses every template on disk now, so mistakes show in the start-up log rather than at the first outage; a file
    /// named for no event (a typo, a dash for an underscore) would silently never be used, so it is reported too.
    /// </summary>
    public void Check(IEnumerable<string> channels)
    {
        foreach (var channel in channels)
        {
            var directory = Path.Combine(_folder, channel);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var sub in Directory.EnumerateDirectories(directory).Where(d => !Translated.Contains(Path.GetFileName(d))))
            {
                Report(sub, $"no language is named '{Path.GetFileName(sub)}', so nothing in it is used; name it after one of {string.Join(", ", Translated)}");
            }

            foreach (var file in Translated.Select(l => Path.Combine(directory, l)).Where(Directory.Exists).Prepend(directory)
                .SelectMany(d => Directory.EnumerateFiles(d, "*.liquid")))
            {
                var stem = Path.GetFileName(file).Split('.')[0];
                if (!Stems.Contains(stem))
                {
                    Report(file, $"no event is named '{stem}', so it is never used; name it after one of {string.Join(", ", Stems.Order(StringComparer.Ordinal))}");
                    continue;
                }

                TryParseFile(file, out _);
            }
        }
    }

    public string Render(string channel, NotificationEvent notificationEvent, string part, IReadOnlyDictionary<string, object?> model, TextEncoder encoder, string language = Languages.Default)
    {
        var template = Resolve(channel, notificationEvent.ToWire(), part, language);
        var context = new TemplateContext(Options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }

        return template.Render(context, encoder).Trim();
    }

    /// <summary>The languages with their own folder (English is the channel folder itself).</summary>
    private static readonly string[] Translated = [.. Languages.Supported.Where(l => l != Languages.Default)];

    private IFluidTemplate Resolve(string channel, string eventName, string part, string language) =>
        _cache.GetOrAdd($"{channel}/{language}/{eventName}.{part}", _ =>
            (Translated.Contains(language) ? Find(Path.Combine(channel, language), eventName, part) : null)
            ?? Find(channel, eventName, part)
            ?? throw new InvalidOperationException($"No built-in template templates/{channel}/default.{part}.liquid."));

    /// <summary>The operator's file for the event, their default, then the built-in copies of the same two; null when none is there.</summary>
    private IFluidTemplate? Find(string folder, string eventName, string part)
    {
        foreach (var stem in new[] { eventName, "default" })
        {
            var file = Path.Combine(_folder, folder, $"{stem}.{part}.liquid");
            if (File.Exists(file) && TryParseFile(file, out var template))
            {
                return template;
            }
        }

        return BuiltIn(folder, eventName, part) ?? BuiltIn(folder, "default", part);
    }

    private bool TryParseFile(string file, out IFluidTemplate template)
    {
        string source;
        try
        {
            source = File.ReadAllText(file);
        }
        catch (IOException ex)
        {
            Report(file, ex.Message);
            template = default!;
            return false;
        }

        if (Parser.TryParse(source, out template, out var error))
        {
            return true;
        }

        Report(file, error.Split('\n')[0].Trim());
        return false;
    }

    private void Report(string file, string error)
    {
        var relative = Path.GetRelativePath(Path.GetDirectoryName(_folder) ?? _folder, file);
        if (_problems.TryAdd(relative, new TemplateProblem(relative, error)))
        {
            _logger.LogError("Template {File} cannot be used: {Error}. The built-in default is used instead until it is fixed.", relative, error);
        }
    }

    /// <summary>
    /// The templates shipped in templates/ are also compiled in, so a broken or deleted file never silences a channel
    /// (nor turns a sign-up confirmation into a generic notice without its link).
    /// </summary>
    private static IFluidTemplate? BuiltIn(string folder, string stem, string part)
    {
        var name = $"templates/{folder.Replace('\\', '/')}/{stem}.{part}.liquid";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The built-in template {name} does not parse: {error}");
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions { MaxSteps = 100_000, MaxRecursion = 20 };
        options.TimeZone = TimeZoneInfo.Utc;
        return options;
    }
}
