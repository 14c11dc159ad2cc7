using System.Xml;

namespace StatusHub.Text;

/// <summary>
/// The XmlWriter every feed and badge writes through: text, attribute values, CDATA and comments pass
/// <see cref="TextPolicy.Body"/> first, so a character XML cannot carry (kept before the policy, or in a configured
/// page name) is dropped instead of failing the whole document. Checking characters stays on underneath as a last guard.
/// </summary>
public sealed class CleanXmlWriter : XmlWriter
{
    private readonly XmlWriter _inner;

    private CleanXmlWriter(XmlWriter inner) => _inner = inner;

    public static XmlWriter Open(Stream output, XmlWriterSettings settings) => new CleanXmlWriter(XmlWriter.Create(output, settings));

    public override WriteState WriteState => _inner.WriteState;

    public override XmlWriterSettings? Settings => _inner.Settings;

    public override XmlSpace XmlSpace => _inner.XmlSpace;

    public override string? XmlLang => _inner.XmlLang;

    public override void WriteString(string? text) => _inner.WriteString(Clean(text));

    public override void WriteChars(char[] buffer, int index, int count) => WriteString(new string(buffer, index, count));

    public override void WriteCData(string? text) => _inner.WriteCData(Clean(text));

    public override void WriteComment(string? text) => _inner.WriteComment(Clean(text));

    public override void WriteRaw(string data) => _inner.WriteRaw(TextPolicy.Body.Clean(data));

    public override void WriteRaw(char[] buffer, int index, int count) => WriteRaw(new string(buffer, index, count));

    public override void WriteCharEntity(char ch)
    {
        if (TextPolicy.Body.Clean(ch.ToString()).Length > 0)
        {
            _inner.WriteCharEntity(ch);
        }
    }

    public override void WriteWhitespace(string? ws) => _inner.WriteWhitespace(ws);

    public override void WriteSurrogateCharEntity(char lowChar, char highChar) => _inner.WriteString(Clean(new string([highChar, lowChar])));

    public override void WriteStartDocument() => _inner.WriteStartDocument();

    public override void WriteStartDocument(bool standalone) => _inner.WriteStartDocument(standalone);

    public override void WriteEndDocument() => _inner.WriteEndDocument();

    public override void WriteDocType(string name, string? pubid, string? sysid, string? subset) => _inner.WriteDocType(name, pubid, sysid, subset);

    public override void WriteStartElement(string? prefix, string localName, string? ns) => _inner.WriteStartElement(prefix, localName, ns);

    public override void WriteEndElement() => _inner.WriteEndElement();

    public override void WriteFullEndElement() => _inner.WriteFullEndElement();

    public override void WriteStartAttribute(string? prefix, string localName, string? ns) => _inner.WriteStartAttribute(prefix, localName, ns);

    public override void WriteEndAttribute() => _inner.WriteEndAttribute();

    public override void WriteProcessingInstruction(string name, string? text) => _inner.WriteProcessingInstruction(name, Clean(text));

    public override void WriteEntityRef(string name) => _inner.WriteEntityRef(name);

    public override void WriteBase64(byte[] buffer, int index, int count) => _inner.WriteBase64(buffer, index, count);

    public override void Flush() => _inner.Flush();

    public override string? LookupPrefix(string ns) => _inner.LookupPrefix(ns);

    public override void Close() => _inner.Close();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static string? Clean(string? text) => text is null ? null : TextPolicy.Body.Clean(text);
}
