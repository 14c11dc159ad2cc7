using StatusHub.Incidents;
using StatusHub.StatusComponents;
using StatusHub.StatusPage;

namespace StatusHub.Tests.StatusPage;

public class OverallStatusTests
{
    public static TheoryData<ComponentStatus[], IncidentImpact[], bool, StatusIndicator, string> Cases => new()
    {
        { [], [], false, StatusIndicator.None, "All Systems Operational" },
        { [ComponentStatus.Operational, ComponentStatus.Operational], [], false, StatusIndicator.None, "All Systems Operational" },
        { [ComponentStatus.Operational, ComponentStatus.DegradedPerformance], [], false, StatusIndicator.Minor, "Minor Service Outage" },
        { [ComponentStatus.PartialOutage, ComponentStatus.DegradedPerformance], [], false, StatusIndicator.Major, "Partial System Outage" },
        { [ComponentStatus.MajorOutage, ComponentStatus.PartialOutage], [], false, StatusIndicator.Critical, "Major Service Outage" },
        { [ComponentStatus.UnderMaintenance, ComponentStatus.Operational], [], false, StatusIndicator.Maintenance, "Service Under Maintenance" },
        // An outage elsewhere outranks maintenance.
        { [ComponentStatus.UnderMaintenance, ComponentStatus.DegradedPerformance], [], false, StatusIndicator.Minor, "Minor Service Outage" },
        // Unresolved incidents count even while every component still looks fine.
        { [ComponentStatus.Operational], [IncidentImpact.Minor], false, StatusIndicator.Minor, "Minor Service Outage" },
        { [ComponentStatus.Operational], [IncidentImpact.Major], false, StatusIndicator.Major, "Partial System Outage" },
        { [ComponentStatus.Operational], [IncidentImpact.Critical, IncidentImpact.Minor], false, StatusIndicator.Critical, "Major Service Outage" },
        { [ComponentStatus.Operational], [IncidentImpact.None], false, StatusIndicator.None, "All Systems Operational" },
        // The worse of the two sources wins, in both directions.
        { [ComponentStatus.MajorOutage], [IncidentImpact.Minor], false, StatusIndicator.Critical, "Major Service Outage" },
        { [ComponentStatus.DegradedPerformance], [IncidentImpact.Critical], false, StatusIndicator.Critical, "Major Service Outage" },
        // Maintenance running on no listed component still tells readers.
        { [ComponentStatus.Operational], [], true, StatusIndicator.Maintenance, "Service Under Maintenance" },
        { [ComponentStatus.Operational], [IncidentImpact.Major], true, StatusIndicator.Major, "Partial System Outage" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ComputesIndicatorAndSentenceLikeStatuspage(ComponentStatus[] components, IncidentImpact[] incidents, bool maintenance, StatusIndicator indicator, string description)
    {
        var overall = OverallStatus.Compute(components, incidents, maintenance);

        Assert.Equal(indicator, overall.Indicator);
        Assert.Equal(description, overall.Description);
    }
}
