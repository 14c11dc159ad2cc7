namespace StatusHub.Feeds;

/// <summary>widget.js, compiled into the assembly: the same bytes for the life of the process.</summary>
internal static class WidgetScript
{
    public static byte[] Bytes { get; } = Read();

    private static byte[] Read()
    {
        using var stream = typeof(WidgetScript).Assembly.GetManifestResourceStream("Feeds/widget.js")
            ?? throw new InvalidOperationException("widget.js is missing from the assembly's resources.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
