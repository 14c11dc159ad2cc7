using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace StatusHub.Tests.Support;

/// <summary>
/// A real IMAP server: Debian's dovecot (package dovecot-imapd, installed by .ci/run) started as an unprivileged process
/// with its whole configuration, state and maildir in a temp folder, listening on its own port on 127.0.0.1, one user
/// from a password file. Nothing of the system's dovecot configuration is read or touched. Stopped on dispose.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DovecotImap : IDisposable
{
    public const string User = "probe@example.com";
    public const string Password = "probe-secret";
    private const string Binary = "/usr/sbin/dovecot";
    private readonly TempFolder _folder = new();
    private readonly Process _process;

    public DovecotImap()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install it with 'apt-get install -y dovecot-imapd' (.ci/run does).");
        }

        // As root, run as nobody (dovecot refuses mail access as uid 0); otherwise as whoever runs the tests.
        var root = Environment.UserName == "root";
        var user = root ? "nobody" : Environment.UserName;
        var group = root ? "nogroup" : user;
        Port = FreePort();
        Maildir = _folder.File("mail");
        foreach (var sub in new[] { "new", "cur", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(Maildir, sub));
        }

        File.WriteAllText(_folder.File("users"), $"{User}:{{PLAIN}}{Password}\n");
        var config = _folder.File("dovecot.conf");
        File.WriteAllText(config, $$"""
            base_dir = {{_folder.File("run")}}
            state_dir = {{_folder.File("state")}}
            log_path = {{_folder.File("dovecot.log")}}
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_login_user = {{user}}
            default_internal_user = {{user}}
            default_internal_group = {{group}}
            first_valid_uid = 1
            mail_location = maildir:{{Maildir}}
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{_folder.File("users")}}
            }
            userdb {
              driver = static
              args = uid={{user}} gid={{group}} home={{Maildir}}
            }
            """);
        if (root)
        {
            Chmod(_folder.Path);
        }

        var start = new ProcessStartInfo(root ? "/usr/bin/setpriv" : Binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        if (root)
        {
            foreach (var arg in new[] { "--reuid=nobody", "--regid=nogroup", "--clear-groups", Binary })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in new[] { "-F", "-c", config })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dovecot did not start.");
        WaitUntilListening();
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The probe user's maildir.</summary>
    public string Maildir { get; }

    /// <summary>Puts a message into the mailbox as a local delivery agent would: written in tmp/, moved into new/.</summary>
    public void Deliver(MimeMessage message)
    {
        var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Guid.NewGuid():n}.statushub-tests";
        var temporary = Path.Combine(Maildir, "tmp", name);
        using (var file = File.Create(temporary))
        {
            message.WriteTo(file);
        }

        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite);
        File.Move(temporary, Path.Combine(Maildir, "new", name));
    }

    /// <summary>Messages in the mailbox, seen or not.</summary>
    public int MessageCount => Directory.GetFiles(Path.Combine(Maildir, "new")).Length + Directory.GetFiles(Path.Combine(Maildir, "cur")).Length;

    public string Log => File.Exists(_folder.File("dovecot.log")) ? File.ReadAllText(_folder.File("dovecot.log")) : "";

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _folder.Dispose();
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"dovecot did not listen on {Port}: {Log} {(_process.HasExited ? _process.StandardError.ReadToEnd() : "")}");
            }
        }
    }

    private static void Chmod(string folder)
    {
        var all = (UnixFileMode)0b111_111_111;
        File.SetUnixFileMode(folder, all);
        foreach (var directory in Directory.GetDirectories(folder, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(directory, all);
        }

        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, (UnixFileMode)0b110_110_110);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
