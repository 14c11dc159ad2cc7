namespace StatusHub.StatusPage;

/// <summary>
/// A public file made from the snapshot alone (v2 JSON, a feed, a badge, the widget). The live app serves it
/// through <see cref="PublicPageRenderer"/>'s cache; the static export writes the same bytes to <see cref="Path"/>.
/// </summary>
public sealed record PublicResource(string Path, string ContentType, Func<StatusSnapshot, byte[]> Render);

/// <summary>A public file for each component and each group; <see cref="Template"/> holds "{id}".</summary>
public sealed record PerComponentResource(string Template, string ContentType, Func<StatusSnapshot, ComponentScope, byte[]> Render)
{
    public PublicResource For(ComponentScope scope) =>
        new(Template.Replace("{id}", scope.Id, StringComparison.Ordinal), ContentType, snapshot => Render(snapshot, scope));
}

/// <summary>The public files one feature adds; the feature maps them with <see cref="PublicResourceEndpoints.MapPublicResources"/>.</summary>
public interface IPublicResourceSource
{
    IReadOnlyList<PublicResource> Resources { get; }

    IReadOnlyList<PerComponentResource> PerComponent { get; }
}

/// <summary>Every public file of every feature for one snapshot, the per-component ones spelled out for each component and group.</summary>
public sealed class PublicResources(IEnumerable<IPublicResourceSource> sources)
{
    public IEnumerable<PublicResource> For(StatusSnapshot snapshot)
    {
        foreach (var source in sources)
        {
            foreach (var resource in source.Resources)
            {
                yield return resource;
            }

            foreach (var scope in ComponentScope.All(snapshot))
            {
                foreach (var family in source.PerComponent)
                {
                    yield return family.For(scope);
                }
            }
        }
    }
}
