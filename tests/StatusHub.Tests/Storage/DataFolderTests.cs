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

    private static FileStream OpenLockAsAnotherProcessWould(TempFolder folder) =>
        new(folder.File(DataFolderLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
}
