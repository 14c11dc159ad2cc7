namespace StatusHub.Tests.Channels.Email;

/// <summary>A test class's own app and the SMTP server its email channel is pointed at (with <see cref="EmailApp.WithEmail"/>), both gone after each test.</summary>
public abstract class EmailAppTest : IAsyncDisposable
{
    protected SmtpSink Sink { get; } = new();

    protected StatusHubApp App { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Sink.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
