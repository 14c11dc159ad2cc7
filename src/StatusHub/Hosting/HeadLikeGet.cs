namespace StatusHub.Hosting;

/// <summary>
/// HEAD answered wherever GET is (RFC 9110 §9.3.2: the same headers, no body; Kestrel drops what the endpoint writes).
/// ASP.NET Core's <c>MapGet</c> matches GET alone, so an uptime monitor's HEAD of <c>/healthz</c> or a mail scanner's
/// HEAD of a link got 404. One convention on the group every feature maps into, instead of a HEAD beside each GET.
/// </summary>
public static class HeadLikeGet
{
    public static TBuilder AnswerHeadLikeGet<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault() is { HttpMethods: ["GET"] } get)
            {
                endpoint.Metadata.Add(new HttpMethodMetadata(["GET", "HEAD"], get.AcceptCorsPreflight));
            }
        });
        return builder;
    }
}
