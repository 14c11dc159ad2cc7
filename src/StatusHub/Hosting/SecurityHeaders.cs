using Microsoft.AspNetCore.Server.Kestrel.Core;
using NetEscapades.AspNetCore.SecurityHeaders.Headers;
using NetEscapades.AspNetCore.SecurityHeaders.Headers.ContentSecurityPolicy;
using NetEscapades.AspNetCore.SecurityHeaders.Headers.PermissionsPolicy;
using NetEscapades.AspNetCore.SecurityHeaders.Infrastructure;

namespace StatusHub.Hosting;

/// <summary>
/// The security headers of every answer, set by one middleware at the top of the pipeline (<c>app.UseSecurityHeaders()</c>),
/// so cached public bytes on short-circuited routes, static files, staff pages, the API and error pages all carry them.
/// Only this site's own files may run or style a page: no inline script anywhere, no eval, no plugins.
/// Nothing here sends Cross-Origin-Resource-Policy or -Embedder-Policy: widget.js, the badges and the JSON are loaded
/// by other sites' pages.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The read-only public pages and files (<see cref="StatusPage.PublicResourceEndpoints.MapPublicGroup"/>): the same
    /// bytes for everyone, no form, no cookie, nothing a click in a frame could do on a reader's behalf, so they may
    /// be framed, e.g. in a help centre or an intranet dashboard.
    /// </summary>
    public const string PublicPolicy = "public";

    /// <summary>
    /// The staff pages. Their email previews are sandboxed <c>srcdoc</c> frames, which inherit the page's policy, and
    /// email HTML is styled with attributes: inline style attributes are allowed there, never inline script.
    /// </summary>
    public const string StaffPolicy = "staff";

    /// <summary>
    /// The public pages' Content-Security-Policy, as the static export writes it into a <c>meta</c> element. A meta
    /// policy cannot carry frame-ancestors (browsers ignore it there), which the public pages do not send anyway.
    /// </summary>
    public static string PublicContentSecurityPolicy { get; } = ValueOf(ContentSecurityPolicyHeader.Build(OwnFilesOnly, asReportOnly: false));

    /// <summary>
    /// <see cref="PublicContentSecurityPolicy"/> for a static copy, whose Contact us form posts to the live StatusHub at
    /// <paramref name="publicUrl"/>: that origin is the one other place its forms may go.
    /// </summary>
    public static string ExportContentSecurityPolicy(string? publicUrl) =>
        Uri.TryCreate(publicUrl, UriKind.Absolute, out var live) && live.Scheme is "http" or "https"
            ? PublicContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {live.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal)
            : PublicContentSecurityPolicy;

    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        // "Server: Kestrel" tells a scanner what to try and a reader nothing, on every answer.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddSecurityHeaderPolicies()
            // Everything not named below: subscribe, preferences and unsubscribe, the API, static files. A "leave"
            // button must not be clickable through someone else's invisible frame.
            .SetDefaultPolicy(policy => Common(policy, csp =>
            {
                OwnFilesOnly(csp);
                csp.AddFrameAncestors().None();
            }).AddFrameOptionsDeny())
            .AddPolicy(PublicPolicy, policy => Common(policy, OwnFilesOnly))
            .AddPolicy(StaffPolicy, policy => Common(policy, csp =>
            {
                OwnFilesOnly(csp);
                csp.AddStyleSrcAttr().UnsafeInline();
                csp.AddFrameAncestors().None();
            }).AddFrameOptionsDeny());
        return builder;
    }

    private static HeaderPolicyCollection Common(HeaderPolicyCollection policy, Action<CspBuilder> csp) =>
        policy
            .AddContentSecurityPolicy(csp)
            .AddContentTypeOptionsNoSniff()
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddPermissionsPolicy(NoDeviceFeatures)
            .AddCrossOriginOpenerPolicy(opener => opener.SameOrigin())
            // Only on https (directly, or as a trusted proxy said through X-Forwarded-Proto), and never for localhost,
            // where it would pin every other local app to https too.
            .AddStrictTransportSecurityMaxAge();

    private static void OwnFilesOnly(CspBuilder csp)
    {
        csp.AddDefaultSrc().Self();
        csp.AddScriptSrc().Self();
        csp.AddStyleSrc().Self();
        csp.AddImgSrc().Self();
        // The public page's live.json poll and the staff pages' Blazor WebSocket ('self' covers ws: and wss: to this host).
        csp.AddConnectSrc().Self();
        csp.AddObjectSrc().None();
        csp.AddBaseUri().Self();
        csp.AddFormAction().Self();
    }

    /// <summary>
    /// Nothing StatusHub shows needs a device or a payment, so nothing embedded in it may ask. The package's own secure
    /// list also names web-share, which Chromium on Linux does not know and reports as an error on every page.
    /// </summary>
    private static void NoDeviceFeatures(PermissionsPolicyBuilder features)
    {
        features.AddAccelerometer().None();
        features.AddAutoplay().None();
        features.AddCamera().None();
        features.AddDisplayCapture().None();
        features.AddEncryptedMedia().None();
        features.AddFullscreen().None();
        features.AddGeolocation().None();
        features.AddGyroscope().None();
        features.AddHid().None();
        features.AddIdleDetection().None();
        features.AddMagnetometer().None();
        features.AddMicrophone().None();
        features.AddMidi().None();
        features.AddPayment().None();
        features.AddPictureInPicture().None();
        features.AddPublickeyCredentialsGet().None();
        features.AddScreenWakeLock().None();
        features.AddSerialPermissions().None();
        features.AddSyncXHR().None();
        features.AddUsb().None();
        features.AddXrSpatialTracking().None();
    }

    private static string ValueOf(IHeaderPolicy header)
    {
        var result = new CustomHeadersResult();
        header.Apply(new DefaultHttpContext(), result);
        return result.SetHeaders[header.Header];
    }
}
