"""`{% filterkeuze field %}`: a list filter's select, rendered in Python.

A filter bar draws every option of every select on every list request (40 onderwerpen, the units, the years). Done
in template language, or through crispy, that was the largest part of a list page (issue "fast lists"); this draws
the same markup in one pass.
"""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def filterkeuze(field, css: str = "form-select form-select-sm"):
    gekozen = "" if field.value() is None else str(field.value())
    opties = format_html_join("", '<option value="{}"{}>{}</option>', (
        (waarde, " selected" if str(waarde) == gekozen else "", label)
        for waarde, label in ((str(v), lbl) for v, lbl in field.field.choices)
    ))
    return format_html('<select name="{}" id="{}" class="{}">{}</select>', field.html_name, field.id_for_label, css,
                       opties)
