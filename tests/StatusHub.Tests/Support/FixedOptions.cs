using Microsoft.Extensions.Options;

namespace StatusHub.Tests.Support;

/// <summary>Options that never change, for services built by hand.</summary>
public sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
