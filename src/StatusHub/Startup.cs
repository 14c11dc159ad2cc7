using StatusHub.StatusPage;
using StatusHub.Storage;

namespace StatusHub;

public static class Startup
{
    /// <summary>Opens (and migrates) the store before serving anything; a failed migration stops the app with the reason.</summary>
    public static bool OpenStore(WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<StatusSnapshotService>();
            return true;
        }
        catch (Exception ex) when (ex is MigrationFailedException or DataFolderInUseException)
        {
            app.Logger.LogCritical("StatusHub cannot start: {Reason}", ex.Message);
            return false;
        }
        catch (UnauthorizedAccessException ex)
        {
            app.Logger.LogCritical("StatusHub cannot start: {Reason} Run it as the user that owns the data folder.", ex.Message);
            return false;
        }
    }
}
