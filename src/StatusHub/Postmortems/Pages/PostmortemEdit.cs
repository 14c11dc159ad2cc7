namespace StatusHub.Postmortems.Pages;

/// <summary>
/// The post-mortem as typed in the editor, not saved yet. Its text fields are one table: the id of each input
/// (its label points at it) is also the name postmortem-editor.js keeps its text under in localStorage.
/// </summary>
public sealed class PostmortemEdit
{
    public const string TitleId = "pm-title";
    public const string ShortStoryId = "pm-short-story";
    public const string CustomerImpactId = "pm-customer-impact";
    public const string BodyId = "pm-body";
    public const string DataLossId = "pm-data-loss";

    private const string QuestionPrefix = "pm-faq-q-";

    public static string QuestionId(int index) => $"{QuestionPrefix}{index}";

    public static string AnswerId(int index) => $"pm-faq-a-{index}";

    private static readonly (string Id, Func<PostmortemEdit, string> Get, Action<PostmortemEdit, string> Set)[] Texts =
    [
        (TitleId, e => e.Title, (e, text) => e.Title = text),
        (ShortStoryId, e => e.ShortStory ?? "", (e, text) => e.ShortStory = text),
        (CustomerImpactId, e => e.CustomerImpact, (e, text) => e.CustomerImpact = text),
        (BodyId, e => e.Body ?? "", (e, text) => e.Body = text),
        (DataLossId, e => e.DataLoss ?? "", (e, text) => e.DataLoss = text),
    ];

    public string Title { get; set; } = "";
    public string? ShortStory { get; set; }
    public string CustomerImpact { get; set; } = "";
    public string? Body { get; set; }
    public string? DataLoss { get; set; }
    public List<FaqRow> Faq { get; private set; } = [];
    public List<TimelineEvent> Events { get; private set; } = [];
    public List<ActionItem> Items { get; private set; } = [];

    public void Load(Postmortem postmortem)
    {
        (Title, ShortStory, CustomerImpact, Body, DataLoss) = (postmortem.Title, postmortem.ShortStory, postmortem.CustomerImpact, postmortem.Body, postmortem.DataLoss);
        Faq = postmortem.Faq.Select(f => new FaqRow { Question = f.Question, Answer = f.Answer }).ToList();
        Events = [.. postmortem.Events];
        Items = [.. postmortem.ActionItems];
    }

    public PostmortemDraft Draft() => new(
        Title, ShortStory ?? "", Body ?? "", CustomerImpact, DataLoss ?? "",
        Faq.Select(f => new FaqEntry(f.Question, f.Answer)).ToList(), [.. Events], [.. Items]);

    /// <summary>The text fields by input id, as the browser's copy names them.</summary>
    public Dictionary<string, string> Fields()
    {
        var fields = Texts.ToDictionary(t => t.Id, t => t.Get(this), StringComparer.Ordinal);
        for (var i = 0; i < Faq.Count; i++)
        {
            fields[QuestionId(i)] = Faq[i].Question;
            fields[AnswerId(i)] = Faq[i].Answer;
        }

        return fields;
    }

    /// <summary>Takes the text a browser kept; a field it did not keep stays as it is.</summary>
    public void Restore(IReadOnlyDictionary<string, string> fields)
    {
        foreach (var (id, get, set) in Texts)
        {
            set(this, fields.GetValueOrDefault(id, get(this)));
        }

        var questions = fields.Keys.Count(k => k.StartsWith(QuestionPrefix, StringComparison.Ordinal));
        if (questions > 0)
        {
            Faq = Enumerable.Range(0, Math.Min(questions, Postmortem.MaxFaq))
                .Select(i => new FaqRow { Question = fields.GetValueOrDefault(QuestionId(i), ""), Answer = fields.GetValueOrDefault(AnswerId(i), "") })
                .ToList();
        }
    }

    /// <summary>A question and answer as typed; a class so the inputs can bind to it.</summary>
    public sealed class FaqRow
    {
        public string Question { get; set; } = "";
        public string Answer { get; set; } = "";
    }
}
