using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.DataForms;

/// <summary>
/// A data form (XEP-0004): a type (<c>form</c>, <c>submit</c>, <c>result</c>, <c>cancel</c>) and fields by
/// <c>var</c> with their values. Used for MUC room configuration (XEP-0045 §10.2). Not thread-safe.
/// </summary>
public sealed class DataForm
{
    private readonly List<Field> _fields = [];

    public DataForm(string type = "submit")
    {
        Type = type;
    }

    public string Type { get; set; }

    public IReadOnlyList<Field> Fields => _fields;

    /// <summary>A field of a form, with its type and values.</summary>
    public sealed record Field(string Var, string? Type, List<string> Values);

    public Field? this[string var] => _fields.Find(f => f.Var == var);

    public string? Value(string var) => this[var]?.Values.FirstOrDefault();

    /// <summary>Sets a field's values, adding the field if the form lacks it.</summary>
    public DataForm Set(string var, params string[] values)
    {
        var field = this[var];
        if (field is null)
        {
            _fields.Add(new Field(var, null, [.. values]));
        }
        else
        {
            field.Values.Clear();
            field.Values.AddRange(values);
        }
        return this;
    }

    public static DataForm? FromParent(XElement parent) =>
        parent.Element(Namespaces.DataForms + "x") is { } x ? FromElement(x) : null;

    public static DataForm FromElement(XElement x)
    {
        var form = new DataForm((string?)x.Attribute("type") ?? "form");
        foreach (var field in x.Elements(Namespaces.DataForms + "field"))
        {
            if ((string?)field.Attribute("var") is not { } var)
            {
                continue;
            }
            form._fields.Add(new Field(var, (string?)field.Attribute("type"), [.. field.Elements(Namespaces.DataForms + "value").Select(v => v.Value)]));
        }
        return form;
    }

    /// <summary>This form as a <c>submit</c> (XEP-0004 §3.2: fixed fields are not sent back).</summary>
    public DataForm ToSubmit()
    {
        var submit = new DataForm("submit");
        foreach (var field in _fields.Where(f => f.Type != "fixed"))
        {
            submit._fields.Add(field with { Type = null, Values = [.. field.Values] });
        }
        return submit;
    }

    public XElement ToElement()
    {
        var x = new XElement(Namespaces.DataForms + "x", new XAttribute("type", Type));
        foreach (var field in _fields)
        {
            x.Add(new XElement(Namespaces.DataForms + "field", new XAttribute("var", field.Var),
                field.Type is null ? null : new XAttribute("type", field.Type),
                field.Values.Select(v => new XElement(Namespaces.DataForms + "value", v))));
        }
        return x;
    }
}
