namespace StatusHub.Tests.Alerts;

/// <summary>Payloads as the senders document them: Alertmanager's webhook (version 4), Grafana's webhook contact point, StatusHub's generic shape.</summary>
public static class AlertPayloadExamples
{
    public const string SmtpFingerprint = "c2b8d9a0f1e3a4b5";

    /// <summary>Alertmanager's documented webhook body (prometheus.io/docs/alerting/latest/configuration/#webhook_config), as it sends it for one alert.</summary>
    public static string Alertmanager(string status = "firing", string fingerprint = SmtpFingerprint, string service = "smtp") => $$"""
        {
          "version": "4",
          "groupKey": "{}:{alertname=\"SmtpQueueGrowing\"}",
          "truncatedAlerts": 0,
          "status": "{{status}}",
          "receiver": "statushub",
          "groupLabels": { "alertname": "SmtpQueueGrowing" },
          "commonLabels": { "alertname": "SmtpQueueGrowing", "service": "{{service}}", "severity": "critical" },
          "commonAnnotations": { "summary": "Outbound mail queue is growing" },
          "externalURL": "http://alertmanager.example.com:9093",
          "alerts": [
            {
              "status": "{{status}}",
              "labels": { "alertname": "SmtpQueueGrowing", "service": "{{service}}", "severity": "critical", "instance": "mx1:9100" },
              "annotations": { "summary": "Outbound mail queue is growing", "description": "More than 5000 messages queued on mx1 for 10 minutes." },
              "startsAt": "2026-01-05T02:00:00.000Z",
              "endsAt": "{{(status == "resolved" ? "2026-01-05T02:40:00.000Z" : "0001-01-01T00:00:00Z")}}",
              "generatorURL": "http://prometheus.example.com:9090/graph?g0.expr=postfix_queue_length+%3E+5000",
              "fingerprint": "{{fingerprint}}"
            }
          ]
        }
        """;

    /// <summary>Grafana's webhook contact point body (grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/).</summary>
    public const string Grafana = """
        {
          "receiver": "statushub",
          "status": "firing",
          "orgId": 1,
          "alerts": [
            {
              "status": "firing",
              "labels": { "alertname": "WebmailDown", "service": "webmail", "grafana_folder": "Mail" },
              "annotations": { "summary": "Webmail answers 502" },
              "startsAt": "2026-01-05T01:00:00Z",
              "endsAt": "0001-01-01T00:00:00Z",
              "generatorURL": "http://grafana.example.com/alerting/grafana/eb4e2d2a/view",
              "fingerprint": "57c6d9296de2ad39",
              "silenceURL": "http://grafana.example.com/alerting/silence/new",
              "dashboardURL": "",
              "panelURL": "",
              "values": { "B": 22, "C": 1 },
              "valueString": "[ var='B' labels={} value=22 ]"
            }
          ],
          "groupLabels": { "alertname": "WebmailDown" },
          "commonLabels": { "alertname": "WebmailDown", "service": "webmail", "grafana_folder": "Mail" },
          "commonAnnotations": { "summary": "Webmail answers 502" },
          "externalURL": "http://grafana.example.com/",
          "version": "1",
          "groupKey": "{}:{alertname=\"WebmailDown\"}",
          "truncatedAlerts": 0,
          "title": "[FIRING:1]  (WebmailDown Mail)",
          "state": "alerting",
          "message": "**Firing**\n\nValue: B=22"
        }
        """;

    public const string Generic = """
        { "status": "firing", "fingerprint": "api-latency", "title": "API slow", "summary": "p99 above 2 s", "labels": { "service": "api" } }
        """;
}
