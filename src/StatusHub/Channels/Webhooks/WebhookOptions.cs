namespace StatusHub.Channels.Webhooks;

/// <summary>The <c>Webhooks</c> section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>HMAC-SHA256 key for the signature header (environment: <c>Webhooks__Secret</c>).</summary>
    public string? Secret { get; set; }

    public int PerSecond { get; set; } = 20;

    public string? Problem() => string.IsNullOrWhiteSpace(Secret) ? "missing Webhooks:Secret (the shared HMAC key receivers verify)" : null;
}
