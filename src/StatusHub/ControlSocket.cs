using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using StatusHub.Storage;

namespace StatusHub;

/// <summary>
/// How an operator command reaches the running app: <c>apikey create</c> or <c>admin create</c> typed beside a running
/// server must not open the database a second time (<see cref="DataFolderLock"/>), so the command is handed to the app
/// over a Unix socket in the data folder and run there, with the app's own services, as if typed in its process.
/// Only the folder's owner can connect: the socket is made readable and writable by its owner alone.
/// </summary>
public sealed class ControlSocket(DataFolder folder, IServiceProvider services, ILogger<ControlSocket> logger) : BackgroundService
{
    public const string FileName = "control.sock";

    /// <summary>A request carries arguments and piped input, a few KB at most; anything near this is not ours.</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    /// <summary>Linux's limit on a socket's path (sun_path holds 108 bytes with the terminating zero).</summary>
    private const int MaxPathBytes = 107;

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = PathIn(folder.Path);
        if (OperatingSystem.IsWindows())
        {
            logger.LogInformation("Operator commands cannot reach this app while it runs on Windows: stop the app to run one.");
            return;
        }

        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            logger.LogWarning(
                "Operator commands cannot reach this app while it runs: the socket path {Path} is longer than {Max} bytes. Stop the app to run a command, or use a shorter Storage:DataDirectory.",
                path, MaxPathBytes);
            return;
        }

        // This process holds the data folder's lock (the store is open), so a socket file left there is a dead one's.
        services.GetRequiredService<LiteStore>();
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            File.Delete(path);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(8);
        }
        catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Operator commands cannot reach this app while it runs: {Path} could not be opened ({Error}). Stop the app to run a command.", path, ex.Message);
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var connection = await listener.AcceptAsync(stoppingToken);
                _ = ServeAsync(connection, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken stoppingToken)
    {
        using var _ = connection;
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        try
        {
            var request = JsonSerializer.Deserialize<ControlRequest>(await ReadMessageAsync(stream, stoppingToken))
                ?? throw new JsonException("An empty request.");
            var output = new StringWriter();
            var error = new StringWriter();
            int exit;
            await _oneAtATime.WaitAsync(stoppingToken);
            try
            {
                var terminal = new Terminal(new StringReader(request.Input ?? ""), output, error, IsInteractive: false, request.User, request.WorkingDirectory);
                exit = await CommandLine.ExecuteAsync(services, request.Args ?? [], terminal);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The operator sees that it failed, and why, instead of a closed socket; the app keeps running.
                logger.LogError(ex, "The operator command '{Command}' failed", string.Join(' ', request.Args ?? []));
                error.WriteLine($"The command failed in the running app: {ex.Message}");
                exit = 1;
            }
            finally
            {
                _oneAtATime.Release();
            }

            await WriteMessageAsync(stream, new ControlAnswer(exit, output.ToString(), error.ToString()), stoppingToken);
        }
        catch (Exception ex) when (ex is JsonException or IOException or InvalidDataException)
        {
            logger.LogWarning("An operator command over {Socket} was not understood: {Error}", FileName, ex.Message);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Hands <paramref name="args"/> to the app running on <paramref name="dataDirectory"/>; its exit code, or 1 when it cannot be reached.</summary>
    public static async Task<int> ForwardAsync(string dataDirectory, string[] args, string? input, Terminal terminal)
    {
        var path = PathIn(dataDirectory);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await WriteMessageAsync(stream, new ControlRequest(args, input, Environment.UserName, Environment.CurrentDirectory), CancellationToken.None);
            var answer = JsonSerializer.Deserialize<ControlAnswer>(await ReadMessageAsync(stream, CancellationToken.None))
                ?? throw new InvalidDataException("The app gave an empty answer.");
            terminal.Out.Write(answer.Output);
            terminal.Error.Write(answer.Error);
            return answer.Exit;
        }
        catch (Exception ex) when (ex is SocketException or IOException or JsonException or InvalidDataException)
        {
            terminal.Error.WriteLine(
                $"The data folder {dataDirectory} is in use by another StatusHub process, which did not take the command ({ex.Message}). " +
                "If an operator command is running there, try again when it is done; otherwise stop the app and run the command again.");
            return 1;
        }
    }

    /// <summary>A message is its UTF-8 JSON after a 4-byte length.</summary>
    private static async Task WriteMessageAsync<T>(Stream stream, T message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message);
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
        await stream.WriteAsync(length, cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }

    private static async Task<byte[]> ReadMessageAsync(Stream stream, CancellationToken cancellationToken)
    {
        var length = new byte[4];
        await stream.ReadExactlyAsync(length, cancellationToken);
        var size = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(length);
        if (size is < 0 or > MaxMessageBytes)
        {
            throw new InvalidDataException($"A message of {size} bytes; at most {MaxMessageBytes} are taken.");
        }

        var body = new byte[size];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return body;
    }

    private sealed record ControlRequest(string[]? Args, string? Input, string? User, string? WorkingDirectory);

    private sealed record ControlAnswer(int Exit, string Output, string Error);
}
