using Microsoft.Extensions.DependencyInjection;
using StatusHub.Storage;

namespace StatusHub.Tests.Storage;

public class DataFolderTests
{
    [Fact]
    public void TheAppsServicesHoldTheDataFolderWhileTheDatabaseIsOpenAndReleaseItWhenDisposed()
    {
        using var folder = new TempFolder();
        using (var app = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = folder.Path }))
        {
            _ = app.Services.GetRequiredService<LiteStore>();

            Assert.Throws<IOException>(() => OpenLockAsAnotherProcessWould(folder));
        }

        // A command or a second app started after a test's (or a seeding benchmark's) container is gone gets the folder.
        using var next = OpenLockAsAnotherProcessWould(folder);
        Assert.True(next.CanWrite);
    }

    [Fact]
    public void ANewDataFolderAndItsKeysAreOpenToTheirOwnerAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var parent = new TempFolder();
        var data = parent.File("data");
        using (var app = AppServices.Build(new Dictionary<string, string?> { ["Storage:DataDirectory"] = data }))
        {
            _ = app.Services.GetRequiredService<LiteStore>();
        }

        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(data));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(data, "keys")));
    }

    private static FileStream OpenLockAsAnotherProcessWould(TempFolder folder) =>
        new(folder.File(DataFolderLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
}
