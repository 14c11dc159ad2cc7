using StatusHub.Incidents;
using StatusHub.Maintenance;
using StatusHub.Subscribers.Telegram;

namespace StatusHub.Staff.Telegram;

public static class StaffTelegramExtensions
{
    /// <summary>The staff commands of the bot: one update handler (Order 100), its forms, dialogs and lists.</summary>
    public static IHostApplicationBuilder AddStaffTelegramCommands(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<StaffBot>();
        builder.Services.AddSingleton<StaffDialogs>();
        builder.Services.AddSingleton<StaffDialogFlow>();
        builder.Services.AddSingleton<StaffListCommands>();
        builder.Services.AddSingleton<StaffComponentStatuses>();
        builder.Services.AddSingleton<StaffChannelChoice>();
        builder.Services.AddSingleton<IncidentForm>();
        builder.Services.AddSingleton<IStaffForm>(services => services.GetRequiredService<IncidentForm>());
        builder.Services.AddSingleton<IStaffForm, DraftForm>();
        builder.Services.AddSingleton<IStaffForm>(services => new IncidentUpdateForm(services.GetRequiredService<IncidentService>(), services.GetRequiredService<StaffComponentStatuses>(), resolves: false));
        builder.Services.AddSingleton<IStaffForm>(services => new IncidentUpdateForm(services.GetRequiredService<IncidentService>(), services.GetRequiredService<StaffComponentStatuses>(), resolves: true));
        builder.Services.AddSingleton<IStaffForm, ComponentForm>();
        builder.Services.AddSingleton<IStaffForm, MaintenanceForm>();
        builder.Services.AddSingleton<IStaffForm>(services => new MaintenanceCloseForm(services.GetRequiredService<MaintenanceService>(), cancels: false));
        builder.Services.AddSingleton<IStaffForm>(services => new MaintenanceCloseForm(services.GetRequiredService<MaintenanceService>(), cancels: true));
        builder.Services.AddSingleton<ITelegramUpdateHandler, StaffTelegramCommands>();
        builder.Services.AddSingleton<DraftAnnouncer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DraftAnnouncer>());
        return builder;
    }
}
