namespace StatusHub.Components.Forms;

/// <summary>One of the page's components as a picker lists it: what a form sends back and what staff read.</summary>
public sealed record ComponentChoice(string Id, string Name);
