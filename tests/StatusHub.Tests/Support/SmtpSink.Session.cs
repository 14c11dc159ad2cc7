using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace StatusHub.Tests.Support;

public sealed partial class SmtpSink
{
    /// <summary>One SMTP conversation. Replies are buffered and flushed only when the client has nothing more queued (PIPELINING).</summary>
    private sealed class Session(SmtpSink sink, NetworkStream network)
    {
        private readonly BufferedStream _output = new(network, 16 * 1024);
        private readonly List<string> _recipients = [];
        private byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;
        private string? _from;
        private bool _authenticated;

        private bool NeedsAuth => sink._username is not null && !_authenticated;

        public async Task RunAsync(CancellationToken stopping)
        {
            await ReplyAsync("220 sink.test ESMTP ready", stopping);
            while (await ReadLineAsync(stopping) is { } line)
            {
                var command = Encoding.UTF8.GetString(line.Span).TrimEnd('\r', '\n');
                var verb = (command.Length >= 4 ? command[..4] : command).ToUpperInvariant();
                var argument = command.Length > 5 ? command[5..] : "";
                switch (verb)
                {
                    case "EHLO":
                        Reset();
                        await ReplyAsync(
                            sink._username is null
                                ? "250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 52428800"
                                : "250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-AUTH PLAIN LOGIN\r\n250 SIZE 52428800",
                            stopping);
                        break;
                    case "HELO":
                        Reset();
                        await ReplyAsync("250 sink.test", stopping);
                        break;
                    case "AUTH":
                        await AuthenticateAsync(argument, stopping);
                        break;
                    case "MAIL" when NeedsAuth:
                        await ReplyAsync("530 5.7.0 Authentication required", stopping);
                        break;
                    case "MAIL":
                        Reset();
                        var sender = Address(argument);
                        var senderRefused = await RefuseAsync(sender, stopping);
                        if (senderRefused == 421)
                        {
                            return;
                        }

                        if (senderRefused is null)
                        {
                            _from = sender;
                            await ReplyAsync("250 2.1.0 Sender OK", stopping);
                        }

                        break;
                    case "RCPT" when _from is null:
                        await ReplyAsync("503 5.5.1 MAIL first", stopping);
                        break;
                    case "RCPT":
                        var recipient = Address(argument);
                        var recipientRefused = await RefuseAsync(recipient, stopping, sink.EveryRecipientRefusal);
                        if (recipientRefused == 421)
                        {
                            return;
                        }

                        if (recipientRefused is null)
                        {
                            _recipients.Add(recipient);
                            await ReplyAsync("250 2.1.5 Recipient OK", stopping);
                        }

                        break;
                    case "DATA" when _recipients.Count == 0:
                        await ReplyAsync("503 5.5.1 RCPT first", stopping);
                        break;
                    case "DATA":
                        await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", stopping);
                        var message = await ReadDataAsync(stopping);
                        if (message is null)
                        {
                            return;
                        }

                        if (_recipients.Select(r => sink._refusedMessages.GetValueOrDefault(r)).FirstOrDefault(r => r is not null) is { } refusal)
                        {
                            Reset();
                            await ReplyAsync(refusal, stopping);
                            break;
                        }

                        sink._received.Enqueue(new ReceivedMail(_from!, [.. _recipients], message));
                        sink.DeliverTo?.Invoke(message);
                        Reset();
                        await ReplyAsync("250 2.0.0 Queued", stopping);
                        break;
                    case "RSET":
                        Reset();
                        await ReplyAsync("250 2.0.0 OK", stopping);
                        break;
                    case "NOOP":
                        await ReplyAsync("250 2.0.0 OK", stopping);
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 Bye", stopping);
                        await _output.FlushAsync(stopping);
                        return;
                    default:
                        await ReplyAsync("500 5.5.2 Command not recognised", stopping);
                        break;
                }
            }
        }

        /// <summary>Answers with <paramref name="everyone"/> or else the fault set for <paramref name="address"/>; returns its code, or null when there is none.</summary>
        private async Task<int?> RefuseAsync(string address, CancellationToken stopping, int? everyone = null)
        {
            if ((everyone ?? (sink._rejections.TryGetValue(address, out var set) ? set : null)) is not { } code)
            {
                return null;
            }

            await ReplyAsync(code switch
            {
                421 => "421 4.3.2 Service not available, closing channel",
                550 => "550 5.1.1 Mailbox unavailable",
                < 500 => $"{code} 4.3.0 Try again later",
                _ => $"{code} 5.7.1 Refused",
            }, stopping);
            if (code == 421)
            {
                await _output.FlushAsync(stopping);
            }

            return code;
        }

        private void Reset()
        {
            _from = null;
            _recipients.Clear();
        }

        private async Task AuthenticateAsync(string argument, CancellationToken stopping)
        {
            var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : "";
            string? username;
            string? password;
            if (mechanism == "PLAIN")
            {
                var initial = parts.Length > 1 ? parts[1] : await ChallengeAsync("", stopping);
                var fields = Decode(initial)?.Split('\0');
                (username, password) = fields is { Length: 3 } ? (fields[1], fields[2]) : (null, null);
            }
            else if (mechanism == "LOGIN")
            {
                username = Decode(parts.Length > 1 ? parts[1] : await ChallengeAsync("VXNlcm5hbWU6", stopping));
                password = Decode(await ChallengeAsync("UGFzc3dvcmQ6", stopping));
            }
            else
            {
                await ReplyAsync("504 5.5.4 Unrecognised authentication mechanism", stopping);
                return;
            }

            _authenticated = sink._username is not null && username == sink._username && password == sink._password;
            await ReplyAsync(_authenticated ? "235 2.7.0 Authentication succeeded" : "535 5.7.8 Authentication credentials invalid", stopping);
        }

        private async Task<string> ChallengeAsync(string challenge, CancellationToken stopping)
        {
            await ReplyAsync("334 " + challenge, stopping);
            var line = await ReadLineAsync(stopping) ?? throw new IOException("The client left during AUTH.");
            return Encoding.ASCII.GetString(line.Span).TrimEnd('\r', '\n');
        }

        private static string? Decode(string base64)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        /// <summary>"FROM:&lt;a@b&gt; SIZE=123" → "a@b".</summary>
        private static string Address(string argument)
        {
            var open = argument.IndexOf('<');
            var close = open < 0 ? -1 : argument.IndexOf('>', open);
            return open >= 0 && close > open ? argument[(open + 1)..close] : argument[(argument.IndexOf(':') + 1)..].Trim();
        }

        /// <summary>Reads the message up to the lone dot, undoing dot-stuffing, straight into bytes.</summary>
        private async Task<MimeMessage?> ReadDataAsync(CancellationToken stopping)
        {
            using var content = new MemoryStream();
            while (await ReadLineAsync(stopping) is { } line)
            {
                if (line.Span.SequenceEqual(EndOfData))
                {
                    content.Position = 0;
                    return await MimeMessage.LoadAsync(content, stopping);
                }

                content.Write(line.Span[0] == (byte)'.' ? line.Span[1..] : line.Span);
            }

            return null;
        }

        /// <summary>The next line including its CRLF, valid until the next read; null when the client has gone.</summary>
        private async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(CancellationToken stopping)
        {
            var scanned = _start;
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', scanned, _end - scanned);
                if (newline >= 0)
                {
                    var line = _buffer.AsMemory(_start, newline + 1 - _start);
                    _start = newline + 1;
                    return line;
                }

                scanned = _end - _start;
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                }

                if (_end == _buffer.Length)
                {
                    if (_buffer.Length >= MaxLine)
                    {
                        throw new IOException("Line too long.");
                    }

                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                // Nothing more queued from the client: it is waiting for our answers.
                await _output.FlushAsync(stopping);
                var read = await network.ReadAsync(_buffer.AsMemory(_end), stopping);
                if (read == 0)
                {
                    return null;
                }

                _end += read;
            }
        }

        private async Task ReplyAsync(string reply, CancellationToken stopping)
        {
            if (sink.Delay > TimeSpan.Zero)
            {
                await _output.FlushAsync(stopping);
                await Task.Delay(sink.Delay, stopping);
            }

            await _output.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"), stopping);
        }
    }
}
